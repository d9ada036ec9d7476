/**
 * Cleaning and masking of free text before it is stored or shown, in one place.
 *
 * normaliseFreeText: NFKC (full-width letters and digits become ASCII; the
 * fractions ¼ ½ ¾ … stay), digits of any script become 0–9, format characters
 * (zero-width, soft hyphen, bidi overrides and isolates, BOM) and other
 * invisible characters are removed, and so are control characters (NUL, ESC,
 * DEL, C1); line breaks and tabs become spaces unless the caller keeps them.
 *
 * maskPersonalData normalises, then replaces what must not be stored in a
 * follow-up tool with a bracketed word and says which kinds it replaced:
 * personnummer and samordningsnummer, registration numbers (also written with
 * Cyrillic or Greek look-alike letters), phone numbers, e-mail addresses and,
 * given the list, names of people in the organisation.
 *
 * What stays true, for every input: the result is normalised, and no run of
 * 10 or 12 digits shaped like a personnummer (six or eight digits, at most one
 * separator, four digits) is left in it, whether or not it is a real date and
 * whatever letters it is glued to. Durations, counts, dates (2026-11-20),
 * clock times, time ranges (0800-1600) and activity codes are left alone.
 */

export type MaskedKind = "personnummer" | "regnummer" | "telefonnummer" | "epost" | "namn";

/** The word that replaces each kind in the text. */
const TOKEN: Record<MaskedKind, string> = {
  personnummer: "[personnummer]",
  regnummer: "[regnummer]",
  telefonnummer: "[telefonnummer]",
  epost: "[e-post]",
  namn: "[namn]",
};

/** When two findings overlap, the first kind here names the whole span. */
const PRIORITY: MaskedKind[] = ["epost", "personnummer", "telefonnummer", "regnummer", "namn"];

// ───────────────────────── normalisation ─────────────────────────

export interface NormaliseOptions {
  /** keep line breaks (as "\n"); otherwise each becomes a space. Default false. */
  lineBreaks?: boolean;
  /** keep tabs; otherwise each becomes a space. Default false. */
  tabs?: boolean;
}

/** Vulgar fractions: NFKC would turn "½" into "1⁄2", which reads worse and parses as a number. */
const FRACTION = "\\u00BC-\\u00BE\\u2150-\\u215F\\u2189";
const NOT_A_FRACTION = new RegExp(`[^${FRACTION}]+`, "gu");

/**
 * Format and other default-ignorable characters, control characters and lone
 * surrogates — except line breaks and tabs (handled apart), a zero-width
 * joiner inside an emoji sequence (👮‍♀️) and a variation selector after
 * something that is not a letter or a digit (❤️).
 */
const INVISIBLE = new RegExp(
  [
    "(?<!\\p{Extended_Pictographic}[\\u{1F3FB}-\\u{1F3FF}\\uFE0F]?)\\u200D",
    "\\u200D(?!\\p{Extended_Pictographic})",
    "(?<=[\\p{L}\\p{N}\\p{M}])[\\uFE00-\\uFE0F\\u{E0100}-\\u{E01EF}]+",
    "(?![\\u200D\\uFE00-\\uFE0F\\u{E0100}-\\u{E01EF}\\n\\t])[\\p{Cf}\\p{Default_Ignorable_Code_Point}\\p{Cc}\\p{Cs}]",
  ].join("|"),
  "gu",
);

/** A combining mark on a digit ("8́") would break a digit run apart. */
const MARK_ON_DIGIT = /(?<=[0-9])\p{M}+/gu;

/** Decimal digits other than 0–9. Unicode keeps each script's digits as a run of ten, 0 to 9. */
const OTHER_DIGIT = /(?![0-9])\p{Nd}/gu;

function asciiDigit(digit: string): string {
  const isDigit = (cp: number) => /\p{Nd}/u.test(String.fromCodePoint(cp));
  const codePoint = digit.codePointAt(0) as number;
  let before = 0;
  while (before < 60 && isDigit(codePoint - before - 1)) before++;
  return String(before % 10);
}

