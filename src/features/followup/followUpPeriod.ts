// Follow-up periods as people type them: `2026-11` (a month), `2026-Q3` (a
// quarter), `v47` / `2026-W47` (an ISO week), `2026` (a year), a single day,
// or any range `2026-03-01..2026-08-31`. Pure: `today` decides the defaults.
import type { Lang } from "../../domain/lang.js";
import { addDays, daysBetween, isoWeek, isValidDay, startOfIsoWeek } from "../../domain/calendar.js";
import type { DayRange } from "../../domain/targetPeriod.js";

export type FollowUpPeriodKind = "month" | "quarter" | "week" | "year" | "range";

export interface FollowUpPeriod extends DayRange {
  kind: FollowUpPeriodKind;
  /** canonical form: 2026-11, 2026-Q3, 2026-W47, 2026, 2026-03-01..2026-08-31 */
  key: string;
}

export type FollowUpPeriodParse = { ok: true; period: FollowUpPeriod } | { ok: false; text: string };

/** The longest range accepted (about three years). */
export const MAX_RANGE_DAYS = 3 * 366;

const pad = (n: number) => String(n).padStart(2, "0");

function lastOfMonth(year: number, month: number): string {
  return `${year}-${pad(month)}-${pad(new Date(Date.UTC(year, month, 0)).getUTCDate())}`;
}

export function monthPeriod(year: number, month: number): FollowUpPeriod {
  return {
    kind: "month",
    key: `${year}-${pad(month)}`,
    from: `${year}-${pad(month)}-01`,
    to: lastOfMonth(year, month),
  };
}

export function quarterPeriod(year: number, quarter: number): FollowUpPeriod {
  const first = (quarter - 1) * 3 + 1;
  return {
    kind: "quarter",
    key: `${year}-Q${quarter}`,
    from: `${year}-${pad(first)}-01`,
    to: lastOfMonth(year, first + 2),
  };
}

/** The number of ISO weeks in an ISO week-year (52 or 53). */
export function weeksInIsoYear(year: number): number {
  return isoWeek(`${year}-12-28`).week;
}

export function weekPeriod(year: number, week: number): FollowUpPeriod {
  const monday = addDays(startOfIsoWeek(`${year}-01-04`), 7 * (week - 1));
  return { kind: "week", key: `${year}-W${pad(week)}`, from: monday, to: addDays(monday, 6) };
}

export function yearPeriod(year: number): FollowUpPeriod {
  return { kind: "year", key: String(year), from: `${year}-01-01`, to: `${year}-12-31` };
}

export function rangePeriod(from: string, to: string): FollowUpPeriod {
  return { kind: "range", key: from === to ? from : `${from}..${to}`, from, to };
}

/** The month that holds `day`. */
export function monthOf(day: string): FollowUpPeriod {
  return monthPeriod(Number(day.slice(0, 4)), Number(day.slice(5, 7)));
}

export function parseFollowUpPeriod(input: string, today: string): FollowUpPeriodParse {
  const text = input.trim().replace(/\s+/g, " ");
  if (text === "") return { ok: true, period: monthOf(today) };
  const bad = { ok: false as const, text };

  let m = /^(\d{4})-(\d{1,2})$/.exec(text);
  if (m) {
    const month = Number(m[2]);
    return month >= 1 && month <= 12 ? { ok: true, period: monthPeriod(Number(m[1]), month) } : bad;
  }

  m = /^(\d{4}) ?-? ?[QqKk]([1-4])$/.exec(text);
  if (m) return { ok: true, period: quarterPeriod(Number(m[1]), Number(m[2])) };

  m = /^(\d{4}) ?-? ?[Ww] ?(\d{1,2})$/.exec(text);
  if (m) {
    const year = Number(m[1]);
    const week = Number(m[2]);
    return week >= 1 && week <= weeksInIsoYear(year) ? { ok: true, period: weekPeriod(year, week) } : bad;
  }

  // v47, v.47, v 47, vecka 47, w47, week 47: the most recent week 47 (this ISO year's, unless it is still ahead)
  m = /^(?:v|v\.|w|vecka|week) ?(\d{1,2})$/i.exec(text);
  if (m) {
    const week = Number(m[1]);
    let year = isoWeek(today).year;
    if (week > weeksInIsoYear(year) || weekPeriod(year, week).from > today) year -= 1;
    return week >= 1 && week <= weeksInIsoYear(year) ? { ok: true, period: weekPeriod(year, week) } : bad;
  }

  m = /^(\d{4})$/.exec(text);
  if (m) return { ok: true, period: yearPeriod(Number(m[1])) };

  m = /^(\d{4}-\d{2}-\d{2})(?: ?(?:\.\.\.?|–|—|\/| - | till | to ) ?(\d{4}-\d{2}-\d{2}))?$/.exec(text);
  if (m) {
    const from = m[1];
    const to = m[2] ?? m[1];
    if (!isValidDay(from) || !isValidDay(to) || to < from) return bad;
    if (daysBetween(from, to) + 1 > MAX_RANGE_DAYS) return bad;
    return { ok: true, period: rangePeriod(from, to) };
  }
  return bad;
}

