/**
 * Swedish public holidays (allmänna helgdagar, Lag (1989:253) om allmänna
 * helgdagar) and the three eves that are days off in practice (julafton,
 * midsommarafton, nyårsafton), from the `date-holidays` library: its Swedish
 * rules cover the Easter-based days, midsommar and alla helgons dag (moving
 * Saturdays), so none of it is written by hand here.
 *
 * Invariants: a calendar day is a plain "YYYY-MM-DD" (calendar.ts); the days
 * are the library's own (no time zone is involved); Sundays are holidays by
 * the law but are weekend days here, so `holidayOn` names only the listed
 * days and `isWorkingDay` is false for Saturdays, Sundays and every listed day.
 * The library (every country's rules, ~18 MiB resident) loads on the first
 * question — the nudge jobs ask, `/logga` never does — as its CommonJS build,
 * which costs ~10 MiB less than its ES modules.
 */
import { createRequire } from "node:module";
import type HolidaysLibrary from "date-holidays";
import { addDays, isoWeekday } from "./calendar.js";

export interface Holiday {
  day: string;
  /** the Swedish name, e.g. "juldagen", "midsommarafton" */
  name: string;
}

/** The eves the library files as bank holidays: days off in practice, named by the brief. */
const EVES = new Set(["julafton", "midsommarafton", "nyårsafton"]);

let sweden: HolidaysLibrary | undefined;

function swedishCalendar(): HolidaysLibrary {
  if (!sweden) {
    const Holidays = createRequire(import.meta.url)("date-holidays") as typeof HolidaysLibrary;
    sweden = new Holidays("SE", { languages: ["sv"] });
  }
  return sweden;
}
const byYear = new Map<number, Holiday[]>();

/** The year's public holidays and the three eves, in date order. */
export function swedishHolidays(year: number): Holiday[] {
  let list = byYear.get(year);
  if (!list) {
    list = swedishCalendar()
      .getHolidays(year, "sv")
      .filter((h) => h.type === "public" || EVES.has(h.name))
      .map((h) => ({ day: h.date.slice(0, 10), name: h.name }))
      .sort((a, b) => a.day.localeCompare(b.day));
    byYear.set(year, list);
  }
  return list;
}

/** The holiday or eve on `day`, null when it is none. */
export function holidayOn(day: string): Holiday | null {
  return swedishHolidays(Number(day.slice(0, 4))).find((h) => h.day === day) ?? null;
}

/** Monday–Friday and neither a holiday nor one of the eves. */
export function isWorkingDay(day: string): boolean {
  return isoWeekday(day) <= 5 && holidayOn(day) === null;
}

/** The first working day after `day`. */
export function nextWorkingDay(day: string): string {
  let next = addDays(day, 1);
  while (!isWorkingDay(next)) next = addDays(next, 1);
  return next;
}