/** See the file comment. Idempotent; never throws (a non-string gives ""). */
export function normaliseFreeText(text: string, options: NormaliseOptions = {}): string {
  if (typeof text !== "string") return "";
  let s = text.replace(/\r\n?|[\u0085\u2028\u2029]/g, "\n").replace(/[\v\f]/g, " ");
  s = s.replace(NOT_A_FRACTION, (part) => part.normalize("NFKC"));
  s = s.replace(INVISIBLE, "");
  // removing an invisible character can bring a letter and its mark together again
  s = s.replace(NOT_A_FRACTION, (part) => part.normalize("NFKC"));
  s = s.replace(OTHER_DIGIT, asciiDigit).replace(MARK_ON_DIGIT, "");
  if (!options.lineBreaks) s = s.replace(/\n/g, " ");
  if (!options.tabs) s = s.replace(/\t/g, " ");
  return s;
}

// ───────────────────────── personnummer ─────────────────────────

const MONTH = "(?:0[1-9]|1[0-2])";
/** 01–31, or 61–91 for a samordningsnummer (day + 60). */
const DAY_OF_MONTH = "(?:0[1-9]|[12]\\d|3[01]|6[1-9]|[78]\\d|9[01])";
/** A separator that is a mark: - + _ . / or a dash, with up to two spaces either side. */
const MARK_SEPARATOR = "[ \\t]{0,2}[-+_./\\u2010-\\u2015\\u2212][ \\t]{0,2}";
const TIGHT_MARK = "[-+_./\\u2010-\\u2015\\u2212]";
/** A mark, or one or two spaces (or a line break). */
const ANY_SEPARATOR = `(?:${MARK_SEPARATOR}|\\s{1,2})`;

/** Six or eight digits, at most one separator, four digits: masked whatever the digits (a typo is still a personnummer). */
const SHAPED = `(?<!\\d)(?:\\d{2})?\\d{6}${ANY_SEPARATOR}?\\d{4}(?!\\d)`;

const PERSONNUMMER = new RegExp(
  [
    SHAPED,
    // a birth date written with separators (85-01-01, 1985.01.01, 85 01-01), then a mark or nothing, then four digits
    `(?<!\\d)(?:\\d{2})?\\d{2}[-_./ ]?${MONTH}[-_./ ]?${DAY_OF_MONTH}${TIGHT_MARK}?\\d{4}(?!\\d)`,
    // a birth date written with spaces (85 01 01), then a mark or a space, then four digits
    `(?<!\\d)(?:\\d{2})?\\d{2} ?${MONTH} ?${DAY_OF_MONTH}${ANY_SEPARATOR}\\d{4}(?!\\d)`,
    // not "2026-11-20 1430" nor "2026-11-20 - 1440": after a date with marks, a space means a date and a number
  ].join("|"),
  "g",
);

const SHAPED_ANYWHERE = new RegExp(SHAPED, "g");

const VALID_DATE = new RegExp(`^\\d{2}${MONTH}${DAY_OF_MONTH}$`);

/**
 * Ten digits in a row that begin with 0 and are no date ("0812345678") are a
 * phone number; with a date ("0701231234") they may be either and are called
 * a personnummer, the stricter of the two.
 */
function personnummerKind(match: string): MaskedKind {
  const isPhone = /^0\d{9}$/.test(match) && !VALID_DATE.test(match.slice(0, 6));
  return isPhone ? "telefonnummer" : "personnummer";
}

// ───────────────────────── phone numbers ─────────────────────────

/**
 * Swedish numbers: 0 and an area code (8, 31, 70, 123 …) or +46 / 0046 with
 * an optional (0), then the subscriber number in groups of digits separated
 * by a space or a dash; not straight after "digit-" (the 01 of 2027-01-01).
 * Checked afterwards: the right number of digits, and
 * neither a date (01-12-2026) nor a time range (0800-1600).
 */
const PHONE = new RegExp(
  "(?<!\\d[-./]?)(?:(?:\\+|00) ?46[ -]?(?:\\(0\\)[ -]?)?[1-9]\\d{0,2}|\\(?0[1-9]\\d{0,2}\\)?)" +
    "(?:[ \\t]?[-\\u2010-\\u2015][ \\t]?|[ \\t])?\\d{2,8}(?:[ -]\\d{2,4}){0,3}(?![/:.,]?\\d)",
  "g",
);

