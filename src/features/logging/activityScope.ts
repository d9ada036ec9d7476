// The activities a log line is matched against, as the log sees them: the
// parser's candidates (with the first day they may be logged on: their
// promise's start), the list shown when nothing matched, and the group an
// entry counts for (a group of the person that the activity concerns).
import type { ActivityInScope } from "../../storage/organisationRepository.js";
import type { ActivityCandidate } from "./oneLineLog.js";

/**
 * The last candidate made of an activity (the organisation cache gives the
 * same activity objects line after line): given again only while every field
 * it was made of is still the same, so it always reads as a fresh copy would.
 * Frozen: shared by many lines, it is changed by none. Kept the same, it
 * lets the parser reuse what it derived of it (oneLineLog.ts termsOf).
 */
const candidates = new WeakMap<ActivityInScope, ActivityCandidate>();

export function candidate(a: ActivityInScope): ActivityCandidate {
  const last = candidates.get(a);
  if (
    last &&
    last.id === a.id &&
    last.code === a.code &&
    last.name === a.name &&
    last.aliases === a.aliases &&
    last.unit === a.unit &&
    last.promiseTitle === a.promiseTitle &&
    last.from === a.promiseFrom &&
    last.to === a.promiseTo &&
    last.kommun === a.kommunName
  )
    return last;
  const made: ActivityCandidate = Object.freeze({
    id: a.id,
    code: a.code,
    name: a.name,
    aliases: a.aliases,
    unit: a.unit,
    promiseTitle: a.promiseTitle,
    from: a.promiseFrom,
    to: a.promiseTo,
    kommun: a.kommunName,
  });
  candidates.set(a, made);
  return made;
}

export function activityList(activities: ActivityInScope[]): string {
  return activities.map((a) => `${a.code} ${a.name}`).join(", ");
}

/** The person's group the entry counts for: one the activity concerns, else their first; null without groups. */
export function groupFor(personGroups: string[], activity: ActivityInScope): string | null {
  if (activity.groupIds.length === 0) return personGroups[0] ?? null;
  return personGroups.find((g) => activity.groupIds.includes(g)) ?? personGroups[0] ?? null;
}
