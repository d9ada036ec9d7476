/**
 * Calendar days as plain strings "YYYY-MM-DD".
 *
 * A calendar day has no time zone of its own; it becomes one only when an
 * instant is read in a zone (`dayInZone`). All arithmetic here is done on the
 * proleptic Gregorian calendar through UTC midnights, so daylight saving time
 * never shifts a day.
 */

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The last day read per zone, by the UTC second it was read for: a zone's
 * offset is whole seconds, so its days begin on whole UTC seconds and every
 * instant in one second falls on the same day. (formatToParts costs ~10 µs and
 * a /logga line asks for today several times.)
 */
const lastDay = new Map<string, { second: number; day: string }>();

/** The calendar day an instant falls on in a time zone, e.g. Europe/Stockholm. */
export function dayInZone(instant: Date, timeZone: string): string {
  const second = Math.floor(instant.getTime() / 1000);
  const last = lastDay.get(timeZone);
  if (last?.second === second) return last.day;
  const parts = formatterFor(timeZone).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? "";
  const year = part("year").padStart(4, "0");
  const day = `${year}-${part("month")}-${part("day")}`;
  lastDay.set(timeZone, { second, day });
  return day;
}

function toUtcMidnight(day: string): number {
  const match = DAY_PATTERN.exec(day);
  if (!match) throw new RangeError(`not a calendar day: ${day}`);
  return utcMidnight(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

/** Like Date.UTC, but without its mapping of years 0–99 to 1900–1999. */
function utcMidnight(year: number, monthIndex: number, dayOfMonth: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, dayOfMonth);
  return date.getTime();
}

function fromUtcMidnight(ms: number): string {
  const date = new Date(ms);
  const year = String(date.getUTCFullYear()).padStart(4, "0");
  const month = String(date.getUTCMonth() + 1).padStart(2, "0");
  const dayOfMonth = String(date.getUTCDate()).padStart(2, "0");
  return `${year}-${month}-${dayOfMonth}`;
}

/** True for a real calendar day written "YYYY-MM-DD" (2026-02-30 is not). */
export function isValidDay(day: string): boolean {
  const match = DAY_PATTERN.exec(day);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const dayOfMonth = Number(match[3]);
  if (month < 1 || month > 12 || dayOfMonth < 1) return false;
  return dayOfMonth <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one.
  return new Date(utcMidnight(year, month, 0)).getUTCDate();
}

export function addDays(day: string, n: number): string {
  return fromUtcMidnight(toUtcMidnight(day) + n * MS_PER_DAY);
}

/** b − a in whole days (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return Math.round((toUtcMidnight(b) - toUtcMidnight(a)) / MS_PER_DAY);
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: string): number {
  const sundayIsZero = new Date(toUtcMidnight(day)).getUTCDay();
  return sundayIsZero === 0 ? 7 : sundayIsZero;
}

/** The Monday of the ISO week the day belongs to. */
export function startOfIsoWeek(day: string): string {
  return addDays(day, 1 - isoWeekday(day));
}

/**
 * ISO 8601 week: weeks start on Monday and week 1 is the week holding the
 * year's first Thursday, so the Thursday of a week decides its year.
 */
export function isoWeek(day: string): { year: number; week: number } {
  const thursday = addDays(day, 4 - isoWeekday(day));
  const year = Number(thursday.slice(0, 4));
  const firstOfYear = `${thursday.slice(0, 4)}-01-01`;
  const week = Math.floor(daysBetween(firstOfYear, thursday) / 7) + 1;
  return { year, week };
}
