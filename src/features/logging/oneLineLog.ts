/**
 * The one-line log: `/logga 1,5h närvaro Torget med @anna pratade med butiksägare`.
 *
 * Order is free; each part is recognised by its form (CONTRACT.md, "The
 * one-line log"): a duration or a time range ("kl 14-16", "22-02" over
 * midnight), a count, a day (in digits or words; a bare weekday is the most
 * recent one, today included; "på fredag" is the coming one, refused when
 * ahead like every future day), `med` and mentions or names without `@`
 * (given the LPO's people), and the activity (by code, alias or a word of
 * its name). All remaining words form the note, masked for personal data —
 * except that a word of the note naming another activity (of the person's or
 * of `ctx.others`) makes the line ambiguous: asked, never swallowed. A count
 * never lands on an hours activity, and a range never becomes a count. The
 * parser never throws, and its cost
 * grows linearly with the line: one pass over the characters, a bounded
 * number of looks at each token and word, and no regular expression that
 * backtracks over more than one token (`meter` counts the steps, for tests).
 */

import { addDays, daysBetween, isoWeekday, isValidDay } from "../../domain/calendar.js";
import { type MaskedKind, maskPersonalData } from "../../domain/personalData.js";
import { normalizeWord, stripDiacritics, type Unit } from "../../domain/activity.js";
import { matchName, type NameMatch, type PersonCandidate } from "./personNames.js";

export type { PersonCandidate } from "./personNames.js";

/** A person named without `@` after `med`, as typed, and whom it matches. */
export interface TypedName {
  text: string;
  match: NameMatch;
}

export interface ActivityCandidate {
  id: string;
  code: string;
  name: string;
  aliases: string[];
  unit: Unit;
  promiseTitle?: string;
  /** the first day work on it may be logged (its promise's start), "YYYY-MM-DD" */
  from?: string;
  /** the last day of its promise, "YYYY-MM-DD" */
  to?: string;
  /** the kommun of its promise: named where two activities share a code */
  kommun?: string;
}

/** `today` is "YYYY-MM-DD" in Europe/Stockholm. */
export interface LogLineContext {
  today: string;
  activities: ActivityCandidate[];
  /**
   * Activities of the organisation the person does not log on (another
   * kommun's, another group's): a word naming one is never taken as a note.
   */
  others?: ActivityCandidate[];
  /** The people of the person's LPO: a name after `med` without `@` ("med anna", "med Emma Lund") is looked up in them. */
  people?: PersonCandidate[];
  /** counts the parser's steps (characters scanned, tokens and words looked at); for tests of its cost */
  meter?: { steps: number };
}

export interface ParsedLogLine {
  activity: ActivityCandidate;
  /** integer minutes */
  minutes: number | null;
  /** integer; tillfällen activities default to 1 when no count was given */
  count: number | null;
  /** YYYY-MM-DD */
  day: string;
  /** raw mention tokens after "med", e.g. "@anna.berg", "<@U0ABC123>", "<at>Anna Berg</at>" */
  mentions: string[];
  /** people named after "med" without `@` ("anna", "Emma Lund"), given `ctx.people` */
  names: TypedName[];
  /** whether the line gave the day (else it is today) */
  dayGiven: boolean;
  /** remaining words, already masked */
  note: string;
  /** what was masked in the note */
  masked: MaskedKind[];
}

export type LogLineError =
  | { code: "empty" }
  | { code: "no-activity" }
  /**
   * The line fits several activities. `word`: a word left for the note that
   * names another activity; `outside`: activities it names that the person
   * does not log on (said, not offered); `namedBy`: for each activity named by
   * a note word (candidates after the first, and `outside`), that word.
   */
  | {
      code: "ambiguous";
      candidates: ActivityCandidate[];
      outside?: ActivityCandidate[];
      word?: string;
      namedBy?: Record<string, string>;
    }
  | { code: "missing-duration"; activity: ActivityCandidate }
  | { code: "duration-out-of-range" }
  | { code: "count-out-of-range" }
  /** a signed amount ("-3st", "+2h") or a count that is not whole ("2,5st"): never stored, never taken as 1 */
  | { code: "bad-amount"; amount: "duration" | "count"; text: string }
  /**
   * `text`: the words that gave it ("imorgon", "på fredag", "28/11"), when it was given in words or without a
   * year; `lastYear`: for a day without a year, the most recent such day (the one to write, if it was meant)
   */
  | { code: "future-day"; day: string; text?: string; lastYear?: string }
  /** before the activity's promise starts, or more than MAX_DAYS_BACK days ago */
  | { code: "too-early"; day: string; earliest: string; activity?: ActivityCandidate }
  /** after the activity's promise ends */
  | { code: "after-period"; day: string; activity: ActivityCandidate }
  /** a count ("1st") on an activity measured in hours */
  | { code: "count-on-hours"; activity: ActivityCandidate }
  /** a time range ("kl 14-16") and no count, on an activity counted in occasions */
  | { code: "range-on-count"; activity: ActivityCandidate }
  /** the line names only activities the person does not log on (another kommun's, another group's) */
  | { code: "not-in-scope"; activities: ActivityCandidate[] }
  | { code: "bad-day"; text: string }
  /** words that name a time but not one day ("i helgen", "förra veckan"): the person is asked to write the day */
  | { code: "vague-day"; text: string }
  | { code: "two-durations" }
  /** "1h 30": `text` the hours and the bare number; the person is asked to write "1h30" or move the number */
  | { code: "unclear-minutes"; text: string }
  /**
   * A number standing alone ("2h närvaro 26", "L2 3", "den 26", "26:e"): a day of the month, a count, or a word
   * of the note? `text` as typed; `day` the most recent day of that day of the month, when a day may be meant;
   * `count` the number, when it may be a count (an activity counted in occasions, and no count given)
   */
  | { code: "unclear-number"; text: string; day?: string; count?: number }
  | { code: "two-counts" }
  | { code: "two-days" };

export type LogLineResult = { ok: true; value: ParsedLogLine } | { ok: false; error: LogLineError };

export const NOTE_MAX_LENGTH = 500;
export const MAX_MINUTES = 24 * 60;
export const MAX_COUNT = 100;
/** How far back a day may be logged (and never before the activity's promise starts). */
export const MAX_DAYS_BACK = 365;

type Meter = { steps: number };

// ───────────────────────── words ─────────────────────────

/** Short words that never name an activity on their own. */
// biome-ignore format: a word table reads best packed
const STOPWORDS = new Set([
  "pa", "och", "i", "med", "av", "for", "vid", "till", "om", "en", "ett", "den", "det",
  "de", "att", "som", "mot", "fran", "under", "over", "efter", "hos", "samt", "eller",
  "ut", "in", "vi", "jag", "the", "of", "at", "on", "and", "to", "a", "an", "by", "with",
]);

/** Swedish inflection endings, so that "vandringen" and "kontroller" find "vandring" and "kontroll". */
// biome-ignore format: a word table reads best packed
const INFLECTION_ENDINGS = [
  "a", "e", "n", "r", "s", "t", "ar", "er", "or", "en", "et", "na", "ns", "ts",
  "ens", "ets", "ars", "ers", "ors", "arna", "erna", "orna", "arnas", "ernas", "ornas",
];
const MIN_STEM_LENGTH = 5;

function stems(word: string): string[] {
  const found = [word];
  for (const ending of INFLECTION_ENDINGS) {
    if (word.endsWith(ending) && word.length - ending.length >= MIN_STEM_LENGTH) {
      found.push(word.slice(0, -ending.length));
    }
  }
  return found;
}

/** Same word, or two inflections of the same stem, given each word's stems (a word is its own first stem). */
function sameWord(a: string[], b: string[]): boolean {
  return a.some((stem) => b.includes(stem));
}

/** Damerau–Levenshtein (optimal string alignment) distance of at most one. */
function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  if (a.length === b.length) {
    const differences: number[] = [];
    for (let i = 0; i < a.length; i++) {
      if (a[i] !== b[i]) {
        differences.push(i);
        if (differences.length > 2) return false;
      }
    }
    if (differences.length === 1) return true;
    const [first, second] = differences as [number, number];
    return second === first + 1 && a[first] === b[second] && a[second] === b[first];
  }
  const [shorter, longer] = a.length < b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < shorter.length && shorter[i] === longer[i]) i++;
  return shorter.slice(i) === longer.slice(i + 1);
}

const MIN_TYPO_WORD_LENGTH = 5;

/** A typo of a word (one edit), tried only when nothing matched exactly; given each word's stems. */
function nearlySameWord(stemsOfA: string[], stemsOfB: string[]): boolean {
  const a = stemsOfA[0] as string;
  const b = stemsOfB[0] as string;
  if (a.length < MIN_TYPO_WORD_LENGTH || b.length < MIN_TYPO_WORD_LENGTH) return false;
  if (withinOneEdit(a, b)) return true;
  if (a.length < 8 || b.length < 8) return false;
  return stemsOfA.some((x) => stemsOfB.some((y) => withinOneEdit(x, y)));
}

// ───────────────────────── tokens ─────────────────────────

interface Token {
  /** as typed */
  raw: string;
  /** lower case, surrounding brackets, quotes and trailing punctuation removed; diacritics kept */
  lower: string;
  /** `lower` without diacritics */
  key: string;
}

