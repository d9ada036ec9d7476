/**
 * Masking of personal data that must not be stored in a follow-up tool:
 * Swedish personal identity numbers (personnummer, samordningsnummer) and
 * vehicle registration numbers (registreringsnummer).
 *
 * Personnummer are masked generously: any plausible date part followed by
 * four digits is masked, whether or not the check digit is right.
 * Registration numbers are masked as whole words, except where the three
 * letters are an ordinary word written in lower case ("var 120 i 70").
 */

export type MaskedKind = "personnummer" | "regnummer";

const MONTH = "(?:0[1-9]|1[0-2])";
/** 01–31, or 61–91 for a samordningsnummer (day + 60). */
const DAY_OF_MONTH = "(?:0[1-9]|[12]\\d|3[01]|6[1-9]|[78]\\d|9[01])";
/** "-", "+" (100 years or older), a space, or nothing; a dash may have spaces. */
const SEPARATOR = "(?:\\s?[-+\\u2010-\\u2015\\u2212]\\s?|\\s)?";

const PERSONNUMMER = [
  // YYYYMMDD-NNNN, YYMMDD-NNNN and their variants
  `(?<!\\d)(?:(?:18|19|20)\\d{2}|\\d{2})${MONTH}${DAY_OF_MONTH}${SEPARATOR}\\d{4}(?!\\d)`,
  // YYYY-MM-DD-NNNN: a birth date written as a date, then the last four digits
  `(?<!\\d)(?:18|19|20)\\d{2}-${MONTH}-${DAY_OF_MONTH}[-+]\\d{4}(?!\\d)`,
].join("|");

/** ABC 123, ABC123, ABC 12D (new plates may end in a letter), also ABC-123. */
const REGNUMMER = "(?<![\\p{L}\\p{N}])[a-z]{3}[ -]?\\d{2}[0-9a-z](?![\\p{L}\\p{N}])";

const PERSONAL_DATA = new RegExp(`(${PERSONNUMMER})|(${REGNUMMER})`, "giu");

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

/**
 * Replaces each personnummer with "[personnummer]" and each registration
 * number with "[regnummer]". `masked` lists the kinds found, each once, in
 * the order they first appear.
 */
export function maskPersonalData(text: string): { text: string; masked: MaskedKind[] } {
  const masked: MaskedKind[] = [];
  const note = (kind: MaskedKind): string => {
    if (!masked.includes(kind)) masked.push(kind);
    return `[${kind}]`;
  };
  const result = text.replace(PERSONAL_DATA, (match: string, personnummer: string | undefined) => {
    if (personnummer !== undefined) return note("personnummer");
    if (isOrdinaryWord(match.slice(0, 3))) return match;
    return note("regnummer");
  });
  return { text: result, masked };
}
