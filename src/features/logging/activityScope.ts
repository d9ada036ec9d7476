// The activities a log line is matched against, as the log sees them: the
// parser's candidates (with the first day they may be logged on: their
// promise's start), the list shown when nothing matched, and the group an
// entry counts for (a group of the person that the activity concerns).
import type { ActivityInScope } from "../../storage/organisationRepository.js";
import type { ActivityCandidate } from "./oneLineLog.js";

export function candidate(a: ActivityInScope): ActivityCandidate {
  return {
    id: a.id,
    code: a.code,
    name: a.name,
    aliases: a.aliases,
    unit: a.unit,
    promiseTitle: a.promiseTitle,
    from: a.promiseFrom,
    to: a.promiseTo,
    kommun: a.kommunName,
  };
}

export function activityList(activities: ActivityInScope[]): string {
  return activities.map((a) => `${a.code} ${a.name}`).join(", ");
}

/** The person's group the entry counts for: one the activity concerns, else their first; null without groups. */
export function groupFor(personGroups: string[], activity: ActivityInScope): string | null {
  if (activity.groupIds.length === 0) return personGroups[0] ?? null;
  return personGroups.find((g) => activity.groupIds.includes(g)) ?? personGroups[0] ?? null;
}