const TEAMS_MENTION = /^<at>[\s\S]*<\/at>$/i;
const SLACK_MENTION = /^<@[^<>]+>$/;

function isMention(raw: string): boolean {
  return (raw.startsWith("@") && raw.length > 1) || SLACK_MENTION.test(raw) || TEAMS_MENTION.test(raw);
}

const OPENING_PUNCTUATION = new Set(`("'«“”‘’[{`);
const CLOSING_PUNCTUATION = new Set(`.,;:!?)"'»“”‘’]}`);

/** `text` without a run of these characters at its start and at its end (all of them are single UTF-16 units). */
function trimmed(text: string, leading: Set<string>, trailing: Set<string>): string {
  let start = 0;
  while (start < text.length && leading.has(text[start] as string)) start++;
  let end = text.length;
  while (end > start && trailing.has(text[end - 1] as string)) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

function makeToken(raw: string): Token {
  const lower = trimmed(raw.toLowerCase(), OPENING_PUNCTUATION, CLOSING_PUNCTUATION);
  return { raw, lower, key: stripDiacritics(lower) };
}

/** `\s` of a regular expression, for one UTF-16 unit (every white space character is one). */
function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";

/**
 * The pieces of a text between white space, except that a Teams mention
 * `<at>Anna Berg</at>` and a Slack token `<@U0ABC|anna>` stay whole (what
 * `/<at>[\s\S]*?<\/at>|<[@#!][^<>]*>|\S+/gi` matches), in one pass: each
 * character is looked at a bounded number of times, however many `<at>` are
 * never closed.
 */
function pieces(text: string, meter: Meter | undefined): string[] {
  const found: string[] = [];
  const closing = /<\/at>/gi;
  /** where the next "</at>" starts, at or after the last search; -1 when there is none left */
  let nextClosing = -2;
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (isSpace(text.charCodeAt(i))) {
      i++;
      continue;
    }
    if (text[i] === "<") {
      if (text.slice(i, i + 4).toLowerCase() === "<at>" && nextClosing !== -1) {
        if (nextClosing < i + 4) {
          closing.lastIndex = i + 4;
          nextClosing = closing.exec(text)?.index ?? -1;
          if (meter) meter.steps += (nextClosing === -1 ? n : nextClosing) - i;
        }
        if (nextClosing !== -1) {
          found.push(text.slice(i, nextClosing + 5));
          i = nextClosing + 5;
          continue;
        }
      }
      if (text[i + 1] === "@" || text[i + 1] === "#" || text[i + 1] === "!") {
        let j = i + 2;
        while (j < n && text[j] !== "<" && text[j] !== ">") j++;
        if (meter) meter.steps += j - i;
        if (text[j] === ">") {
          found.push(text.slice(i, j + 1));
          i = j + 1;
          continue;
        }
      }
    }
    let j = i + 1;
    while (j < n && !isSpace(text.charCodeAt(j))) j++;
    found.push(text.slice(i, j));
    i = j;
  }
  if (meter) meter.steps += n;
  return found;
}

/** "närvaro,torget" → "närvaro," "torget": split after a comma that is not inside a number ("1,5h"). */
function splitAtCommas(piece: string): string[] {
  if (!piece.includes(",")) return [piece];
  const words: string[] = [];
  let start = 0;
  for (let k = 0; k < piece.length; k++) {
    if (piece[k] === "," && !(isDigit(piece[k - 1]) && isDigit(piece[k + 1]))) {
      words.push(piece.slice(start, k + 1));
      start = k + 1;
    }
  }
  if (start < piece.length) words.push(piece.slice(start));
  return words;
}

/**
 * Splits on white space, keeping a Teams mention `<at>Anna Berg</at>` and a
 * Slack mention `<@U0ABC|anna>` whole, and splitting "närvaro,torget" at the
 * comma (but not "1,5h").
 */
function tokenize(text: string, meter: Meter | undefined): Token[] {
  const tokens: Token[] = [];
  for (const piece of pieces(text.normalize("NFC"), meter)) {
    if (piece.startsWith("<")) {
      tokens.push(makeToken(piece));
      continue;
    }
    for (const word of splitAtCommas(piece)) tokens.push(makeToken(word));
  }
  if (meter) meter.steps += tokens.length;
  return tokens;
}

function hasLetterOrDigit(token: Token): boolean {
  return /[\p{L}\p{N}]/u.test(token.raw);
}

// ───────────────────────── amounts ─────────────────────────

/** A lookup table that typed words cannot trip up ("__proto__", "constructor"). */
function table(entries: Record<string, number>): Map<string, number> {
  return new Map(Object.entries(entries));
}

// biome-ignore format: a word table reads best packed
const NUMBER_WORDS = table({
  en: 1, ett: 1, one: 1, tva: 2, two: 2, tre: 3, three: 3, fyra: 4, four: 4,
  fem: 5, five: 5, sex: 6, six: 6, sju: 7, seven: 7, atta: 8, eight: 8,
  nio: 9, nine: 9, tio: 10, ten: 10,
});

const NUMBER = "(\\d{1,6}(?:[.,]\\d{1,3})?|\\d{0,6}½|[.,]\\d{1,3})";
const HOUR_UNIT = "(?:h|hr|hrs|hour|hours|t|tim|timme|timma|timmar|timmer)";
const MINUTE_UNIT = "(?:m|min|mins|minut|minuter|minute|minutes)";
const COUNT_UNIT = "(?:st|stk|stycken|ggr|gg|gang|ganger|tillfalle|tillfallen|x|pcs|times)";

const WORD_AMOUNT = new RegExp(`^${NUMBER}$`);
const WORD_HOURS = new RegExp(`^${NUMBER}${HOUR_UNIT}$`);
const WORD_MINUTES = new RegExp(`^${NUMBER}${MINUTE_UNIT}$`);
const WORD_HOURS_AND_MINUTES = /^(\d{1,2})(?:h|t|tim)([0-5]?\d)(?:m|min)?$/;
const WORD_CLOCK_DURATION = /^(\d{1,2}):([0-5]\d)$/;
/** A unit written apart from its number ("2 h", "90 min"); a lone "t" or "m" is too often something else ("5 m från"). */
const IS_HOUR_UNIT = /^(?:h|hr|hrs|hour|hours|tim|timme|timma|timmar|timmer)$/;
const IS_MINUTE_UNIT = /^(?:min|mins|minut|minuter|minute|minutes)$/;
const IS_COUNT_UNIT = new RegExp(`^${COUNT_UNIT}$`);
const WORD_COUNT = new RegExp(`^(\\d{1,6})${COUNT_UNIT}$`);
/** "2,5st": a count that is not whole (WORD_COUNT is tried first) */
const WORD_ANY_COUNT = new RegExp(`^${NUMBER}${COUNT_UNIT}$`);
/** a sign before an amount: "-3st", "+2h", "−1:30" (U+2212), "–x3" */
const SIGN = /^[-+\u2212\u2013]+(?=[\d.,½x×])/;
const WORD_TIMES_COUNT = /^[x×](\d{1,6})$/;

function numberOf(text: string): number {
  const decimal = text.replace("½", ".5").replace(",", ".");
  return Number(decimal.startsWith(".") ? `0${decimal}` : decimal);
}

/** A written amount: "2", "1,5", "½", or a number word ("två", "en"). */
function amountAt(tokens: Token[], i: number): number | null {
  const token = tokens[i];
  if (!token) return null;
  if (WORD_AMOUNT.test(token.key)) return numberOf(token.key);
  return NUMBER_WORDS.get(token.key) ?? null;
}

function wholeAmountAt(tokens: Token[], i: number): number | null {
  const token = tokens[i];
  if (!token) return null;
  if (/^\d{1,6}$/.test(token.key)) return Number(token.key);
  return NUMBER_WORDS.get(token.key) ?? null;
}

function keyAt(tokens: Token[], i: number): string {
  return tokens[i]?.key ?? "";
}

// ───────────────────────── parts of the line ─────────────────────────

type Part =
  /** `range`: given as a time range ("kl 14-16") */
  | { kind: "duration"; minutes: number; range?: true }
  | { kind: "count"; count: number }
  | { kind: "bad-amount"; amount: "duration" | "count"; text: string }
  /** `text`: the words that gave the day, when given in words or without a year; `lastYear` as in the error */
  | { kind: "day"; day: string; text?: string; lastYear?: string }
  | { kind: "bad-day"; text: string }
  /** words that name a time but not one day ("i helgen") */
  | { kind: "vague-day"; text: string }
  /** "1h 30": a bare number right after whole hours, minutes or a word of the note; asked, never guessed */
  | { kind: "unclear-minutes"; text: string }
  | { kind: "mentions"; mentions: string[]; names: TypedName[] };

interface Recognised {
  part: Part;
  /** how many tokens the part took */
  length: number;
}

interface Measure {
  value: number;
  length: number;
}