/** A date (01-12-2026) or a time range (0800-1600) at the start of a match, or all of it. */
const DATE_DAY_MONTH_YEAR = /^(?:0[1-9]|[12]\d|3[01])[- ](?:0[1-9]|1[0-2])[- ](?:19|20)\d{2}(?!\d)/;
const TIME_RANGE = /^(?:[01]\d|2[0-3])[0-5]\d\s?[-\u2010-\u2015]\s?(?:[01]\d|2[0-4])[0-5]\d(?!\d)/;

function isPhoneNumber(match: string): boolean {
  if (DATE_DAY_MONTH_YEAR.test(match) || TIME_RANGE.test(match)) return false;
  const international = /^(?:\+|00)/.test(match);
  const digits = match.replace(/\(0\)/, "").replace(/\D/g, "");
  const national = international ? digits.replace(/^(?:00)?46/, "") : digits;
  return international ? national.length >= 7 && national.length <= 9 : national.length >= 8 && national.length <= 10;
}

// ───────────────────────── e-mail addresses ─────────────────────────

/** local@domain.tld, also written with [at] or (at). */
const EMAIL =
  /[\p{L}\p{N}._%+-]{1,64}(?:@|\s?[[(]at[\])]\s?)[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){0,8}\.\p{L}{2,24}(?![\p{L}\p{N}])/giu;

// ───────────────────────── registration numbers ─────────────────────────

/** ABC 123, ABC123, ABC 12D (new plates may end in a letter), also ABC-123. */
const REGNUMMER = /(?<![\p{L}\p{N}])[a-z]{3}[ -]?\d{2}[0-9a-z](?![\p{L}\p{N}])/giu;

/**
 * Cyrillic and Greek letters that look like Latin ones, mapped before a
 * registration number (or a name) is looked for. One character to one, so
 * that positions stay the same.
 */
// biome-ignore format: a table reads best packed
const LOOK_ALIKES: Record<string, string> = {
  // Cyrillic capitals and small letters
  А: "A", В: "B", Е: "E", К: "K", М: "M", Н: "H", О: "O", Р: "P", С: "C", Т: "T", У: "Y", Х: "X",
  І: "I", Ј: "J", Ѕ: "S",
  а: "a", в: "b", е: "e", к: "k", м: "m", н: "h", о: "o", р: "p", с: "c", т: "t", у: "y", х: "x",
  і: "i", ј: "j", ѕ: "s",
  // Greek capitals and small letters
  Α: "A", Β: "B", Ε: "E", Ζ: "Z", Η: "H", Ι: "I", Κ: "K", Μ: "M", Ν: "N", Ο: "O", Ρ: "P", Τ: "T",
  Υ: "Y", Χ: "X",
  α: "a", ι: "i", κ: "k", ν: "v", ο: "o", ρ: "p", τ: "t", υ: "u", χ: "x",
};

function withoutLookAlikes(text: string): string {
  return text.replace(/[\u0370-\u04FF]/g, (c) => LOOK_ALIKES[c] ?? c);
}

/**
 * Three-letter words that are often followed by a number in a note. Written
 * in lower case (or capitalised) they are words, not plates; in capitals
 * ("OCH 123") they are still masked, since plates are written that way.
 */
// biome-ignore format: a word table reads best packed
const ORDINARY_THREE_LETTER_WORDS = new Set([
  // Swedish (only ASCII words: plates have no å, ä or ö)
  "och", "att", "som", "den", "det", "dem", "dom", "var", "vad", "har", "hur", "med", "mot", "vid",
  "hos", "via", "per", "kom", "tog", "gav", "ska", "kan", "bra", "mer", "nej", "ser", "upp", "ner",
  "sin", "sig", "han", "hon", "man", "oss", "era", "ute", "nya", "bil", "mil", "tid", "dag", "dgr",
  "fem", "sex", "sju", "tio", "tre", "ett", "min", "tim", "sek", "ggr", "kvm", "kmh", "tot", "ant",
  "pga", "bla", "dvs", "mfl", "osv", "sms", "tel", "ink", "inv", "grp", "jan", "feb", "mar", "apr",
  "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec", "tis", "ons", "fre",
  // English
  "the", "and", "was", "for", "had", "all", "our", "one", "two", "six", "ten", "hrs", "not", "yes",
  "but", "are", "has", "saw", "got", "new", "out", "day", "age", "mph", "kph", "now", "off", "way",
  "car",
]);

