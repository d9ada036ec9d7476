// The status feature's scheduled jobs: the weekly promise status to every
// bound turlag channel, the end-of-week reminder to those who logged nothing,
// and a group's status forwarded from the digest's button when it could not
// go at once. Each delivers at most once per recipient and period (the ledger).
import { dayInZone } from "../../domain/calendar.js";
import type { CoreContext } from "../../core/context.js";
import { weekLabel } from "../../progress/progress.js";
import { channelRoutes } from "../../delivery/routes.js";
import { boundChannelsOfLpo } from "./store.js";
import { FORWARD_JOB, FORWARD_PERIOD, plannedForwards } from "./forwardStatus.js";
import { remindersFor } from "./weeklyReminder.js";
import { type LpoProgress, loadLpoProgress, weeklyStatus } from "./weeklyStatus.js";
import type { JobDefinition, PlannedDelivery } from "../../schedules/job.js";

export function isoWeekPeriod(at: Date, timeZone: string): string {
  return weekLabel(dayInZone(at, timeZone));
}

export const weeklyStatusJob: JobDefinition = {
  name: "weekly-status",
  description: "Veckostatus för medborgarlöftena till varje kopplad turlagskanal",
  defaultCron: "0 7 * * 1",
  cronFor: (lpo) => lpo.weeklyStatusCron,
  periodOf: isoWeekPeriod,
  async plan(ctx: CoreContext, lpoId: string, at: Date): Promise<PlannedDelivery[]> {
    const bindings = await boundChannelsOfLpo(ctx, lpoId);
    // the figures of every group in the LPO come from one snapshot, loaded when the first message is built
    let data: Promise<LpoProgress> | undefined;
    const shared = () => {
      data ??= loadLpoProgress(ctx, lpoId, dayInZone(at, ctx.timeZone));
      return data;
    };
    return bindings.map((b) => ({
      recipient: `${b.platform}:channel:${b.channelId}`,
      routes: channelRoutes(b.platform, b.channelId),
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
    const routes = await ctx.routes.of(targets.map((t) => t.personId));
    return targets.map((target) => ({
      recipient: `person:${target.personId}`,
      routes: routes.get(target.personId) ?? [],
      build: async () => target.reply,
    }));
  },
};

export const forwardStatusJob: JobDefinition = {
  name: FORWARD_JOB,
  description: "Skickar en grupps veckostatus till gruppens kanal (knapp i sammanfattningen) när det inte gick direkt",
  defaultCron: "* * * * *",
  // one standing period: each forward's recipient key carries its own id
  periodOf: () => FORWARD_PERIOD,
  plan: plannedForwards,
};