/** "2h", "2 h", "1,5 timmar", "en timme", "en och en halv timme", "en halvtimme" → hours. */
function hoursAt(tokens: Token[], i: number): Measure | null {
  const key = keyAt(tokens, i);
  const attached = WORD_HOURS.exec(key);
  if (attached) return { value: numberOf(attached[1] ?? ""), length: 1 };

  const amount = amountAt(tokens, i);
  if (amount !== null) {
    if (IS_HOUR_UNIT.test(keyAt(tokens, i + 1))) return { value: amount, length: 2 };
    const andAHalf =
      keyAt(tokens, i + 1) === "och" &&
      ["en", "ett"].includes(keyAt(tokens, i + 2)) &&
      keyAt(tokens, i + 3) === "halv" &&
      IS_HOUR_UNIT.test(keyAt(tokens, i + 4));
    if (andAHalf) return { value: amount + 0.5, length: 5 };
  }

  const article = ["en", "ett"].includes(key) ? 1 : 0;
  const afterArticle = keyAt(tokens, i + article);
  if (afterArticle === "halvtimme" || afterArticle === "halvtimma") {
    return { value: 0.5, length: article + 1 };
  }
  if (afterArticle === "halv" && IS_HOUR_UNIT.test(keyAt(tokens, i + article + 1))) {
    return { value: 0.5, length: article + 2 };
  }
  return null;
}

/** "90m", "90 min", "30 minuter", "en kvart" → minutes. */
function minutesAt(tokens: Token[], i: number): Measure | null {
  const key = keyAt(tokens, i);
  const attached = WORD_MINUTES.exec(key);
  if (attached) return { value: numberOf(attached[1] ?? ""), length: 1 };

  const amount = amountAt(tokens, i);
  if (amount !== null && IS_MINUTE_UNIT.test(keyAt(tokens, i + 1))) {
    return { value: amount, length: 2 };
  }
  if (key === "kvart") return { value: 15, length: 1 };
  if (key === "en" && keyAt(tokens, i + 1) === "kvart") return { value: 15, length: 2 };
  return null;
}

// The parts' constructors are module functions: a closure made per token costs more than the rest of
// its look (tsx names every function it creates).
function duration(minutes: number, length: number): Recognised {
  return { part: { kind: "duration", minutes: Math.round(minutes) }, length };
}

function count(n: number, length: number): Recognised {
  return { part: { kind: "count", count: n }, length };
}

function countNotWhole(tokens: Token[], i: number, length: number): Recognised {
  return { part: { kind: "bad-amount", amount: "count", text: textOf(tokens, i, length) }, length };
}

function dayPart(day: string, length: number): Recognised {
  return { part: { kind: "day", day }, length };
}

// ── time ranges: "kl 14-16", "14:00-16:30", "14.00–16.30", "mellan 14 och 16", "22-02" (over midnight) ──

const CLOCK = "(\\d{1,2})(?:[:.](\\d{2}))?";
const DASHES = "[-\u2013\u2014\u2212]";
const RANGE_WORD = new RegExp(`^${CLOCK}${DASHES}${CLOCK}$`);
const CLOCK_WORD = new RegExp(`^${CLOCK}$`);
const IS_DASH = new RegExp(`^${DASHES}$`);
/** words before a time range ("kl 14-16", "mellan 14 och 16"); they belong to it */
const RANGE_PREFIXES = new Set(["kl", "klockan", "mellan", "fran", "between", "from", "at"]);

/** Minutes after midnight of "14", "14:30", "14.30"; null when it is no time of day. */
function clockMinutes(hours: string | undefined, minutes: string | undefined): number | null {
  const h = Number(hours);
  const m = minutes === undefined ? 0 : Number(minutes);
  if (!(h >= 0 && h <= 24 && m >= 0 && m <= 59) || (h === 24 && m > 0)) return null;
  return h * 60 + m;
}

/** From one time of day to another; over midnight when the end is not after the start ("22-02" is 4 h). */
function rangeMinutes(start: number, end: number): number {
  return end > start ? end - start : end + 24 * 60 - start;
}

function rangePart(minutes: number, length: number): Recognised {
  return { part: { kind: "duration", minutes, range: true }, length };
}

/** Whether token `k` is a unit of hours, minutes or a count (a function of its own: it runs for every token). */
function unitAt(tokens: Token[], k: number): boolean {
  const next = keyAt(tokens, k);
  return IS_HOUR_UNIT.test(next) || IS_MINUTE_UNIT.test(next) || IS_COUNT_UNIT.test(next);
}

/**
 * A time range, with or without "kl"/"mellan"/"från" before it: one word
 * ("14-16") or three ("14 - 16", "14 till 16", "mellan 14 och 16"). A
 * range followed by a unit ("2-3 h", "1-2 st") is an amount that is not one
 * value: refused, never half read.
 */
function recogniseRange(tokens: Token[], i: number): Recognised | null {
  // "kl 14-16", "från kl 14 till 16": at most two words before it
  let prefix = 0;
  while (prefix < 2 && RANGE_PREFIXES.has(keyAt(tokens, i + prefix))) prefix++;
  const at = i + prefix;
  const single = RANGE_WORD.exec(keyAt(tokens, at));
  if (single) {
    if (unitAt(tokens, at + 1)) {
      return {
        part: { kind: "bad-amount", amount: "duration", text: textOf(tokens, i, prefix + 2) },
        length: prefix + 2,
      };
    }
    const start = clockMinutes(single[1], single[2]);
    const end = clockMinutes(single[3], single[4]);
    if (start === null || end === null) return null;
    if (start % 1440 === end % 1440)
      return {
        part: { kind: "bad-amount", amount: "duration", text: textOf(tokens, i, prefix + 1) },
        length: prefix + 1,
      };
    return rangePart(rangeMinutes(start, end), prefix + 1);
  }
  const from = CLOCK_WORD.exec(keyAt(tokens, at));
  const to = CLOCK_WORD.exec(keyAt(tokens, at + 2));
  if (!from || !to) return null;
  const separator = keyAt(tokens, at + 1);
  const joined = IS_DASH.test(separator) || (prefix >= 1 && ["till", "to", "och", "and", "until"].includes(separator));
  // "2 till 3 h" or "14 - 16 st": not a time range
  if (!joined || unitAt(tokens, at + 3)) return null;
  // "från 2 till 3" without a time's form is too easily something else: only with kl/mellan or minutes
  const start = clockMinutes(from[1], from[2]);
  const end = clockMinutes(to[1], to[2]);
  if (start === null || end === null) return null;
  if (start % 1440 === end % 1440)
    return {
      part: { kind: "bad-amount", amount: "duration", text: textOf(tokens, i, prefix + 3) },
      length: prefix + 3,
    };
  return rangePart(rangeMinutes(start, end), prefix + 3);
}

function recogniseDuration(tokens: Token[], i: number): Recognised | null {
  const key = keyAt(tokens, i);

  const range = recogniseRange(tokens, i);
  if (range) return range;

  const compact = WORD_HOURS_AND_MINUTES.exec(key);
  if (compact) return duration(Number(compact[1]) * 60 + Number(compact[2]), 1);

  const clock = WORD_CLOCK_DURATION.exec(key);
  const isTimeOfDay = ["kl", "klockan", "at"].includes(keyAt(tokens, i - 1));
  if (clock && !isTimeOfDay) return duration(Number(clock[1]) * 60 + Number(clock[2]), 1);

  const hours = hoursAt(tokens, i);
  if (hours) {
    let next = i + hours.length;
    if (["och", "and"].includes(keyAt(tokens, next)) && minutesAt(tokens, next + 1)) next++;
    const minutes = minutesAt(tokens, next);
    if (minutes) return duration(hours.value * 60 + minutes.value, next - i + minutes.length);
    // "1h 30" (the bot writes "1 h 30 min"): 30 minutes, or a number of the note? asked, never taken as 1 h
    const bare = keyAt(tokens, next);
    if (
      next === i + hours.length &&
      /^\d{1,2}$/.test(bare) &&
      Number(bare) >= 1 &&
      Number(bare) <= 59 &&
      !IS_COUNT_UNIT.test(keyAt(tokens, next + 1)) &&
      !MONTHS.has(keyAt(tokens, next + 1))
    )
      return {
        part: { kind: "unclear-minutes", text: textOf(tokens, i, hours.length + 1).replace(/[,.;:!?]+$/, "") },
        length: hours.length + 1,
      };
    return duration(hours.value * 60, hours.length);
  }

  const minutes = minutesAt(tokens, i);
  if (minutes) return duration(minutes.value, minutes.length);
  return null;
}

function textOf(tokens: Token[], i: number, length: number): string {
  return tokens
    .slice(i, i + length)
    .map((t) => t.raw)
    .join(" ");
}

/** "3st", "3 st", "x3", "3x", "3 ggr", "3 gånger", "en gång"; "2,5st" is a count that is not whole. */
function recogniseCount(tokens: Token[], i: number): Recognised | null {
  const key = keyAt(tokens, i);

  const attached = WORD_COUNT.exec(key) ?? WORD_TIMES_COUNT.exec(key);
  if (attached) return count(Number(attached[1]), 1);
  if (WORD_ANY_COUNT.test(key)) return countNotWhole(tokens, i, 1);

  const amount = wholeAmountAt(tokens, i);
  if (amount !== null && IS_COUNT_UNIT.test(keyAt(tokens, i + 1))) return count(amount, 2);
  if (amountAt(tokens, i) !== null && IS_COUNT_UNIT.test(keyAt(tokens, i + 1))) return countNotWhole(tokens, i, 2);

  const nextAmount = /^\d{1,6}$/.test(keyAt(tokens, i + 1)) ? Number(keyAt(tokens, i + 1)) : null;
  if ((key === "x" || key === "×") && nextAmount !== null) return count(nextAmount, 2);
  return null;
}

