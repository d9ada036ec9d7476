// Target periods: which days a target counts over ("vecka", "månad",
// "kvartal", "period") and how far into it a day is.
import { addDays, daysBetween, startOfIsoWeek } from "./calendar.js";

export type TargetPer = "vecka" | "månad" | "kvartal" | "period";

export interface DayRange {
  from: string;
  to: string;
}

function endOfMonth(year: number, month: number): string {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, "0")}-${String(last).padStart(2, "0")}`;
}

/** The target period of kind `per` that holds `day`; `promise` bounds "period". */
export function targetPeriodOf(per: TargetPer, day: string, promise: DayRange): DayRange {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  switch (per) {
    case "vecka": {
      const from = startOfIsoWeek(day);
      return { from, to: addDays(from, 6) };
    }
    case "månad":
      return { from: `${day.slice(0, 7)}-01`, to: endOfMonth(year, month) };
    case "kvartal": {
      const first = Math.floor((month - 1) / 3) * 3 + 1;
      return { from: `${year}-${String(first).padStart(2, "0")}-01`, to: endOfMonth(year, first + 2) };
    }
    case "period":
      return { from: promise.from, to: promise.to };
  }
}

/** Share of the period elapsed at the end of `day` (0–1). */
export function shareElapsed(range: DayRange, day: string): number {
  const total = daysBetween(range.from, range.to) + 1;
  const done = daysBetween(range.from, day) + 1;
  return Math.max(0, Math.min(1, done / total));
}
