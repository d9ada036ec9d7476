/**
 * When a group's weekly nudge (the weekly status to its channel, the weekly
 * reminder to its members) is due, per ISO week:
 *
 * - Without a shift rotation: at the fixed time (the cron's first time in the
 *   week: Monday 07:00 for the status, Friday 10:00 for the reminder); when
 *   that day is a Swedish public holiday or jul-, midsommar- or nyårsafton
 *   (domain/holidays.ts), at the same time on the next working day, and the
 *   due time says which holiday moved it.
 * - With a rotation (domain/shiftRotation.ts): the status at the start of the
 *   group's first shift of the week; the reminder at the start of its first
 *   shift from the fixed reminder time on (or, when the week has none left,
 *   its last shift before it). Shift starts are working time, so holidays do
 *   not move them. A week with no shift has no nudge: nobody is nudged on a
 *   day off.
 *
 * A due nudge is sent from its time until the end of the ISO week it falls in;
 * one whose week ended unsent is "missed" (recorded as skipped by the runner).
 * Its period (ledger key) is the week it is FOR, which a holiday move can
 * carry into the next week (Friday 25 Dec 2026 → Monday 28 Dec).
 */
import { addDays, dayInZone, daysBetween, isoWeek, startOfIsoWeek } from "../domain/calendar.js";
import { holidayOn, nextWorkingDay } from "../domain/holidays.js";
import { type ShiftRotation, shiftStartsBetween, type WorkingShift } from "../domain/shiftRotation.js";
import { clockInZone, zonedInstant } from "../domain/zonedTime.js";
import { nextRun } from "./cron.js";

export type NudgeKind = "status" | "reminder";

export interface NudgeDue {
  /** the ISO week the nudge is for, e.g. "2026-W52" (the ledger period) */
  period: string;
  /** that week's Monday */
  monday: string;
  at: Date;
  basis: "fixed" | "shift";
  /** the shift it goes out at the start of (basis "shift") */
  shift?: WorkingShift;
  /** the day it was due on and the holiday that moved it (basis "fixed") */
  moved?: { from: string; holiday: string };
}

export interface NudgeRule {
  kind: NudgeKind;
  /** the fixed time, as a cron expression in the service's zone */
  cron: string;
}

function periodOfMonday(monday: string): string {
  const { year, week } = isoWeek(monday);
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** The cron's first time in the week starting `monday`, null when it has none that week. */
function firstCronTime(cron: string, monday: string, timeZone: string): Date | null {
  const weekStart = zonedInstant(monday, 0, 0, timeZone);
  const first = nextRun(cron, new Date(weekStart.getTime() - 60_000), timeZone, 8);
  if (!first || daysBetween(monday, dayInZone(first, timeZone)) > 6) return null;
  return first;
}

function fixedDue(rule: NudgeRule, monday: string, timeZone: string): NudgeDue | null {
  const first = firstCronTime(rule.cron, monday, timeZone);
  if (!first) return null;
  const period = periodOfMonday(monday);
  const day = dayInZone(first, timeZone);
  const holiday = holidayOn(day);
  if (!holiday) return { period, monday, at: first, basis: "fixed" };
  const [hour, minute] = clockInZone(first, timeZone).split(":").map(Number);
  return {
    period,
    monday,
    at: zonedInstant(nextWorkingDay(day), hour, minute, timeZone),
    basis: "fixed",
    moved: { from: day, holiday: holiday.name },
  };
}

function shiftDue(rule: NudgeRule, rotation: ShiftRotation, monday: string, timeZone: string): NudgeDue | null {
  const starts = shiftStartsBetween(rotation, monday, addDays(monday, 6), timeZone);
  let chosen = starts[0];
  if (rule.kind === "reminder") {
    const fixed = firstCronTime(rule.cron, monday, timeZone);
    chosen = (fixed && starts.find((s) => s.at.getTime() >= fixed.getTime())) ?? starts.at(-1)!;
  }
  if (!chosen) return null;
  return { period: periodOfMonday(monday), monday, at: chosen.at, basis: "shift", shift: chosen.kind };
}

/** When the group's nudge for the week starting `monday` is due; null when it has none that week. */
export function nudgeDue(
  rule: NudgeRule,
  rotation: ShiftRotation | null,
  monday: string,
  timeZone: string,
): NudgeDue | null {
  return rotation ? shiftDue(rule, rotation, monday, timeZone) : fixedDue(rule, monday, timeZone);
}

/** The end of the ISO week the nudge's time falls in: it is not sent after that. */
export function windowEnd(due: NudgeDue, timeZone: string): Date {
  const monday = startOfIsoWeek(dayInZone(due.at, timeZone));
  return zonedInstant(addDays(monday, 7), 0, 0, timeZone);
}

export interface NudgeAt {
  due: NudgeDue;
  /** "due": send it now; "missed": its week ended unsent */
  state: "due" | "missed";
}

/**
 * The group's nudges that are due or missed at `now`: this week's and last
 * week's (a holiday can carry last week's into this one).
 */
export function nudgesAt(rule: NudgeRule, rotation: ShiftRotation | null, now: Date, timeZone: string): NudgeAt[] {
  const thisMonday = startOfIsoWeek(dayInZone(now, timeZone));
  const out: NudgeAt[] = [];
  for (const monday of [addDays(thisMonday, -7), thisMonday]) {
    const due = nudgeDue(rule, rotation, monday, timeZone);
    if (!due || due.at.getTime() > now.getTime()) continue;
    out.push({ due, state: now.getTime() < windowEnd(due, timeZone).getTime() ? "due" : "missed" });
  }
  return out;
}

/** The group's next nudge after `now` (looking up to `weeks` weeks ahead), null when there is none. */
export function nextNudge(
  rule: NudgeRule,
  rotation: ShiftRotation | null,
  now: Date,
  timeZone: string,
  weeks = 12,
): NudgeDue | null {
  const thisMonday = startOfIsoWeek(dayInZone(now, timeZone));
  for (let w = -1; w <= weeks; w++) {
    const due = nudgeDue(rule, rotation, addDays(thisMonday, 7 * w), timeZone);
    if (due && due.at.getTime() > now.getTime()) return due;
  }
  return null;
}