/**
 * A duration or count with a sign ("-3st", "+2h", "−90 min"): a bad amount,
 * so that it is refused instead of left in the note (and a count taken as 1).
 */
function recogniseSigned(tokens: Token[], i: number): Recognised | null {
  const token = tokens[i];
  const sign = token ? SIGN.exec(token.key) : null;
  if (!token || !sign) return null;
  // the recognisers read tokens[i]: show them the token without its sign, then put it back
  tokens[i] = { raw: token.raw, lower: token.lower.slice(sign[0].length), key: token.key.slice(sign[0].length) };
  let recognised: Recognised | null;
  try {
    recognised = recogniseDuration(tokens, i) ?? recogniseCount(tokens, i);
  } finally {
    tokens[i] = token;
  }
  if (!recognised) return null;
  const amount = recognised.part.kind === "duration" ? "duration" : "count";
  return {
    part: { kind: "bad-amount", amount, text: textOf(tokens, i, recognised.length) },
    length: recognised.length,
  };
}

// ── days ──

// biome-ignore format: a word table reads best packed
const WEEKDAYS = table({
  mandag: 1, tisdag: 2, onsdag: 3, torsdag: 4, fredag: 5, lordag: 6, sondag: 7,
  monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6, sunday: 7,
});

/** Abbreviations, compared with their diacritics: "mån" is Monday, "man" is a word. */
// biome-ignore format: a word table reads best packed
const WEEKDAY_ABBREVIATIONS = table({
  mån: 1, tis: 2, ons: 3, tors: 4, fre: 5, lör: 6, sön: 7,
  mon: 1, tue: 2, tues: 2, wed: 3, thu: 4, thur: 4, thurs: 4, fri: 5, sat: 6, sun: 7,
});

/** "i måndags": the last Monday before today. */
// biome-ignore format: a word table reads best packed
const LAST_WEEKDAYS = table({
  mandags: 1, tisdags: 2, onsdags: 3, torsdags: 4, fredags: 5, lordags: 6, sondags: 7,
});

// biome-ignore format: a word table reads best packed
const MONTHS = table({
  jan: 1, januari: 1, january: 1, feb: 2, febr: 2, februari: 2, february: 2,
  mar: 3, mars: 3, march: 3, apr: 4, april: 4, maj: 5, may: 5, jun: 6, juni: 6,
  june: 6, jul: 7, juli: 7, july: 7, aug: 8, augusti: 8, august: 8, sep: 9,
  sept: 9, september: 9, okt: 10, oktober: 10, oct: 10, october: 10, nov: 11,
  november: 11, dec: 12, december: 12,
});

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const SLASHED_DAY = /^(\d{1,2})\/(\d{1,2})(?:[/-](\d{2}|\d{4}))?$/;
const DAY_OF_MONTH = /^(\d{1,2})(?::?[ae])?$/;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** Days in words, as days from today: past, today and (refused) future ones. */
// biome-ignore format: a word table reads best packed
const DAY_WORDS = table({
  idag: 0, today: 0, ikvall: 0, tonight: 0, imorse: 0, ieftermiddag: 0,
  igar: -1, yesterday: -1, forrgar: -2, iforrgar: -2,
  imorgon: 1, imorron: 1, tomorrow: 1, imorn: 1, overmorgon: 2, iovermorgon: 2,
});

/** The same words written apart: "i går", "i morgon", "i övermorgon". */
// biome-ignore format: a word table reads best packed
const DAY_WORDS_AFTER_I = table({
  dag: 0, kvall: 0, morse: 0, eftermiddag: 0, gar: -1, forrgar: -2,
  morgon: 1, morron: 1, morn: 1, overmorgon: 2,
});

/** Words that name a time but not one day ("i helgen", "förra veckan", "i natt"): how many tokens, or 0. */
function vagueDayAt(tokens: Token[], i: number): number {
  const key = keyAt(tokens, i);
  const next = keyAt(tokens, i + 1);
  if (["helgen", "inatt", "weekend"].includes(key)) return 1;
  if (key === "i" && ["helgen", "helg", "natt", "veckan"].includes(next)) return 2;
  if ((key === "forra" || key === "last" || key === "this") && ["veckan", "helgen", "week", "weekend"].includes(next))
    return 2;
  return 0;
}

/** Words before a weekday that make it the coming one: "på fredag", "nästa fredag", "next friday". */
const COMING = new Set(["pa", "nasta", "next"]);

/** A part of the day after a day in words ("igår kväll", "i fredags eftermiddag"): part of the day's words. */
// biome-ignore format: a word table reads best packed
const PARTS_OF_DAY = new Set([
  "kvall", "kvallen", "morse", "morgon", "morgonen", "formiddag", "formiddagen", "eftermiddag", "eftermiddagen",
  "evening", "morning", "afternoon", "night",
]);

/** A day given in words ("imorgon", "på fredag"): a future one keeps the words, for the refusal. */
function relativeDay(day: string, tokens: Token[], i: number, length: number): Recognised {
  const withPart = PARTS_OF_DAY.has(keyAt(tokens, i + length)) ? length + 1 : length;
  return { part: { kind: "day", day, text: textOf(tokens, i, withPart) }, length: withPart };
}

/** The first such weekday on or after `from`. */
function nextWeekday(from: string, weekday: number): string {
  return addDays(from, (weekday - isoWeekday(from) + 7) % 7);
}

/** The most recent such weekday: today when today is that weekday. */
function mostRecentWeekday(today: string, weekday: number): string {
  return addDays(today, -((isoWeekday(today) - weekday + 7) % 7));
}

/** A day without a year this many days ahead is the one meant (and refused as ahead), not the one a year before. */
export const DAYS_AHEAD_MEANT = 31;

/**
 * A day of a month without a year, as a person means it: the most recent
 * such day (today included: "30/12" on 2 January is three days ago), unless
 * the next one is at most DAYS_AHEAD_MEANT days ahead ("28/11" on 27
 * November is tomorrow, not almost a year ago): that one, refused later as a
 * future day, with the most recent one as `lastYear`.
 */
function dayWithoutYear(today: string, month: number, dayOfMonth: number, text: string): Part {
  const year = Number(today.slice(0, 4));
  const days = [year - 1, year, year + 1]
    .map((y) => `${pad(y, 4)}-${pad(month)}-${pad(dayOfMonth)}`)
    .filter((d) => isValidDay(d));
  const past = days.filter((d) => daysBetween(d, today) >= 0).pop();
  const next = days.find((d) => daysBetween(today, d) > 0);
  const written = text.replace(/[,.;:!?]+$/, "");
  if (next !== undefined && daysBetween(today, next) <= DAYS_AHEAD_MEANT)
    return { kind: "day", day: next, text: written, ...(past !== undefined ? { lastYear: past } : {}) };
  if (past !== undefined) return { kind: "day", day: past };
  return { kind: "bad-day", text };
}

function dayWithYear(year: number, month: number, dayOfMonth: number, text: string): Part {
  const day = `${pad(year, 4)}-${pad(month)}-${pad(dayOfMonth)}`;
  return isValidDay(day) ? { kind: "day", day } : { kind: "bad-day", text };
}

