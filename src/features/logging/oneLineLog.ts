/**
 * The one-line log: `/logga 1,5h närvaro Torget med @anna pratade med butiksägare`.
 *
 * Order is free; each part is recognised by its form (CONTRACT.md, "The
 * one-line log"): a duration, a count, a day, `med` and mentions, and the
 * activity (by code, alias or a word of its name). All remaining words form
 * the note, masked for personal data. The parser never throws.
 */

import { addDays, daysBetween, isoWeekday, isValidDay } from "../../domain/calendar.js";
import { type MaskedKind, maskPersonalData } from "../../domain/personalData.js";
import { normalizeWord, stripDiacritics, type Unit } from "../../domain/activity.js";

export interface ActivityCandidate {
  id: string;
  code: string;
  name: string;
  aliases: string[];
  unit: Unit;
  promiseTitle?: string;
}

/** `today` is "YYYY-MM-DD" in Europe/Stockholm. */
export interface LogLineContext {
  today: string;
  activities: ActivityCandidate[];
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
  /** remaining words, already masked */
  note: string;
  /** what was masked in the note */
  masked: MaskedKind[];
}

export type LogLineError =
  | { code: "empty" }
  | { code: "no-activity" }
  | { code: "ambiguous"; candidates: ActivityCandidate[] }
  | { code: "missing-duration"; activity: ActivityCandidate }
  | { code: "duration-out-of-range" }
  | { code: "count-out-of-range" }
  | { code: "future-day"; day: string }
  | { code: "bad-day"; text: string }
  | { code: "two-durations" }
  | { code: "two-counts" }
  | { code: "two-days" };

export type LogLineResult = { ok: true; value: ParsedLogLine } | { ok: false; error: LogLineError };

export const NOTE_MAX_LENGTH = 500;
export const MAX_MINUTES = 24 * 60;
export const MAX_COUNT = 100;

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

/** Same word, or two inflections of the same stem. Both normalised. */
function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  const stemsOfB = stems(b);
  return stems(a).some((stem) => stemsOfB.includes(stem));
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

