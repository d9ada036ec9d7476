import type { Lang } from "./lang.js";
// Wall-clock times in a time zone (Europe/Stockholm): a day and a time of
// day typed in a form become an instant, and an instant is shown the Swedish
// or English way.

/** "16", "16:30", "16.30", "1630", "kl 16" → { hour, minute }; null when not a time of day. */
export function parseClock(text: string): { hour: number; minute: number } | null {
  const match = /^(?:kl\.?\s*)?(\d{1,2})(?:[:.]?(\d{2}))?$/i.exec(text.trim());
  if (!match) return null;
  const hour = Number(match[1]);
  const minute = match[2] === undefined ? 0 : Number(match[2]);
  if (hour > 23 || minute > 59) return null;
  return { hour, minute };
}

/** How far the zone's wall clock is ahead of UTC at `instant`, in ms. */
function offsetAt(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return wall - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant a wall-clock time on a day has in a time zone (a skipped hour moves forward). */
export function zonedInstant(day: string, hour: number, minute: number, timeZone: string): Date {
  const [y, m, d] = day.split("-").map(Number);
  const wall = Date.UTC(y, m - 1, d, hour, minute);
  let guess = wall;
  for (let i = 0; i < 3; i++) {
    const next = wall - offsetAt(new Date(guess), timeZone);
    if (next === guess) break;
    guess = next;
  }
  return new Date(guess);
}

/** "fredag 4 december kl. 16:00" / "Friday 4 December 16:00" */
export function formatDateTime(instant: Date, lang: Lang, timeZone: string): string {
  const locale = lang === "sv" ? "sv-SE" : "en-GB";
  const date = new Intl.DateTimeFormat(locale, { timeZone, weekday: "long", day: "numeric", month: "long" }).format(
    instant,
  );
  const time = new Intl.DateTimeFormat(locale, {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(instant);
  return lang === "sv" ? `${date} kl. ${time}` : `${date} ${time}`;
}

/** "16:00" in the zone */
export function clockInZone(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("sv-SE", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(
    instant,
  );
}