function recogniseDay(tokens: Token[], i: number, today: string): Recognised | null {
  const day = dayPart;
  const token = tokens[i];
  if (!token) return null;
  const key = token.key;
  const following = keyAt(tokens, i + 1);

  const offset = DAY_WORDS.get(key);
  if (offset !== undefined) return relativeDay(addDays(today, offset), tokens, i, 1);
  if (key === "i") {
    const after = DAY_WORDS_AFTER_I.get(following);
    if (after !== undefined) return relativeDay(addDays(today, after), tokens, i, 2);
    const lastWeekday = LAST_WEEKDAYS.get(following);
    if (lastWeekday) return relativeDay(mostRecentWeekday(addDays(today, -1), lastWeekday), tokens, i, 2);
  }
  const lastWeekday = LAST_WEEKDAYS.get(key);
  if (lastWeekday) return relativeDay(mostRecentWeekday(addDays(today, -1), lastWeekday), tokens, i, 1);

  // "på fredag", "nästa fredag", "next friday": the coming one (today included) – refused when ahead
  if (COMING.has(key)) {
    const coming = WEEKDAYS.get(following) ?? WEEKDAY_ABBREVIATIONS.get(tokens[i + 1]?.lower ?? "");
    if (coming) {
      const next = key === "pa" ? nextWeekday(today, coming) : nextWeekday(addDays(today, 1), coming);
      return relativeDay(next, tokens, i, 2);
    }
  }
  // "on friday": the most recent one, as a bare weekday
  if (key === "on") {
    const weekday = WEEKDAYS.get(following);
    if (weekday) return relativeDay(mostRecentWeekday(today, weekday), tokens, i, 2);
  }
  // "i helgen", "förra veckan", "i natt": no one day – refused, asking for the day
  const vague = vagueDayAt(tokens, i);
  if (vague > 0) return { part: { kind: "vague-day", text: textOf(tokens, i, vague) }, length: vague };
  // "förra fredagen", "last friday": the one before today
  if (key === "forra" || key === "last") {
    const previous = WEEKDAYS.get(following) ?? WEEKDAYS.get(following.replace(/en$/, ""));
    if (previous) return day(mostRecentWeekday(addDays(today, -1), previous), 2);
  }

  const weekday = WEEKDAYS.get(key) ?? WEEKDAY_ABBREVIATIONS.get(token.lower);
  if (weekday) return relativeDay(mostRecentWeekday(today, weekday), tokens, i, 1);

  if (ISO_DAY.test(key)) {
    const part: Part = isValidDay(key) ? { kind: "day", day: key } : { kind: "bad-day", text: token.raw };
    return { part, length: 1 };
  }

  const slashed = SLASHED_DAY.exec(key);
  if (slashed) {
    const [, dayOfMonth, month, yearText] = slashed;
    if (yearText === undefined) {
      return { part: dayWithoutYear(today, Number(month), Number(dayOfMonth), token.raw), length: 1 };
    }
    const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
    return { part: dayWithYear(year, Number(month), Number(dayOfMonth), token.raw), length: 1 };
  }

  // "20 nov", "den 20 november", "1:a dec 2025"
  const start = key === "den" ? i + 1 : i;
  const dayOfMonth = DAY_OF_MONTH.exec(keyAt(tokens, start));
  const month = MONTHS.get(keyAt(tokens, start + 1));
  if (dayOfMonth && month) {
    const text = textOf(tokens, i, start + 2 - i);
    const yearText = keyAt(tokens, start + 2);
    if (/^\d{4}$/.test(yearText)) {
      const part = dayWithYear(Number(yearText), month, Number(dayOfMonth[1]), `${text} ${yearText}`);
      return { part, length: start - i + 3 };
    }
    return { part: dayWithoutYear(today, month, Number(dayOfMonth[1]), text), length: start - i + 2 };
  }
  return null;
}

const MENTION_TRAILER = new Set(",;.");

/** What `raw.replace(/(?<=\S)[,;.]+$/, "")` gives, without backtracking over ";;;;…x". */
function withoutTrailer(raw: string): string {
  let start = raw.length;
  while (start > 0 && MENTION_TRAILER.has(raw[start - 1] as string)) start--;
  if (start === raw.length) return raw;
  // the run is cut from its first character that follows a non-space
  if (start === 0 || isSpace(raw.charCodeAt(start - 1))) start++;
  return raw.slice(0, start);
}

/** What the parser needs to read names without `@`: the people, and words that are never a name. */
interface NameContext {
  people: PersonCandidate[];
  /** words of activities' names and aliases, and stop words: "med Kommunen" is no one */
  notNames: Set<string>;
}

const CAPITALISED = /^\p{Lu}\p{Ll}+$/u;

/** A name typed without `@` at `k`: two words (a full name) or one; `length` 0 when there is none. */
function nameAt(
  tokens: Token[],
  k: number,
  names: NameContext,
): { text: string; match: NameMatch; length: number } | null {
  const word = (j: number) => {
    const token = tokens[j];
    if (!token || isMention(token.raw)) return null;
    const text = withoutTrailer(token.raw);
    const norm = normalizeWord(text);
    return /^[\p{L}][\p{L}\p{N}._-]*$/u.test(text) && !STOPWORDS.has(norm) ? { text, norm } : null;
  };
  const first = word(k);
  if (!first) return null;
  const second = word(k + 1);
  // a comma after the first word ends the name ("med anna, hastighet")
  const firstEnds = /[,;.]$/.test(tokens[k]?.raw ?? "") && !first.text.endsWith(".");
  if (second && !firstEnds) {
    const text = `${first.text} ${second.text}`;
    const match = matchName(text, names.people);
    if (match.kind !== "none") return { text, match, length: 2 };
  }
  const match = matchName(first.text, names.people);
  if (match.kind !== "none") return { text: first.text, match, length: 1 };
  // "med Kalle": a capitalised word that is no word of an activity is taken as a name nobody has
  if (CAPITALISED.test(first.text) && !names.notNames.has(first.norm)) {
    const more = second && !firstEnds && CAPITALISED.test(second.text) && !names.notNames.has(second.norm);
    return more ? { text: `${first.text} ${second.text}`, match, length: 2 } : { text: first.text, match, length: 1 };
  }
  return null;
}

/**
 * `med @anna @erik`, `med <@U0ABC>, <@U0DEF>`, `med <at>Anna Berg</at> och
 * <at>Erik</at>`; with the people given, also names without `@` (`med anna`,
 * `med Emma Lund och emma.l`).
 */
function recogniseMentions(tokens: Token[], i: number, names: NameContext | undefined): Recognised | null {
  const key = keyAt(tokens, i);
  if (key !== "med" && key !== "with") return null;
  const mentions = new Set<string>();
  const named: TypedName[] = [];
  let next = i + 1;
  const nameOrMention = (k: number): boolean => {
    const token = tokens[k];
    if (!token) return false;
    return isMention(withoutTrailer(token.raw)) || (names !== undefined && nameAt(tokens, k, names) !== null);
  };
  for (;;) {
    const token = tokens[next];
    if (!token) break;
    const raw = withoutTrailer(token.raw);
    if (isMention(raw)) {
      mentions.add(raw);
      next++;
      continue;
    }
    const name = names ? nameAt(tokens, next, names) : null;
    if (name) {
      named.push({ text: name.text, match: name.match });
      next += name.length;
      continue;
    }
    const isJoiner = ["och", "and", "&", ",", "+"].includes(token.raw.toLowerCase());
    if (mentions.size + named.length > 0 && isJoiner && nameOrMention(next + 1)) {
      next++;
      continue;
    }
    break;
  }
  if (mentions.size === 0 && named.length === 0) return null;
  return { part: { kind: "mentions", mentions: [...mentions], names: named }, length: next - i };
}

/**
 * A number left among the words that may be a day of the month or a count: "26" and "L2 3" (`plain`; it is
 * asked about only when standing alone), "den 26" and "26:e" (a day, but of which month?).
 */
interface LooseNumber {
  /** its index among the words */
  word: number;
  value: number;
  /** as typed ("26", "den 26", "26:e") */
  text: string;
  plain: boolean;
  /** the neighbouring words (indices among the words) that must name the activity for it to stand alone */
  neighbours: number[];
  /** a neighbour is a word of the note whatever the activity (punctuation is not) */
  besideNote: boolean;
}

const PLAIN_NUMBER = /^\d{1,3}$/;

/** Numbers among the words that may be a day or a count (see LooseNumber); `wordAt[k]` is token k's word index. */
function looseNumbers(tokens: Token[], wordAt: (number | undefined)[]): LooseNumber[] {
  const found: LooseNumber[] = [];
  wordAt.forEach((word, k) => {
    if (word === undefined) return;
    const token = tokens[k] as Token;
    const ordinal = DAY_OF_MONTH.exec(token.key);
    const plain = PLAIN_NUMBER.test(token.key);
    if (!plain && !ordinal) return;
    const value = Number(plain ? token.key : ordinal?.[1]);
    const before = tokens[k - 1];
    // "den 26": a day of a month not named
    if (before && wordAt[k - 1] !== undefined && before.key === "den" && !/[,;]$/.test(before.raw) && value <= 31) {
      const text = `${before.raw} ${token.raw}`.replace(/[,.;:!?]+$/, "");
      found.push({ word, value, text, plain: false, neighbours: [], besideNote: false });
      return;
    }
    const text = token.raw.replace(/[,.;:!?]+$/, "");
    if (!plain) {
      found.push({ word, value, text, plain: false, neighbours: [], besideNote: false });
      return;
    }
    // standing alone: at an end of the line or of a clause, or beside a part ("2h", "med @anna") or the activity
    const neighbours: number[] = [];
    let besideNote = false;
    const look = (j: number) => {
      const w = wordAt[j];
      const t = tokens[j];
      if (w === undefined || !t || t.key === "") return;
      if (STOPWORDS.has(t.key)) besideNote = true;
      else neighbours.push(w);
    };
    if (before && !/[,;]$/.test(before.raw)) look(k - 1);
    if (!/[,;.]$/.test(token.raw)) look(k + 1);
    found.push({ word, value, text, plain: true, neighbours, besideNote });
  });
  return found;
}