/** The period just before, of the same kind and length (for comparison). */
export function previousPeriod(period: FollowUpPeriod): FollowUpPeriod {
  const year = Number(period.from.slice(0, 4));
  switch (period.kind) {
    case "month": {
      const month = Number(period.from.slice(5, 7));
      return month === 1 ? monthPeriod(year - 1, 12) : monthPeriod(year, month - 1);
    }
    case "quarter": {
      const quarter = Math.floor((Number(period.from.slice(5, 7)) - 1) / 3) + 1;
      return quarter === 1 ? quarterPeriod(year - 1, 4) : quarterPeriod(year, quarter - 1);
    }
    case "week": {
      const monday = addDays(period.from, -7);
      const { year: y, week } = isoWeek(monday);
      return weekPeriod(y, week);
    }
    case "year":
      return yearPeriod(year - 1);
    case "range": {
      const length = daysBetween(period.from, period.to) + 1;
      return rangePeriod(addDays(period.from, -length), addDays(period.from, -1));
    }
  }
}

/** The earlier of two days (strings "YYYY-MM-DD" compare as days). */
function earlier(a: string, b: string): string {
  return a <= b ? a : b;
}

/** Calendar months overlapping a range, each clipped to it. */
export function monthsOf(range: DayRange): FollowUpPeriod[] {
  const months: FollowUpPeriod[] = [];
  let cursor = range.from;
  while (cursor <= range.to) {
    const month = monthOf(cursor);
    months.push({ ...month, from: cursor, to: earlier(month.to, range.to) });
    cursor = addDays(month.to, 1);
  }
  return months;
}

/** ISO weeks overlapping a range, each clipped to it. */
export function weeksOf(range: DayRange): FollowUpPeriod[] {
  const weeks: FollowUpPeriod[] = [];
  let cursor = range.from;
  while (cursor <= range.to) {
    const { year, week } = isoWeek(cursor);
    const whole = weekPeriod(year, week);
    weeks.push({ ...whole, from: cursor, to: earlier(whole.to, range.to) });
    cursor = addDays(whole.to, 1);
  }
  return weeks;
}

/** The parts a chart or table splits a period into: weeks for up to five weeks, else months. */
export function partsOf(range: DayRange): FollowUpPeriod[] {
  return daysBetween(range.from, range.to) + 1 <= 35 ? weeksOf(range) : monthsOf(range);
}

const MONTHS = {
  sv: [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
  ],
  en: [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
  ],
};

export function monthName(lang: Lang, month: number): string {
  return MONTHS[lang][month - 1];
}

/** A short label for a chart bar or table row: "nov", "v47", "1–8 mar". */
export function shortLabel(lang: Lang, part: FollowUpPeriod): string {
  if (part.kind === "week") return `${lang === "sv" ? "v" : "w"}${Number(part.key.slice(6))}`;
  const month = monthName(lang, Number(part.from.slice(5, 7))).slice(0, 3);
  return part.kind === "month" ? month : `${Number(part.from.slice(8))}–${Number(part.to.slice(8))} ${month}`;
}

/** The period for people: "november 2026", "kvartal 3 2026", "v. 47 2026", "2026-03-01 – 2026-08-31". */
export function periodLabel(lang: Lang, period: FollowUpPeriod): string {
  const year = period.key.slice(0, 4);
  switch (period.kind) {
    case "month":
      return `${monthName(lang, Number(period.key.slice(5, 7)))} ${year}`;
    case "quarter":
      return lang === "sv" ? `kvartal ${period.key.slice(6)} ${year}` : `Q${period.key.slice(6)} ${year}`;
    case "week":
      return `${lang === "sv" ? "v." : "w."} ${Number(period.key.slice(6))} ${year}`;
    case "year":
      return year;
    case "range":
      return period.from === period.to ? period.from : `${period.from} – ${period.to}`;
  }
}