function isOrdinaryWord(letters: string): boolean {
  const isWrittenInCapitals = letters === letters.toUpperCase();
  return !isWrittenInCapitals && ORDINARY_THREE_LETTER_WORDS.has(letters.toLowerCase());
}

// ───────────────────────── names ─────────────────────────

/** A surname shorter than this is masked only together with a given name ("Bo Ek", not "Ek"). */
const MIN_SURNAME_ALONE = 3;

/** Lower case without diacritics, one character to one ("Ström" → "strom"), look-alikes mapped. */
function folded(text: string): string {
  let out = "";
  for (const character of withoutLookAlikes(text)) {
    if (character.length > 1) {
      out += character; // outside the BMP: kept, so that positions stay the same
      continue;
    }
    const base = character.normalize("NFD").charAt(0) || character;
    const lower = base.toLowerCase();
    out += lower.length === 1 ? lower : base;
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Matches names on folded text; group 1 is a surname standing alone (checked for its capital). */
function namePattern(names: readonly string[]): RegExp | null {
  const full: string[] = [];
  const alone = new Set<string>();
  for (const name of names) {
    if (typeof name !== "string") continue;
    const parts = normaliseFreeText(name)
      .split(/\s+/)
      .filter((p) => /\p{L}/u.test(p) && /^[\p{L}\p{M}'’-]+$/u.test(p))
      .map((p) => escapeRegExp(folded(p)));
    if (parts.length === 0) continue;
    const surname = parts[parts.length - 1] as string;
    const given = parts.slice(0, -1);
    if (given.length > 0) {
      const anyGiven = `(?:${given.join("|")})`;
      full.push(`${anyGiven}(?:\\s+${anyGiven})*\\s+${surname}`);
      // an initial: "A. Berg"
      full.push(`${escapeRegExp(folded(given[0]?.charAt(0) ?? ""))}\\.\\s?${surname}`);
    }
    if (Array.from(surname.replace(/\\/g, "")).length >= MIN_SURNAME_ALONE) alone.add(surname);
  }
  if (full.length === 0 && alone.size === 0) return null;
  const byLength = (a: string, b: string) => b.length - a.length;
  const fullPart = full.sort(byLength).join("|");
  const alonePart = [...alone].sort(byLength).join("|");
  const body = [fullPart, alonePart ? `(${alonePart})` : ""].filter(Boolean).join("|");
  return new RegExp(`(?<![\\p{L}\\p{N}\\p{M}])(?:${body})(?:s|:s|'s|’s)?(?![\\p{L}\\p{N}\\p{M}])`, "gu");
}

// ───────────────────────── masking ─────────────────────────

interface Finding {
  start: number;
  end: number;
  kind: MaskedKind;
}

function findAll(
  pattern: RegExp,
  text: string,
  classify: (match: RegExpExecArray) => MaskedKind | null,
  into: Finding[],
): void {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    const kind = classify(m);
    if (kind) into.push({ start: m.index, end: m.index + m[0].length, kind });
    // a rejected match may still hold the start of another: look again one character on
    else pattern.lastIndex = m.index + 1;
  }
}

function findings(text: string, names: RegExp | null): Finding[] {
  const found: Finding[] = [];
  if (/@|[[(]at[\])]/i.test(text)) findAll(EMAIL, text, () => "epost", found);
  findAll(PERSONNUMMER, text, (m) => personnummerKind(m[0]), found);
  const digitRuns = found.filter((f) => f.kind === "personnummer" || f.kind === "telefonnummer");
  // digits already read as a personnummer are not read again as a phone number ("1980-01-01-1234")
  const overlapsDigitRun = (m: RegExpExecArray) =>
    digitRuns.some((f) => f.start < m.index + m[0].length && m.index < f.end);
  findAll(PHONE, text, (m) => (isPhoneNumber(m[0]) && !overlapsDigitRun(m) ? "telefonnummer" : null), found);
  const latin = withoutLookAlikes(text);
  findAll(REGNUMMER, latin, (m) => (isOrdinaryWord(m[0].slice(0, 3)) ? null : "regnummer"), found);
  if (names) findNames(text, names, found);
  return found;
}

/** Names are looked for in folded text; a surname standing alone counts only with a capital. */
function findNames(text: string, names: RegExp, into: Finding[]): void {
  findAll(
    names,
    folded(text),
    (m) => {
      const surnameAlone = m[1] !== undefined;
      return surnameAlone && !/^\p{Lu}/u.test(text.slice(m.index)) ? null : "namn";
    },
    into,
  );
}

/** Replaces the findings; overlapping ones become one span, named by the first kind in PRIORITY. */
function replaceFindings(text: string, found: Finding[]): { text: string; masked: MaskedKind[] } {
  const sorted = [...found].sort((a, b) => a.start - b.start || b.end - a.end);
  const masked: MaskedKind[] = [];
  let out = "";
  let at = 0;
  for (let k = 0; k < sorted.length; ) {
    const first = sorted[k] as Finding;
    let end = first.end;
    const kinds = new Set<MaskedKind>([first.kind]);
    for (k++; k < sorted.length && (sorted[k] as Finding).start < end; k++) {
      end = Math.max(end, (sorted[k] as Finding).end);
      kinds.add((sorted[k] as Finding).kind);
    }
    const ordered = PRIORITY.filter((kind) => kinds.has(kind));
    out += text.slice(at, first.start) + TOKEN[ordered[0] as MaskedKind];
    for (const kind of ordered) if (!masked.includes(kind)) masked.push(kind);
    at = end;
  }
  return { text: out + text.slice(at), masked };
}

export interface MaskOptions extends NormaliseOptions {
  /** names of people in the organisation ("Anna Berg"), masked as described at maskNames */
  names?: readonly string[];
}

/**
 * Normalises the text (keeping line breaks and tabs unless told otherwise),
 * then replaces each personnummer with "[personnummer]", registration number
 * with "[regnummer]", phone number with "[telefonnummer]", e-mail address with
 * "[e-post]" and, when `names` is given, name with "[namn]". `masked` lists
 * the kinds found, each once, in the order they first appear.
 */
export function maskPersonalData(text: string, options: MaskOptions = {}): { text: string; masked: MaskedKind[] } {
  const normal = normaliseFreeText(text, { lineBreaks: options.lineBreaks ?? true, tabs: options.tabs ?? true });
  const names = options.names && options.names.length > 0 ? namePattern(options.names) : null;
  const result = replaceFindings(normal, findings(normal, names));
  // the promise, kept whatever the patterns above missed: no personnummer-shaped digit run is left
  const safe = result.text.replace(SHAPED_ANYWHERE, TOKEN.personnummer);
  if (safe !== result.text && !result.masked.includes("personnummer")) result.masked.push("personnummer");
  return { text: safe, masked: result.masked };
}

/**
 * Normalises the text and masks the names of people in the organisation
 * only: a full name ("Anna Berg", "anna berg", "Karl Johan Lindqvist", also
 * any given name with the surname: "Johan Lindqvist"), an initial with the
 * surname ("A. Berg"), and the surname alone when it is written with a
 * capital and has at least three letters ("Berg sa", not "berg och dalar",
 * not "Ek"). A given name alone is not masked: too common, and often a word
 * ("Per", "Bo"). Case, diacritics and look-alike letters do not matter;
 * a genitive s does not hide a name ("Ekströms").
 */
export function maskNames(text: string, names: readonly string[]): { text: string; masked: MaskedKind[] } {
  const normal = normaliseFreeText(text, { lineBreaks: true, tabs: true });
  const pattern = namePattern(names);
  if (!pattern) return { text: normal, masked: [] };
  const found: Finding[] = [];
  findNames(normal, pattern, found);
  return replaceFindings(normal, found);
}