/** Finds every part recognised by its form; the rest are words (activity and note). */
function recogniseParts(
  tokens: Token[],
  today: string,
  meter: Meter | undefined,
  names?: NameContext,
): { parts: Part[]; words: Token[]; loose: () => LooseNumber[] } {
  const parts: Part[] = [];
  const words: Token[] = [];
  const wordAt: (number | undefined)[] = [];
  let i = 0;
  while (i < tokens.length) {
    // each recogniser looks at most five tokens ahead; mentions take every token they look at
    if (meter) meter.steps += 6;
    const token = tokens[i] as Token;
    // bare punctuation ("," "." "?!"): no part starts with it
    if (token.key === "") {
      wordAt[i] = words.length;
      words.push(token);
      i++;
      continue;
    }
    const recognised =
      recogniseMentions(tokens, i, names) ??
      recogniseDay(tokens, i, today) ??
      recogniseSigned(tokens, i) ??
      recogniseDuration(tokens, i) ??
      recogniseCount(tokens, i);
    if (recognised) {
      parts.push(recognised.part);
      i += recognised.length;
    } else {
      wordAt[i] = words.length;
      words.push(tokens[i] as Token);
      i++;
    }
  }
  wordAt.length = tokens.length;
  return { parts, words, loose: () => looseNumbers(tokens, wordAt) };
}

// ───────────────────────── the activity ─────────────────────────

type Level = "code" | "alias" | "name";
const LEVELS: Level[] = ["code", "alias", "name"];

interface Alias {
  /** the alias as its normalised words */
  words: string[];
  /** the stems of each word */
  stems: string[][];
  /** the words written together ("trygghets vandring" → "trygghetsvandring") */
  joined: string;
}

interface NameWord {
  word: string;
  stems: string[];
}

interface ActivityTerms {
  activity: ActivityCandidate;
  code: string;
  aliases: Alias[];
  nameWords: NameWord[];
  /** how many words the terms have: the steps of comparing one typed word with them */
  size: number;
}

/** An activity's terms without the activity: what is derived from its code, name and aliases alone. */
type DerivedTerms = Omit<ActivityTerms, "activity">;

/** The normalised words of a text. */
function wordsOf(text: unknown): string[] {
  return String(text ?? "")
    .split(/\s+/)
    .map(normalizeWord)
    .filter((w) => w !== "");
}

function deriveTerms(code: string, name: string, aliasTexts: string[]): DerivedTerms {
  const aliases = aliasTexts
    .map(wordsOf)
    .filter((words) => words.length > 0)
    .map((words): Alias => ({ words, stems: words.map(stems), joined: words.join("") }));
  const nameWords = wordsOf(name)
    .filter((w) => w.length >= 3 && !STOPWORDS.has(w))
    .map((word): NameWord => ({ word, stems: stems(word) }));
  return {
    code: normalizeWord(code),
    aliases,
    nameWords,
    size: 1 + nameWords.length + aliases.reduce((sum, a) => sum + a.words.length, 0),
  };
}

/**
 * Terms already derived, by the exact code, name and aliases they were derived
 * from (JSON of the three): an activity whose code, name or aliases change (the
 * organisation file imported again, a promise edited) has another key, so its
 * old terms are never served; nothing else of the activity is kept. Every line
 * compares its words with the same few activities: their terms are derived once.
 */
const derivedTerms = new Map<string, DerivedTerms>();
/** more activities than any organisation has; past it the cache starts over */
const DERIVED_TERMS_MAX = 10_000;

