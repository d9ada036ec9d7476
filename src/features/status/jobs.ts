// The status feature's scheduled jobs: the weekly promise status to every
// bound turlag channel and the end-of-week reminder to those who logged
// nothing. Each delivers at most once per recipient and period (the ledger).
import { dayInZone } from "../../domain/calendar.js";
import type { CoreContext } from "../../core/context.js";
import { weekLabel } from "../../progress/progress.js";
import { remindersFor } from "./weeklyReminder.js";
import { type LpoProgress, loadLpoProgress, weeklyStatus } from "./weeklyStatus.js";
import type { DeliveryRoute, JobDefinition, PlannedDelivery } from "../../schedules/job.js";

export function isoWeekPeriod(at: Date, timeZone: string): string {
  return weekLabel(dayInZone(at, timeZone));
}

/** Both platforms a person can be reached on, Teams first (the police's main platform). */
export function personRoutes(person: {
  id: string;
  slackUserId: string | null;
  teamsAadId: string | null;
}): DeliveryRoute[] {
  const routes: DeliveryRoute[] = [];
  if (person.teamsAadId)
    routes.push({ platform: "teams", to: { kind: "person", userId: person.teamsAadId, personId: person.id } });
  if (person.slackUserId)
    routes.push({ platform: "slack", to: { kind: "person", userId: person.slackUserId, personId: person.id } });
  return routes;
}

export const weeklyStatusJob: JobDefinition = {
  name: "weekly-status",
  description: "Veckostatus för medborgarlöftena till varje kopplad turlagskanal",
  defaultCron: "0 7 * * 1",
  cronFor: (lpo) => lpo.weeklyStatusCron,
  periodOf: isoWeekPeriod,
  async plan(ctx: CoreContext, lpoId: string, at: Date): Promise<PlannedDelivery[]> {
    const bindings = await ctx.prisma.channelBinding.findMany({
      where: { group: { lpoId } },
      include: { group: true },
      orderBy: [{ groupId: "asc" }, { platform: "asc" }],
    });
    // the figures of every group in the LPO come from one snapshot, loaded when the first message is built
    let data: Promise<LpoProgress> | undefined;
    const shared = () => {
      data ??= loadLpoProgress(ctx, lpoId, dayInZone(at, ctx.timeZone));
      return data;
    };
    return bindings.map((b) => ({
      recipient: `${b.platform}:channel:${b.channelId}`,
      routes: [{ platform: b.platform as "slack" | "teams", to: { kind: "channel", channelId: b.channelId } }],
      build: async () =>
        weeklyStatus(ctx, { id: b.group.id, name: b.group.name, lpoId }, at, ctx.defaultLang, { data: await shared() }),
    }));
  },
};

export const weeklyReminderJob: JobDefinition = {
  name: "weekly-reminder",
  description: "Privat påminnelse i slutet av veckan till den som inte loggat (grupper som valt det)",
  defaultCron: "0 10 * * 5",
  periodOf: isoWeekPeriod,
  async plan(ctx, lpoId, at) {
    const targets = await remindersFor(ctx, lpoId, dayInZone(at, ctx.timeZone));
    return targets.map((target) => ({
      recipient: `person:${target.personId}`,
      routes: personRoutes({ id: target.personId, slackUserId: target.slackUserId, teamsAadId: target.teamsAadId }),
      build: async () => target.reply,
    }));
  },
};
