// The weekly reminder (opt-in per group): a private nudge near the end of the
// week to a member who logged nothing this week on any promise activity that
// concerns their group, listing the week's activities. Whoever logged anything
// (or was logged for with `med`) gets none; a gruppchef gets one only as a
// member of the group who logged nothing. Never a public list of names.
import { isLang, type Lang } from "../../domain/lang.js";
import { addDays, isoWeek, startOfIsoWeek } from "../../domain/calendar.js";
import { translator } from "../../i18n/index.js";
import type { Reply } from "../../core/reply.js";
import type { CoreContext } from "../../core/context.js";
import { activitiesLoggedBy, reminderGroups } from "./store.js";
import { activitiesOfGroup, exampleLine } from "./weeklyStatus.js";
import { OPEN_FORM_ACTION } from "../../core/reply.js";
import { dayName } from "./nudgeText.js";

export interface ReminderTarget {
  personId: string;
  name: string;
  lang: Lang;
  reply: Reply;
}

export interface ReminderOptions {
  /** only these groups (those whose reminder is due now); default all */
  groupIds?: Set<string>;
  /** people already settled in the ledger: not looked at again */
  settled?: Set<string>;
  /** the reminder comes later than its fixed day because of this holiday (said in the message) */
  moved?: { from: string; holiday: string };
}

/** Members of reminder-enabled groups in the LPO who logged nothing this week on an activity that concerns them. */
export async function remindersFor(
  ctx: CoreContext,
  lpoId: string,
  day: string,
  options: ReminderOptions = {},
): Promise<ReminderTarget[]> {
  const monday = startOfIsoWeek(day);
  const sunday = addDays(monday, 6);
  const groups = (await reminderGroups(ctx, lpoId)).filter((g) => !options.groupIds || options.groupIds.has(g.id));
  const seen = new Set<string>();
  const targets: ReminderTarget[] = [];
  for (const group of groups) {
    const activities = await activitiesOfGroup(ctx, { id: group.id, name: group.name, lpoId }, day);
    if (activities.length === 0) continue;
    for (const { person } of group.members) {
      if (seen.has(person.id) || person.forgottenAt || options.settled?.has(person.id)) continue;
      const logged = await activitiesLoggedBy(
        ctx,
        person.id,
        monday,
        sunday,
        activities.map((a) => a.id),
      );
      // logged anything this week: no nudge (it is not a list of what else could be logged)
      if (logged.size > 0) continue;
      const missing = activities;
      seen.add(person.id);
      const lang = isLang(person.lang) ? person.lang : ctx.defaultLang;
      const t = translator(lang);
      const names = missing.map((a) => `${a.code} ${a.name}`).join(", ");
      const reminder = t("reminder.text", {
        name: person.name.split(" ")[0],
        activities: names,
        example: exampleLine(missing[0]),
        week: isoWeek(day).week,
      });
      const text = options.moved
        ? `${reminder} ${t("nudge.moved", { day: dayName(lang, options.moved.from), holiday: options.moved.holiday })}`
        : reminder;
      targets.push({
        personId: person.id,
        name: person.name,
        lang,
        reply: {
          text,
          blocks: [
            { kind: "heading", text: t("reminder.heading", { week: isoWeek(day).week }) },
            { kind: "text", text },
            {
              kind: "actions",
              buttons: [
                { label: t("status.logButton"), action: { id: OPEN_FORM_ACTION, value: "logga" }, style: "primary" },
              ],
            },
          ],
        },
      });
    }
  }
  return targets;
}
