// Cron expressions (5 fields: minute hour day-of-month month day-of-week) read
// in a time zone. node-cron fires the schedules; this answers the questions it
// cannot: when was the last scheduled time before now (catch-up after
// downtime), and when is the next one (`jobs list`).
import { validate } from "node-cron";

interface CronFields {
  minute: Set<number>;
  hour: Set<number>;
  dayOfMonth: Set<number>;
  month: Set<number>;
  dayOfWeek: Set<number>;
  anyDayOfMonth: boolean;
  anyDayOfWeek: boolean;
}

function field(text: string, min: number, max: number): Set<number> {
  const values = new Set<number>();
  for (const part of text.split(",")) {
    const [range, stepText] = part.split("/");
    const step = stepText ? Number(stepText) : 1;
    let from = min;
    let to = max;
    if (range !== "*") {
      const [a, b] = range.split("-");
      from = Number(a);
      to = b === undefined ? (stepText ? max : from) : Number(b);
    }
    if (![from, to, step].every(Number.isInteger) || step < 1) throw new Error(`invalid cron field "${text}"`);
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

export function parseCron(expression: string): CronFields {
  if (!validate(expression)) throw new Error(`invalid cron expression "${expression}"`);
  const parts = expression.trim().split(/\s+/);
  const [minute, hour, dom, month, dow] = parts.length === 6 ? parts.slice(1) : parts;
  const dayOfWeek = field(dow, 0, 7);
  if (dayOfWeek.has(7)) dayOfWeek.add(0);
  return {
    minute: field(minute, 0, 59),
    hour: field(hour, 0, 23),
    dayOfMonth: field(dom, 1, 31),
    month: field(month, 1, 12),
    dayOfWeek,
    anyDayOfMonth: dom === "*",
    anyDayOfWeek: dow === "*",
  };
}

interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

function localTime(instant: Date, timeZone: string): LocalTime {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    weekday: "short",
    hourCycle: "h23",
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  const weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  return {
    year: Number(get("year")),
    month: Number(get("month")),
    day: Number(get("day")),
    hour: Number(get("hour")),
    minute: Number(get("minute")),
    weekday: weekdays.indexOf(get("weekday")),
  };
}

export function cronMatches(fields: CronFields, instant: Date, timeZone: string): boolean {
  const t = localTime(instant, timeZone);
  return fields.minute.has(t.minute) && fields.hour.has(t.hour) && dayMatches(fields, t);
}

const MINUTE = 60_000;

function dayMatches(fields: CronFields, t: LocalTime): boolean {
  if (!fields.month.has(t.month)) return false;
  const domOk = fields.dayOfMonth.has(t.day);
  const dowOk = fields.dayOfWeek.has(t.weekday);
  if (fields.anyDayOfMonth && fields.anyDayOfWeek) return true;
  if (fields.anyDayOfMonth) return dowOk;
  if (fields.anyDayOfWeek) return domOk;
  return domOk || dowOk;
}

/** Walks minute by minute, but skips whole days and hours that cannot match. */
function search(expression: string, instant: Date, timeZone: string, maxDays: number, direction: 1 | -1): Date | null {
  const fields = parseCron(expression);
  let t = Math.floor(instant.getTime() / MINUTE) * MINUTE + (direction === 1 ? MINUTE : 0);
  const limit = instant.getTime() + direction * maxDays * 24 * 60 * MINUTE;
  while (direction === 1 ? t <= limit : t >= limit) {
    const local = localTime(new Date(t), timeZone);
    if (!dayMatches(fields, local)) {
      const minutesToSkip =
        direction === 1 ? (23 - local.hour) * 60 + (60 - local.minute) : local.hour * 60 + local.minute + 1;
      t += direction * minutesToSkip * MINUTE;
    } else if (!fields.hour.has(local.hour)) {
      t += direction * (direction === 1 ? 60 - local.minute : local.minute + 1) * MINUTE;
    } else if (!fields.minute.has(local.minute)) {
      t += direction * MINUTE;
    } else return new Date(t);
  }
  return null;
}

/** The latest scheduled minute at or before `instant` (searching back up to `maxDays`). */
export function previousRun(expression: string, instant: Date, timeZone: string, maxDays = 400): Date | null {
  return search(expression, instant, timeZone, maxDays, -1);
}

/** The next scheduled minute after `instant`. */
export function nextRun(expression: string, instant: Date, timeZone: string, maxDays = 400): Date | null {
  return search(expression, instant, timeZone, maxDays, 1);
}