function deepFrozen<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFrozen(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * The terms last given for a candidate object, with the code, name and aliases
 * they were given for: a line looks at the same candidates several times
 * (splitting, choosing, other activities named), and the check that the
 * candidate still reads the same is cheaper than the key of derivedTerms.
 */
const lastTerms = new WeakMap<
  ActivityCandidate,
  { code: unknown; name: unknown; aliases: unknown[]; terms: ActivityTerms }
>();

const isString = (value: unknown): value is string => typeof value === "string";

function sameAliases(a: unknown[], b: unknown): boolean {
  if (!Array.isArray(b) || a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

function termsOf(activity: ActivityCandidate): ActivityTerms {
  const last = lastTerms.get(activity);
  if (
    last &&
    last.code === activity.code &&
    last.name === activity.name &&
    sameAliases(last.aliases, Array.isArray(activity.aliases) ? activity.aliases : [])
  )
    return last.terms;
  const code = String(activity.code ?? "");
  const name = String(activity.name ?? "");
  const aliasList: unknown[] = Array.isArray(activity.aliases) ? [...activity.aliases] : [];
  const aliases = aliasList.map((a) => String(a ?? ""));
  const key = JSON.stringify([code, name, aliases]);
  let derived = derivedTerms.get(key);
  if (!derived) {
    // shared by every line from now on: frozen, so that no caller can change another line's terms
    derived = deepFrozen(deriveTerms(code, name, aliases));
    if (derivedTerms.size >= DERIVED_TERMS_MAX) derivedTerms.clear();
    derivedTerms.set(key, derived);
  }
  const terms = { activity, ...derived };
  // strings only: they cannot change behind the check (anything else is derived again each time)
  if (typeof activity.code === "string" && typeof activity.name === "string" && aliasList.every(isString))
    lastTerms.set(activity, { code: activity.code, name: activity.name, aliases: aliasList, terms });
  return terms;
}

interface Word {
  token: Token;
  norm: string;
  stems: string[];
  /** a stop word, a mention or bare punctuation: never names an activity alone */
  ignorable: boolean;
  isStopword: boolean;
}

function wordOf(token: Token): Word {
  const norm = normalizeWord(token.raw);
  const isStopword = STOPWORDS.has(norm);
  const ignorable = isStopword || norm === "" || isMention(token.raw);
  // an ignorable word is never compared with an activity's words: no stems needed
  return { token, norm, stems: ignorable ? [] : stems(norm), isStopword, ignorable };
}

/** Positions of the words that match an activity, per level. */
type Matches = Record<Level, Set<number>>;

function exactMatches(words: Word[], terms: ActivityTerms, meter: Meter | undefined): Matches {
  const matches: Matches = { code: new Set(), alias: new Set(), name: new Set() };
  words.forEach((word, k) => {
    if (meter) meter.steps += terms.size;
    if (word.ignorable) return;
    if (terms.code !== "" && word.norm === terms.code) matches.code.add(k);
    for (const alias of terms.aliases) {
      const single = alias.words.length === 1;
      if (single && sameWord(word.stems, alias.stems[0] as string[])) matches.alias.add(k);
      // "trygghetsvandring" typed for the alias "trygghets vandring"
      if (!single && word.norm === alias.joined) matches.alias.add(k);
      // "trygghets vandring" typed for the alias "trygghetsvandring"
      const next = words[k + 1];
      if (single && next && !next.ignorable && word.norm + next.norm === alias.joined) {
        matches.alias.add(k).add(k + 1);
      }
      // a phrase alias, word by word
      if (!single && k + alias.words.length <= words.length) {
        let isPhrase = true;
        for (let j = 0; j < alias.words.length && isPhrase; j++) {
          const w = words[k + j] as Word;
          isPhrase = w.norm === alias.words[j] || (!w.ignorable && sameWord(w.stems, alias.stems[j] as string[]));
        }
        if (isPhrase) {
          for (let j = 0; j < alias.words.length; j++) matches.alias.add(k + j);
        }
      }
    }
    if (word.norm.length >= 3 && terms.nameWords.some((w) => sameWord(word.stems, w.stems))) {
      matches.name.add(k);
    }
  });
  return matches;
}

function typoMatches(words: Word[], terms: ActivityTerms, meter: Meter | undefined): Matches {
  const matches: Matches = { code: new Set(), alias: new Set(), name: new Set() };
  const singleWordAliases = terms.aliases.filter((a) => a.words.length === 1).map((a) => a.stems[0] as string[]);
  words.forEach((word, k) => {
    if (meter) meter.steps += terms.size;
    if (word.ignorable) return;
    if (singleWordAliases.some((alias) => nearlySameWord(word.stems, alias))) matches.alias.add(k);
    if (terms.nameWords.some((w) => nearlySameWord(word.stems, w.stems))) matches.name.add(k);
  });
  return matches;
}

interface ActivityMatches {
  terms: ActivityTerms;
  matches: Matches;
  /** every word matching the activity at any level */
  all: Set<number>;
}

function withAll(terms: ActivityTerms, matches: Matches): ActivityMatches {
  return { terms, matches, all: new Set([...matches.code, ...matches.alias, ...matches.name]) };
}

function isStrictSuperset(a: Set<number>, b: Set<number>, meter: Meter | undefined): boolean {
  if (meter) meter.steps += b.size;
  if (a.size <= b.size) return false;
  for (const k of b) if (!a.has(k)) return false;
  return true;
}

type ActivityChoice =
  | { kind: "found"; activity: ActivityCandidate; words: Set<number> }
  | { kind: "ambiguous"; candidates: ActivityCandidate[] }
  | { kind: "none" };

/**
 * Code before alias before a word of the name. Two activities matching at
 * the best level are ambiguous, unless one of them explains every matched
 * word of the others and more ("närvaro skolan" picks "Närvaro vid skolan"
 * over "Ökad närvaro på Torget").
 */
function chooseAmong(all: ActivityMatches[], words: Word[], meter: Meter | undefined): ActivityChoice {
  for (const level of LEVELS) {
    const candidates = all.filter((m) => m.matches[level].size > 0);
    if (candidates.length === 0) continue;
    const winner =
      candidates.length === 1
        ? candidates[0]
        : candidates.find((c) => candidates.every((other) => other === c || isStrictSuperset(c.all, other.all, meter)));
    if (!winner) return { kind: "ambiguous", candidates: candidates.map((c) => c.terms.activity) };
    return { kind: "found", activity: winner.terms.activity, words: activityPhrase(winner, level, words, meter) };
  }
  return { kind: "none" };
}

/**
 * The words to take out of the note: those that matched at the deciding
 * level, widened to neighbours that also name the activity ("L4
 * trygghetsvandring") and stop words between them ("närvaro på torget").
 * Each word of the phrase is widened from once (a work list, not passes over
 * the whole phrase until nothing grows).
 */
function activityPhrase(winner: ActivityMatches, level: Level, words: Word[], meter: Meter | undefined): Set<number> {
  const phrase = new Set(winner.matches[level]);
  const toWiden = [...phrase];
  const add = (k: number) => {
    if (phrase.has(k)) return;
    phrase.add(k);
    toWiden.push(k);
  };
  for (let k = toWiden.pop(); k !== undefined; k = toWiden.pop()) {
    if (meter) meter.steps += 1;
    for (const step of [1, -1]) {
      const neighbour = k + step;
      if (!phrase.has(neighbour) && winner.all.has(neighbour)) add(neighbour);
      const beyond = k + 2 * step;
      if (!phrase.has(neighbour) && words[neighbour]?.isStopword && (phrase.has(beyond) || winner.all.has(beyond))) {
        add(neighbour);
        add(beyond);
      }
    }
  }
  return phrase;
}

function chooseActivity(words: Word[], activities: ActivityCandidate[], meter: Meter | undefined): ActivityChoice {
  const seen = new Set<string>();
  const distinct = activities.filter((a) => {
    if (!a || seen.has(a.id)) return false;
    seen.add(a.id);
    return true;
  });
  const allTerms = distinct.map(termsOf);
  const exact = chooseAmong(
    allTerms.map((terms) => withAll(terms, exactMatches(words, terms, meter))),
    words,
    meter,
  );
  if (exact.kind !== "none") return exact;
  return chooseAmong(
    allTerms.map((terms) => withAll(terms, typoMatches(words, terms, meter))),
    words,
    meter,
  );
}

/** Words of activity names too common in notes to stand for an activity there ("till kommunen"). */
const GENERIC_NAME_WORDS = new Set(["kommunen", "tillsammans", "polisiar", "informationstraffar"]);
/** A word of another activity's name must be this long to stop it from being a note (a place: "resecentrum"). */
const MIN_NAMING_WORD_LENGTH = 8;

/**
 * Other activities named by a word the note would keep: by code, alias, or
 * a long word of the name, and not also a word of the chosen activity. The
 * chosen activity's own pool gives `inScope`; `ctx.others` gives `outside`;
 * `namedBy` the word that names each (by activity id).
 */
function otherActivitiesNamed(
  words: Word[],
  taken: Set<number>,
  chosen: ActivityCandidate,
  ctx: LogLineContext,
  meter: Meter | undefined,
): { inScope: ActivityCandidate[]; outside: ActivityCandidate[]; word?: string; namedBy?: Record<string, string> } {
  const noteWords = new Set<number>();
  words.forEach((w, k) => {
    if (!taken.has(k) && !w.ignorable) noteWords.add(k);
  });
  if (noteWords.size === 0) return { inScope: [], outside: [] };
  const mine = withAll(termsOf(chosen), exactMatches(words, termsOf(chosen), meter)).all;
  let word: string | undefined;
  const namedBy: Record<string, string> = {};
  const naming = (activity: ActivityCandidate): boolean => {
    const found = namingWord(activity);
    if (found !== undefined) {
      word ??= found;
      namedBy[activity.id] = found;
    }
    return found !== undefined;
  };
  const namingWord = (activity: ActivityCandidate): string | undefined => {
    if (activity.id === chosen.id) return undefined;
    const matches = exactMatches(words, termsOf(activity), meter);
    const names = (k: number, level: Level) =>
      noteWords.has(k) &&
      !mine.has(k) &&
      (level !== "name" ||
        ((words[k] as Word).norm.length >= MIN_NAMING_WORD_LENGTH && !GENERIC_NAME_WORDS.has((words[k] as Word).norm)));
    for (const level of LEVELS) {
      for (const k of matches[level]) {
        if (names(k, level)) return (words[k] as Word).token.raw;
      }
    }
    return undefined;
  };
  const pool = Array.isArray(ctx.activities) ? ctx.activities : [];
  const others = Array.isArray(ctx.others) ? ctx.others : [];
  // the word said is one of an activity out of scope when there is one (the reply names those)
  const outside = others.filter((a) => a && !pool.some((p) => p?.id === a.id) && naming(a));
  const inScope = pool.filter((a) => a && naming(a));
  return { inScope, outside, ...(word !== undefined ? { word, namedBy } : {}) };
}

// ───────────────────────── the line ─────────────────────────

/** The most recent day (today included) whose day of the month is `dayOfMonth`, in this month or the two before. */
function recentDayOfMonth(today: string, dayOfMonth: number): string | undefined {
  let year = Number(today.slice(0, 4));
  let month = Number(today.slice(5, 7));
  for (let tries = 0; tries < 3; tries++) {
    const day = `${pad(year, 4)}-${pad(month)}-${pad(dayOfMonth)}`;
    if (isValidDay(day) && daysBetween(day, today) >= 0) return day;
    month--;
    if (month === 0) {
      month = 12;
      year--;
    }
  }
  return undefined;
}

/**
 * The first number among the words that may be a day or a count ("2h närvaro 26", "L2 3", "den 26"): a plain
 * number only when it stands alone (its neighbours are parts, ends, or words of the activity), 1–31 for a day
 * (when the line gives none) and up to MAX_COUNT for a count (when one may be meant).
 */
function unclearNumber(
  loose: LooseNumber[],
  activityWords: Set<number>,
  line: { dayGiven: boolean; countMeant: boolean; today: string },
): LogLineError | null {
  for (const number of loose) {
    if (number.plain && (number.besideNote || number.neighbours.some((w) => !activityWords.has(w)))) continue;
    const day = !line.dayGiven && number.value >= 1 ? recentDayOfMonth(line.today, number.value) : undefined;
    const count = number.plain && line.countMeant && number.value >= 1 && number.value <= MAX_COUNT;
    if (day === undefined && !count) continue;
    return {
      code: "unclear-number",
      text: number.text,
      ...(day !== undefined ? { day } : {}),
      ...(count ? { count: number.value } : {}),
    };
  }
  return null;
}

function fail(error: LogLineError): LogLineResult {
  return { ok: false, error };
}

/** The single value of a kind of part; "two" when two different values were given. */
function single<T>(values: T[]): T | null | "two" {
  const distinct = [...new Set(values)];
  if (distinct.length > 1) return "two";
  return distinct[0] ?? null;
}

/** The first `maxLength` characters (code points) of `text`, looking at no more of it than that. */
function cutToLength(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  let end = 0;
  for (let characters = 0; characters < maxLength && end < text.length; characters++) {
    end += (text.codePointAt(end) as number) > 0xffff ? 2 : 1;
  }
  return end >= text.length ? text : text.slice(0, end).trimEnd();
}

/**
 * Parses the text after `/logga`. Errors are reported in this order: empty,
 * day (bad, two, future), a signed or broken amount, duration (two, out of
 * range), count (two, out of range), activity (none, ambiguous), a day too
 * far back for the activity (before its promise starts or more than
 * MAX_DAYS_BACK days ago), missing duration. Two equal values of the same
 * kind ("idag ons" on a Wednesday) are not a conflict. Never throws for any
 * text, given a valid `ctx.today`; linear in the length of the text.
 */
export function parseLogLine(text: string, ctx: LogLineContext): LogLineResult {
  const meter = ctx.meter;
  const tokens = tokenize(typeof text === "string" ? text : "", meter);
  if (!tokens.some(hasLetterOrDigit)) return fail({ code: "empty" });

  const { parts, words: remaining, loose } = recogniseParts(tokens, ctx.today, meter, nameContext(ctx));

  const badDay = parts.find((p) => p.kind === "bad-day");
  if (badDay) return fail({ code: "bad-day", text: badDay.text });
  const vagueDay = parts.find((p) => p.kind === "vague-day");
  if (vagueDay) return fail({ code: "vague-day", text: vagueDay.text });
  const day = single(parts.flatMap((p) => (p.kind === "day" ? [p.day] : [])));
  if (day === "two") return fail({ code: "two-days" });
  if (day !== null && daysBetween(ctx.today, day) > 0) {
    const words = parts.find((p) => p.kind === "day" && p.day === day && p.text !== undefined);
    return fail({
      code: "future-day",
      day,
      ...(words?.kind === "day" && words.text ? { text: words.text } : {}),
      ...(words?.kind === "day" && words.lastYear ? { lastYear: words.lastYear } : {}),
    });
  }

  const badAmount = parts.find((p) => p.kind === "bad-amount");
  if (badAmount) return fail({ code: "bad-amount", amount: badAmount.amount, text: badAmount.text });

  const unclearMinutes = parts.find((p) => p.kind === "unclear-minutes");
  if (unclearMinutes) return fail({ code: "unclear-minutes", text: unclearMinutes.text });

  const minutes = single(parts.flatMap((p) => (p.kind === "duration" ? [p.minutes] : [])));
  if (minutes === "two") return fail({ code: "two-durations" });
  if (minutes !== null && !(minutes > 0 && minutes <= MAX_MINUTES)) {
    return fail({ code: "duration-out-of-range" });
  }

  const count = single(parts.flatMap((p) => (p.kind === "count" ? [p.count] : [])));
  if (count === "two") return fail({ code: "two-counts" });
  if (count !== null && !(count >= 1 && count <= MAX_COUNT)) return fail({ code: "count-out-of-range" });

  const words = remaining.map(wordOf);
  const choice = chooseActivity(words, Array.isArray(ctx.activities) ? ctx.activities : [], meter);
  if (choice.kind === "none") {
    // a word naming an activity the person does not work on: say so, instead of "no activity"
    const outside = chooseActivity(words, Array.isArray(ctx.others) ? ctx.others : [], meter);
    if (outside.kind === "found") return fail({ code: "not-in-scope", activities: [outside.activity] });
    if (outside.kind === "ambiguous") return fail({ code: "not-in-scope", activities: outside.candidates });
    return fail({ code: "no-activity" });
  }
  if (choice.kind === "ambiguous") return fail({ code: "ambiguous", candidates: choice.candidates });
  const { activity } = choice;
  if (day !== null) {
    const earliest = earliestDay(ctx.today, activity);
    if (day < earliest) return fail({ code: "too-early", day, earliest, activity });
    if (activity.to && isValidDay(activity.to) && day > activity.to)
      return fail({ code: "after-period", day, activity });
  }
  if (activity.unit === "timmar" && minutes === null) return fail({ code: "missing-duration", activity });
  // a count never lands on an hours activity, and a time range is never turned into a count
  if (activity.unit === "timmar" && count !== null) return fail({ code: "count-on-hours", activity });
  const isRange = parts.some((p) => p.kind === "duration" && p.range);
  if (activity.unit === "tillfällen" && isRange && count === null) return fail({ code: "range-on-count", activity });

  // a number standing alone may be a day or a count: asked how to write it, never kept as the note of a line for
  // today, nor a count left at 1
  const unclear = unclearNumber(loose(), choice.words, {
    dayGiven: day !== null,
    countMeant: activity.unit === "tillfällen" && count === null,
    today: ctx.today,
  });
  if (unclear) return fail(unclear);

  // a word left for the note that names another activity (in scope or not) is asked about, never swallowed
  const named = otherActivitiesNamed(words, choice.words, activity, ctx, meter);
  if (named.inScope.length > 0 || named.outside.length > 0) {
    return fail({
      code: "ambiguous",
      candidates: [activity, ...named.inScope],
      outside: named.outside,
      word: named.word,
      namedBy: named.namedBy,
    });
  }

  const mentions = new Set<string>();
  const names: TypedName[] = [];
  for (const part of parts) {
    if (part.kind === "mentions") {
      for (const mention of part.mentions) mentions.add(mention);
      names.push(...part.names);
    }
  }

  const noteWords = words.filter((_, k) => !choice.words.has(k)).map((w) => w.token.raw);
  // the note starts at its first word with a letter or digit (not at a dash or a comma left over)
  const first = noteWords.findIndex((w) => /[\p{L}\p{N}]/u.test(w));
  const masking = maskPersonalData(first === -1 ? "" : noteWords.slice(first).join(" "));
  if (meter) meter.steps += noteWords.length;

  return {
    ok: true,
    value: {
      activity,
      minutes,
      count: count ?? (activity.unit === "tillfällen" ? 1 : null),
      day: day ?? ctx.today,
      dayGiven: day !== null,
      mentions: [...mentions],
      names,
      note: cutToLength(masking.text, NOTE_MAX_LENGTH),
      masked: masking.masked,
    },
  };
}

/** Words that may join two parts of a line, each with its own activity and amount. */
const PART_JOINERS = new Set([",", ";", "och", "samt", "+", "&", "and", "plus"]);

/**
 * "närvaro torget 2h, hastighet 1st" → ["närvaro torget 2h", "hastighet
 * 1st"]: the line split at commas, semicolons and "och"/"samt"/"+" into parts
 * that each have their own amount and name an activity (of `ctx.activities`
 * or `ctx.others`). A piece without an amount or an activity belongs to the
 * part before it ("2h närvaro, pratade med vakter"), so most lines are one
 * part. Each part is given back as its words joined by single spaces.
 */
export function splitActivities(text: string, ctx: LogLineContext): string[] {
  const tokens = tokenize(typeof text === "string" ? text : "", undefined);
  const pieces: Token[][] = [[]];
  for (const token of tokens) {
    const bare = token.raw.toLowerCase();
    if (PART_JOINERS.has(bare)) {
      // the joiner opens the next piece: kept when the pieces stay one part ("en och en halv timme")
      pieces.push([token]);
      continue;
    }
    (pieces[pieces.length - 1] as Token[]).push(token);
    // a comma or semicolon ends a piece, also after a handle (`@anna.berg,`) or a whole tag
    // (`<@U123>,`, `<at>Anna</at>,`), not inside a tag's name (`<at>Berg, Anna</at>`)
    const insideTag = token.raw.startsWith("<") && !/>[,;]$/.test(token.raw);
    if (/[,;]$/.test(token.raw) && !insideTag) pieces.push([]);
  }
  const activities = [...(Array.isArray(ctx.activities) ? ctx.activities : []), ...(ctx.others ?? [])];
  const standsAlone = (piece: Token[]): boolean => {
    if (piece.length === 0) return false;
    const { parts, words } = recogniseParts(piece, ctx.today, undefined);
    const hasAmount = parts.some((p) => p.kind === "duration" || p.kind === "count" || p.kind === "bad-amount");
    return hasAmount && chooseActivity(words.map(wordOf), activities, undefined).kind !== "none";
  };
  const parts: Token[][] = [];
  let current: Token[] = [];
  for (const piece of pieces) {
    if (current.length > 0 && standsAlone(piece) && standsAlone(current)) {
      parts.push(current);
      current = [...piece];
    } else {
      current.push(...piece);
    }
  }
  parts.push(current);
  if (parts.length === 1) {
    const cut = oneCut(tokens, ctx, activities);
    if (!cut) return [text];
    parts.splice(0, 1, ...cut);
  }
  return parts.map((part) =>
    part
      .filter((t, k) => !(k === 0 && PART_JOINERS.has(t.raw.toLowerCase())))
      .map((t) => t.raw)
      .join(" ")
      .replace(/[,;]+$/, ""),
  );
}

/** Lines this long or longer are never cut without a separator: each cut is a look at the whole line. */
const MAX_TOKENS_TO_CUT = 24;

/**
 * "närvaro torget 2h hastighet 1st" (no comma): the one place where the line
 * falls into two parts, each with its own amount and its own, different,
 * activity. None, or more than one such place, is no cut (the line is
 * parsed whole, and asked about if it fits several activities).
 */
function oneCut(tokens: Token[], ctx: LogLineContext, activities: ActivityCandidate[]): Token[][] | null {
  if (tokens.length < 2 || tokens.length >= MAX_TOKENS_TO_CUT) return null;
  const amounts = recogniseParts(tokens, ctx.today, undefined).parts.filter(
    (p) => p.kind === "duration" || p.kind === "count",
  );
  if (amounts.length < 2) return null;
  const activityOf = (piece: Token[]): string | null => {
    const { parts, words } = recogniseParts(piece, ctx.today, undefined);
    if (!parts.some((p) => p.kind === "duration" || p.kind === "count")) return null;
    const choice = chooseActivity(words.map(wordOf), activities, undefined);
    // an activity, or the set it is unclear among (asked about later, part by part)
    if (choice.kind === "found") return choice.activity.id;
    return choice.kind === "ambiguous" ? choice.candidates.map((c) => c.id).join(" ") : null;
  };
  let found: Token[][] | null = null;
  for (let k = 1; k < tokens.length; k++) {
    const left = tokens.slice(0, k);
    const right = tokens.slice(k);
    const a = activityOf(left);
    const b = a === null ? null : activityOf(right);
    if (a === null || b === null || a === b) continue;
    if (found) return null;
    found = [left, right];
  }
  return found;
}

/** The people and the words that are no name, when the context gives people; built once per line. */
function nameContext(ctx: LogLineContext): NameContext | undefined {
  if (!Array.isArray(ctx.people) || ctx.people.length === 0) return undefined;
  const notNames = new Set<string>(STOPWORDS);
  const activities = [...(Array.isArray(ctx.activities) ? ctx.activities : []), ...(ctx.others ?? [])];
  for (const a of activities) {
    for (const text of [a?.name ?? "", ...(Array.isArray(a?.aliases) ? a.aliases : [])]) {
      for (const w of String(text).split(/\s+/)) notNames.add(normalizeWord(w));
    }
  }
  return { people: ctx.people, notNames };
}

/** The first day an activity's work may be logged on: not before its promise starts, at most MAX_DAYS_BACK days ago. */
export function earliestDay(today: string, activity: Pick<ActivityCandidate, "from">): string {
  const yearBack = addDays(today, -MAX_DAYS_BACK);
  return activity.from && isValidDay(activity.from) && activity.from > yearBack ? activity.from : yearBack;
}
