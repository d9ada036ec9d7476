// Message catalogues and Swedish/English number and date formatting.
// translate() fills a template's {params} as literal text (src/core/replyText.ts):
// whatever a param holds — a title, an answer, a name — is shown as written and
// never read as markup; only a param wrapped in markup() (our own reply text,
// e.g. another translation that uses *bold*) is put in as markup.
import { literal } from "../core/replyText.js";
import { catalogues, type MessageKey } from "./catalogues.js";

import { isLang, type Lang } from "../domain/lang.js";

export { isLang, type Lang };
export type { MessageKey };

/** Reply text of our own (a translation, markup written by code), put into a template as it is. */
export class Markup {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** Marks reply text of our own as markup for a template's param; never for text a person wrote. */
export function markup(text: string): Markup {
  return new Markup(text);
}

export type Params = Record<string, string | number | Markup>;

function param(value: string | number | Markup): string {
  if (value instanceof Markup) return value.text;
  return typeof value === "number" ? String(value) : literal(value);
}

/**
 * A template cut at its `{param}`s: text, name, text, name, …, text (split at
 * /\{(\w+)\}/, as replacing them left to right reads them). Cut once per
 * template: the catalogues are fixed, so this holds about one entry per text.
 */
const cutTemplates = new Map<string, string[]>();

function cut(template: string): string[] {
  let pieces = cutTemplates.get(template);
  if (!pieces) {
    pieces = template.split(/\{(\w+)\}/);
    // a key missing from the catalogues is its own template: never let such texts fill memory
    if (cutTemplates.size >= 10_000) cutTemplates.clear();
    cutTemplates.set(template, pieces);
  }
  return pieces;
}

export function translate(lang: Lang, key: MessageKey, params: Params = {}): string {
  const template = catalogues[lang][key] ?? catalogues.sv[key] ?? key;
  const pieces = cut(template);
  let text = pieces[0] as string;
  for (let i = 1; i < pieces.length; i += 2) {
    const name = pieces[i] as string;
    text += (name in params ? param(params[name] as Params[string]) : `{${name}}`) + (pieces[i + 1] as string);
  }
  return text;
}

/** A translator bound to one language. */
export type Translate = (key: MessageKey, params?: Params) => string;

export function translator(lang: Lang): Translate {
  return (key, params) => translate(lang, key, params);
}

/** Intl.NumberFormat is costly to create: one per language and number of decimals. */
const numberFormats = new Map<string, Intl.NumberFormat>();

/**
 * The text Intl gives a number below 1000 (after rounding), without asking
 * Intl (a line's reply formats several). Intl rounds the number's shortest
 * decimal form (7.55 → "7,6", though the double is a little under 7.55) half
 * away from zero: so is it done here, on String(value)'s digits; then the
 * trailing zeros go and the language's decimal sign is put in (no grouping
 * below 1000). Null for anything else: -0, NaN, 1000 and more, an exponent.
 */
function plainNumber(lang: Lang, value: number, decimals: number): string | null {
  if (!(Math.abs(value) < 1000) || Object.is(value, -0) || !Number.isInteger(decimals) || decimals < 0) return null;
  const shortest = String(value);
  if (shortest.includes("e")) return null;
  const negative = value < 0;
  const unsigned = negative ? shortest.slice(1) : shortest;
  const point = unsigned.indexOf(".");
  let whole = point === -1 ? unsigned : unsigned.slice(0, point);
  let fraction = point === -1 ? "" : unsigned.slice(point + 1);
  if (fraction.length > decimals) {
    const roundUp = fraction.charCodeAt(decimals) >= 53; /* "5" */
    fraction = fraction.slice(0, decimals);
    if (roundUp) {
      // add one in the last kept place, carrying into the whole part
      const digits = (whole + fraction).split("").map(Number);
      let k = digits.length - 1;
      while (k >= 0 && digits[k] === 9) digits[k--] = 0;
      if (k >= 0) digits[k] = (digits[k] as number) + 1;
      else digits.unshift(1);
      const joined = digits.join("");
      whole = joined.slice(0, joined.length - fraction.length);
      fraction = joined.slice(joined.length - fraction.length);
    }
  }
  let end = fraction.length;
  while (end > 0 && fraction.charCodeAt(end - 1) === 48 /* "0" */) end--;
  fraction = fraction.slice(0, end);
  if (whole.length > 3) return null;
  const sign = negative ? "-" : "";
  return fraction === "" ? `${sign}${whole}` : `${sign}${whole}${lang === "sv" ? "," : "."}${fraction}`;
}

/** 1.5 → "1,5" in Swedish, "1.5" in English; at most `decimals` decimals, no trailing zeros. */
export function formatNumber(lang: Lang, value: number, decimals = 1): string {
  const plain = plainNumber(lang, value, decimals);
  if (plain !== null) return plain;
  const key = `${lang}:${decimals}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(lang === "sv" ? "sv-SE" : "en-GB", {
      maximumFractionDigits: decimals,
      useGrouping: true,
    });
    numberFormats.set(key, format);
  }
  return format.format(value).replace(/\u2212/g, "-");
}

/** From this many minutes on, hours are shown as a number of hours ("12,5 h"): sums, not durations. */
const DURATION_UNTIL_MINUTES = 600;

/**
 * A duration as people read it: 45 → "45 min", 90 → "1 h 30 min", 120 → "2 h"
 * (whole minutes; the same in Swedish and English) — never a fraction of an
 * hour such as "0,8 h". Sums of 10 h and more read as hours with one decimal
 * ("130,5 h"), as in the reports' tables.
 */
export function formatDuration(lang: Lang, minutes: number): string {
  if (Math.abs(minutes) >= DURATION_UNTIL_MINUTES) return `${formatNumber(lang, minutes / 60)} h`;
  const whole = Math.round(minutes);
  if (whole === 0) return "0 h";
  const sign = whole < 0 ? "-" : "";
  const m = Math.abs(whole);
  if (m < 60) return `${sign}${m} min`;
  const rest = m % 60;
  return rest === 0 ? `${sign}${(m - rest) / 60} h` : `${sign}${(m - rest) / 60} h ${rest} min`;
}

/** Minutes as a duration: 90 → "1 h 30 min" (see formatDuration). */
export function formatHours(lang: Lang, minutes: number): string {
  return formatDuration(lang, minutes);
}

/** An amount in a unit: "1 h 30 min", "45 min", "1 tillfälle" or "3 tillfällen". */
export function formatAmount(lang: Lang, unit: string, amount: number): string {
  if (unit === "timmar") return formatDuration(lang, amount * 60);
  const one = amount === 1;
  const word = lang === "sv" ? (one ? "tillfälle" : "tillfällen") : one ? "occasion" : "occasions";
  return `${formatNumber(lang, amount)} ${word}`;
}

/** The done part of "done/target": a duration for hours under 10 h ("45 min"), else a number ("12,5", "3"). */
export function formatDone(lang: Lang, unit: string, amount: number): string {
  return unit === "timmar" && amount !== 0 && amount * 60 < DURATION_UNTIL_MINUTES
    ? formatDuration(lang, amount * 60)
    : formatNumber(lang, amount);
}