/** A typo of a word (one edit), tried only when nothing matched exactly. */
function nearlySameWord(a: string, b: string): boolean {
  if (a.length < MIN_TYPO_WORD_LENGTH || b.length < MIN_TYPO_WORD_LENGTH) return false;
  if (withinOneEdit(a, b)) return true;
  if (a.length < 8 || b.length < 8) return false;
  const stemsOfB = stems(b);
  return stems(a).some((x) => stemsOfB.some((y) => withinOneEdit(x, y)));
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

function makeToken(raw: string): Token {
  const lower = raw
    .toLowerCase()
    .replace(/^[("'«“”‘’[{]+/u, "")
    .replace(/[.,;:!?)"'»“”‘’\]}]+$/u, "");
  return { raw, lower, key: stripDiacritics(lower) };
}

/**
 * Splits on white space, keeping a Teams mention `<at>Anna Berg</at>` and a
 * Slack mention `<@U0ABC|anna>` whole, and splitting "närvaro,torget" at the
 * comma (but not "1,5h").
 */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pieces = text.normalize("NFC").match(/<at>[\s\S]*?<\/at>|<[@#!][^<>]*>|\S+/giu) ?? [];
  for (const piece of pieces) {
    if (piece.startsWith("<")) {
      tokens.push(makeToken(piece));
      continue;
    }
    for (const word of piece.replace(/,(?!\d)|(?<!\d),/g, ", ").split(/\s+/)) {
      if (word !== "") tokens.push(makeToken(word));
    }
  }
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
  | { kind: "duration"; minutes: number }
  | { kind: "count"; count: number }
  | { kind: "day"; day: string }
  | { kind: "bad-day"; text: string }
  | { kind: "mentions"; mentions: string[] };

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

function recogniseDuration(tokens: Token[], i: number): Recognised | null {
  const duration = (minutes: number, length: number): Recognised => ({
    part: { kind: "duration", minutes: Math.round(minutes) },
    length,
  });
  const key = keyAt(tokens, i);

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
    return duration(hours.value * 60, hours.length);
  }

  const minutes = minutesAt(tokens, i);
  if (minutes) return duration(minutes.value, minutes.length);
  return null;
}

/** "3st", "3 st", "x3", "3x", "3 ggr", "3 gånger", "en gång". */
function recogniseCount(tokens: Token[], i: number): Recognised | null {
  const count = (n: number, length: number): Recognised => ({ part: { kind: "count", count: n }, length });
  const key = keyAt(tokens, i);

  const attached = WORD_COUNT.exec(key) ?? WORD_TIMES_COUNT.exec(key);
  if (attached) return count(Number(attached[1]), 1);

  const amount = wholeAmountAt(tokens, i);
  if (amount !== null && IS_COUNT_UNIT.test(keyAt(tokens, i + 1))) return count(amount, 2);

  const nextAmount = /^\d{1,6}$/.test(keyAt(tokens, i + 1)) ? Number(keyAt(tokens, i + 1)) : null;
  if ((key === "x" || key === "×") && nextAmount !== null) return count(nextAmount, 2);
  return null;
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

/** The most recent such weekday: today when today is that weekday. */
function mostRecentWeekday(today: string, weekday: number): string {
  return addDays(today, -((isoWeekday(today) - weekday + 7) % 7));
}

/** A day of a month without a year: this year, or last year if that would be in the future. */
function dayWithoutYear(today: string, month: number, dayOfMonth: number, text: string): Part {
  const year = Number(today.slice(0, 4));
  const thisYear = `${pad(year, 4)}-${pad(month)}-${pad(dayOfMonth)}`;
  const lastYear = `${pad(year - 1, 4)}-${pad(month)}-${pad(dayOfMonth)}`;
  if (isValidDay(thisYear) && daysBetween(thisYear, today) >= 0) return { kind: "day", day: thisYear };
  if (isValidDay(lastYear)) return { kind: "day", day: lastYear };
  return { kind: "bad-day", text };
}

function dayWithYear(year: number, month: number, dayOfMonth: number, text: string): Part {
  const day = `${pad(year, 4)}-${pad(month)}-${pad(dayOfMonth)}`;
  return isValidDay(day) ? { kind: "day", day } : { kind: "bad-day", text };
}

function recogniseDay(tokens: Token[], i: number, today: string): Recognised | null {
  const day = (d: string, length: number): Recognised => ({ part: { kind: "day", day: d }, length });
  const token = tokens[i];
  if (!token) return null;
  const key = token.key;
  const following = keyAt(tokens, i + 1);

  if (key === "idag" || key === "today") return day(today, 1);
  if (key === "igar" || key === "yesterday") return day(addDays(today, -1), 1);
  if (key === "forrgar" || key === "iforrgar") return day(addDays(today, -2), 1);
  if (key === "i") {
    if (following === "dag") return day(today, 2);
    if (following === "gar") return day(addDays(today, -1), 2);
    if (following === "forrgar") return day(addDays(today, -2), 2);
    const lastWeekday = LAST_WEEKDAYS.get(following);
    if (lastWeekday) return day(mostRecentWeekday(addDays(today, -1), lastWeekday), 2);
  }
  const lastWeekday = LAST_WEEKDAYS.get(key);
  if (lastWeekday) return day(mostRecentWeekday(addDays(today, -1), lastWeekday), 1);

  const weekday = WEEKDAYS.get(key) ?? WEEKDAY_ABBREVIATIONS.get(token.lower);
  if (weekday) return day(mostRecentWeekday(today, weekday), 1);

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
    const text = tokens
      .slice(i, start + 2)
      .map((t) => t.raw)
      .join(" ");
    const yearText = keyAt(tokens, start + 2);
    if (/^\d{4}$/.test(yearText)) {
      const part = dayWithYear(Number(yearText), month, Number(dayOfMonth[1]), `${text} ${yearText}`);
      return { part, length: start - i + 3 };
    }
    return { part: dayWithoutYear(today, month, Number(dayOfMonth[1]), text), length: start - i + 2 };
  }
  return null;
}

/** `med @anna @erik`, `med <@U0ABC>, <@U0DEF>`, `med <at>Anna Berg</at> och <at>Erik</at>`. */
function recogniseMentions(tokens: Token[], i: number): Recognised | null {
  const key = keyAt(tokens, i);
  if (key !== "med" && key !== "with") return null;
  const mentions: string[] = [];
  let next = i + 1;
  for (;;) {
    const token = tokens[next];
    if (!token) break;
    const raw = token.raw.replace(/(?<=\S)[,;.]+$/, "");
    if (isMention(raw)) {
      if (!mentions.includes(raw)) mentions.push(raw);
      next++;
      continue;
    }
    const isJoiner = ["och", "and", "&", ",", "+"].includes(token.raw.toLowerCase());
    const nextToken = tokens[next + 1];
    if (mentions.length > 0 && isJoiner && nextToken && isMention(nextToken.raw.replace(/(?<=\S)[,;.]+$/, ""))) {
      next++;
      continue;
    }
    break;
  }
  if (mentions.length === 0) return null;
  return { part: { kind: "mentions", mentions }, length: next - i };
}

/** Finds every part recognised by its form; the rest are words (activity and note). */
function recogniseParts(tokens: Token[], today: string): { parts: Part[]; words: Token[] } {
  const parts: Part[] = [];
  const words: Token[] = [];
  let i = 0;
  while (i < tokens.length) {
    const recognised =
      recogniseMentions(tokens, i) ??
      recogniseDay(tokens, i, today) ??
      recogniseDuration(tokens, i) ??
      recogniseCount(tokens, i);
    if (recognised) {
      parts.push(recognised.part);
      i += recognised.length;
    } else {
      words.push(tokens[i] as Token);
      i++;
    }
  }
  return { parts, words };
}

// ───────────────────────── the activity ─────────────────────────

type Level = "code" | "alias" | "name";
const LEVELS: Level[] = ["code", "alias", "name"];

interface ActivityTerms {
  activity: ActivityCandidate;
  code: string;
  /** each alias as its normalised words */
  aliases: string[][];
  nameWords: string[];
}

function termsOf(activity: ActivityCandidate): ActivityTerms {
  const wordsOf = (text: string): string[] =>
    String(text ?? "")
      .split(/\s+/)
      .map(normalizeWord)
      .filter((w) => w !== "");
  return {
    activity,
    code: normalizeWord(String(activity.code ?? "")),
    aliases: (Array.isArray(activity.aliases) ? activity.aliases : []).map(wordsOf).filter((words) => words.length > 0),
    nameWords: wordsOf(activity.name).filter((w) => w.length >= 3 && !STOPWORDS.has(w)),
  };
}

interface Word {
  token: Token;
  norm: string;
  /** a stop word, a mention or bare punctuation: never names an activity alone */
  ignorable: boolean;
  isStopword: boolean;
}

function wordOf(token: Token): Word {
  const norm = normalizeWord(token.raw);
  const isStopword = STOPWORDS.has(norm);
  return { token, norm, isStopword, ignorable: isStopword || norm === "" || isMention(token.raw) };
}

/** Positions of the words that match an activity, per level. */
type Matches = Record<Level, Set<number>>;

function exactMatches(words: Word[], terms: ActivityTerms): Matches {
  const matches: Matches = { code: new Set(), alias: new Set(), name: new Set() };
  words.forEach((word, k) => {
    if (word.ignorable) return;
    if (terms.code !== "" && word.norm === terms.code) matches.code.add(k);
    for (const alias of terms.aliases) {
      if (alias.length === 1 && sameWord(word.norm, alias[0] as string)) matches.alias.add(k);
      // "trygghetsvandring" typed for the alias "trygghets vandring"
      if (alias.length > 1 && word.norm === alias.join("")) matches.alias.add(k);
      // "trygghets vandring" typed for the alias "trygghetsvandring"
      const next = words[k + 1];
      if (alias.length === 1 && next && !next.ignorable && word.norm + next.norm === alias[0]) {
        matches.alias.add(k).add(k + 1);
      }
      // a phrase alias, word by word
      if (alias.length > 1) {
        const phrase = words.slice(k, k + alias.length);
        const isPhrase =
          phrase.length === alias.length &&
          phrase.every((w, j) => w.norm === alias[j] || (!w.ignorable && sameWord(w.norm, alias[j] as string)));
        if (isPhrase) {
          for (let j = 0; j < alias.length; j++) matches.alias.add(k + j);
        }
      }
    }
    if (word.norm.length >= 3 && terms.nameWords.some((w) => sameWord(word.norm, w))) {
      matches.name.add(k);
    }
  });
  return matches;
}

function typoMatches(words: Word[], terms: ActivityTerms): Matches {
  const matches: Matches = { code: new Set(), alias: new Set(), name: new Set() };
  const singleWordAliases = terms.aliases.filter((a) => a.length === 1).map((a) => a[0] as string);
  words.forEach((word, k) => {
    if (word.ignorable) return;
    if (singleWordAliases.some((alias) => nearlySameWord(word.norm, alias))) matches.alias.add(k);
    if (terms.nameWords.some((w) => nearlySameWord(word.norm, w))) matches.name.add(k);
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

function isStrictSuperset(a: Set<number>, b: Set<number>): boolean {
  return a.size > b.size && [...b].every((k) => a.has(k));
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
function chooseAmong(all: ActivityMatches[], words: Word[]): ActivityChoice {
  for (const level of LEVELS) {
    const candidates = all.filter((m) => m.matches[level].size > 0);
    if (candidates.length === 0) continue;
    const winner =
      candidates.length === 1
        ? candidates[0]
        : candidates.find((c) => candidates.every((other) => other === c || isStrictSuperset(c.all, other.all)));
    if (!winner) return { kind: "ambiguous", candidates: candidates.map((c) => c.terms.activity) };
    return { kind: "found", activity: winner.terms.activity, words: activityPhrase(winner, level, words) };
  }
  return { kind: "none" };
}

/**
 * The words to take out of the note: those that matched at the deciding
 * level, widened to neighbours that also name the activity ("L4
 * trygghetsvandring") and stop words between them ("närvaro på torget").
 */
function activityPhrase(winner: ActivityMatches, level: Level, words: Word[]): Set<number> {
  const phrase = new Set(winner.matches[level]);
  let grown = true;
  while (grown) {
    grown = false;
    for (const k of [...phrase]) {
      for (const step of [1, -1]) {
        const neighbour = k + step;
        if (!phrase.has(neighbour) && winner.all.has(neighbour)) {
          phrase.add(neighbour);
          grown = true;
        }
        const beyond = k + 2 * step;
        if (!phrase.has(neighbour) && words[neighbour]?.isStopword && (phrase.has(beyond) || winner.all.has(beyond))) {
          phrase.add(neighbour).add(beyond);
          grown = true;
        }
      }
    }
  }
  return phrase;
}

function chooseActivity(words: Word[], activities: ActivityCandidate[]): ActivityChoice {
  const distinct = activities.filter((a, index) => a && activities.findIndex((b) => b?.id === a.id) === index);
  const allTerms = distinct.map(termsOf);
  const exact = chooseAmong(
    allTerms.map((terms) => withAll(terms, exactMatches(words, terms))),
    words,
  );
  if (exact.kind !== "none") return exact;
  return chooseAmong(
    allTerms.map((terms) => withAll(terms, typoMatches(words, terms))),
    words,
  );
}

// ───────────────────────── the line ─────────────────────────

function fail(error: LogLineError): LogLineResult {
  return { ok: false, error };
}

/** The single value of a kind of part; "two" when two different values were given. */
function single<T>(values: T[]): T | null | "two" {
  const distinct = [...new Set(values)];
  if (distinct.length > 1) return "two";
  return distinct[0] ?? null;
}

function cutToLength(text: string, maxLength: number): string {
  const characters = Array.from(text);
  return characters.length <= maxLength ? text : characters.slice(0, maxLength).join("").trimEnd();
}

/**
 * Parses the text after `/logga`. Errors are reported in this order: empty,
 * day (bad, two, future), duration (two, out of range), count (two, out of
 * range), activity (none, ambiguous), missing duration. Two equal values of
 * the same kind ("idag ons" on a Wednesday) are not a conflict. Never throws
 * for any text, given a valid `ctx.today`.
 */
export function parseLogLine(text: string, ctx: LogLineContext): LogLineResult {
  const tokens = tokenize(typeof text === "string" ? text : "");
  if (!tokens.some(hasLetterOrDigit)) return fail({ code: "empty" });

  const { parts, words: remaining } = recogniseParts(tokens, ctx.today);

  const badDay = parts.find((p) => p.kind === "bad-day");
  if (badDay) return fail({ code: "bad-day", text: badDay.text });
  const day = single(parts.flatMap((p) => (p.kind === "day" ? [p.day] : [])));
  if (day === "two") return fail({ code: "two-days" });
  if (day !== null && daysBetween(ctx.today, day) > 0) return fail({ code: "future-day", day });

  const minutes = single(parts.flatMap((p) => (p.kind === "duration" ? [p.minutes] : [])));
  if (minutes === "two") return fail({ code: "two-durations" });
  if (minutes !== null && !(minutes > 0 && minutes <= MAX_MINUTES)) {
    return fail({ code: "duration-out-of-range" });
  }

  const count = single(parts.flatMap((p) => (p.kind === "count" ? [p.count] : [])));
  if (count === "two") return fail({ code: "two-counts" });
  if (count !== null && !(count >= 1 && count <= MAX_COUNT)) return fail({ code: "count-out-of-range" });

  const words = remaining.map(wordOf);
  const choice = chooseActivity(words, Array.isArray(ctx.activities) ? ctx.activities : []);
  if (choice.kind === "none") return fail({ code: "no-activity" });
  if (choice.kind === "ambiguous") return fail({ code: "ambiguous", candidates: choice.candidates });
  const { activity } = choice;
  if (activity.unit === "timmar" && minutes === null) return fail({ code: "missing-duration", activity });

  const mentions: string[] = [];
  for (const part of parts) {
    if (part.kind !== "mentions") continue;
    for (const mention of part.mentions) if (!mentions.includes(mention)) mentions.push(mention);
  }

  const noteWords = words.filter((_, k) => !choice.words.has(k)).map((w) => w.token.raw);
  while (noteWords.length > 0 && !/[\p{L}\p{N}]/u.test(noteWords[0] as string)) noteWords.shift();
  const masking = maskPersonalData(noteWords.join(" "));

  return {
    ok: true,
    value: {
      activity,
      minutes,
      count: count ?? (activity.unit === "tillfällen" ? 1 : null),
      day: day ?? ctx.today,
      mentions,
      note: cutToLength(masking.text, NOTE_MAX_LENGTH),
      masked: masking.masked,
    },
  };
}
