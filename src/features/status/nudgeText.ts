// How the weekly nudges name a day in their text ("fredag 25 december" /
// "Friday 25 December"): a calendar day read at noon UTC, so that no time
// zone can move it to the day before or after.
import type { Lang } from "../../domain/lang.js";

export function dayName(lang: Lang, day: string): string {
  return new Intl.DateTimeFormat(lang === "sv" ? "sv-SE" : "en-GB", {
    timeZone: "UTC",
    weekday: "long",
    day: "numeric",
    month: "long",
  }).format(new Date(`${day}T12:00:00Z`));
}
