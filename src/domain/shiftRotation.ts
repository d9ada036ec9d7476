/**
 * A turlag's shift rotation: a repeating pattern of shifts (dag, kväll, natt,
 * ledig) from a start day, with each shift's start time. It comes from the
 * organisation file (`groups[].shifts`) and is stored with the group as JSON.
 *
 * Invariants: day N of the pattern is the start day + N (mod the pattern's
 * length), forwards and backwards from the start, so every calendar day has
 * exactly one shift; a "ledig" day has no start; a shift belongs to the day it
 * starts on (a night shift starting Sunday 22:00 is Sunday's). A rotation read
 * back from storage that does not hold is treated as no rotation (null) —
 * never as a guessed one.
 */
import { addDays, daysBetween, isValidDay } from "./calendar.js";
import { parseClock, zonedInstant } from "./zonedTime.js";

export const SHIFT_KINDS = ["dag", "kväll", "natt", "ledig"] as const;
export type ShiftKind = (typeof SHIFT_KINDS)[number];
export type WorkingShift = Exclude<ShiftKind, "ledig">;

/** Start times used when the organisation file gives none. */
export const DEFAULT_SHIFT_STARTS: Record<WorkingShift, string> = { dag: "07:00", kväll: "15:00", natt: "22:00" };

export const MAX_PATTERN_DAYS = 56;

export interface ShiftRotation {
  /** the day the pattern's first entry falls on, "YYYY-MM-DD" */
  start: string;
  pattern: ShiftKind[];
  /** start time of each working shift, "HH:MM"; missing ones take DEFAULT_SHIFT_STARTS */
  times?: Partial<Record<WorkingShift, string>>;
}

export interface ShiftStart {
  day: string;
  kind: WorkingShift;
  at: Date;
}

/** The shift on `day`. */
export function shiftOn(rotation: ShiftRotation, day: string): ShiftKind {
  const n = rotation.pattern.length;
  const index = ((daysBetween(rotation.start, day) % n) + n) % n;
  return rotation.pattern[index];
}

/** "HH:MM" of a working shift's start. */
export function shiftStartTime(rotation: ShiftRotation, kind: WorkingShift): string {
  return rotation.times?.[kind] ?? DEFAULT_SHIFT_STARTS[kind];
}

/** The working shifts starting on the days from `from` through `to`, in order. */
export function shiftStartsBetween(rotation: ShiftRotation, from: string, to: string, timeZone: string): ShiftStart[] {
  const starts: ShiftStart[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const kind = shiftOn(rotation, day);
    if (kind === "ledig") continue;
    const clock = parseClock(shiftStartTime(rotation, kind))!;
    starts.push({ day, kind, at: zonedInstant(day, clock.hour, clock.minute, timeZone) });
  }
  return starts;
}

/** What is wrong with a rotation, in the organisation file's words; empty when it holds. */
export function rotationProblems(rotation: ShiftRotation): string[] {
  const problems: string[] = [];
  if (!isValidDay(rotation.start)) problems.push(`start must be a real date YYYY-MM-DD (got "${rotation.start}")`);
  if (rotation.pattern.length < 1 || rotation.pattern.length > MAX_PATTERN_DAYS)
    problems.push(`pattern must have 1–${MAX_PATTERN_DAYS} days (got ${rotation.pattern.length})`);
  const unknown = rotation.pattern.find((k) => !(SHIFT_KINDS as readonly string[]).includes(k));
  if (unknown !== undefined) problems.push(`unknown shift "${unknown}" (${SHIFT_KINDS.join(", ")})`);
  else if (rotation.pattern.length > 0 && rotation.pattern.every((k) => k === "ledig"))
    problems.push("pattern has no working shift (only ledig)");
  for (const [kind, time] of Object.entries(rotation.times ?? {})) {
    if (!(["dag", "kväll", "natt"] as string[]).includes(kind)) problems.push(`times: unknown shift "${kind}"`);
    else if (typeof time !== "string" || !/^\d{2}:\d{2}$/.test(time) || !parseClock(time))
      problems.push(`times.${kind} must be a time HH:MM, e.g. "07:00" (got "${String(time)}")`);
  }
  return problems;
}

/** A stored rotation (JSON), or null when there is none or it does not hold. */
export function readRotation(json: string | null | undefined): ShiftRotation | null {
  if (!json) return null;
  try {
    const value = JSON.parse(json) as ShiftRotation;
    if (typeof value !== "object" || value === null || !Array.isArray(value.pattern) || typeof value.start !== "string")
      return null;
    return rotationProblems(value).length === 0 ? value : null;
  } catch {
    return null;
  }
}
