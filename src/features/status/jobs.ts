// Löftesbot's scheduled jobs. Each delivers at most once per recipient and
// period (the delivery ledger); `loftesbot jobs list` shows them.
import { dayInZone } from "../../domain/calendar.js";
import type { CoreContext } from "../../core/context.js";
import { weekLabel } from "../../progress/progress.js";
import { channelRoutes } from "../../delivery/routes.js";
import { runRetention } from "../retention/index.js";
import { firstLpoId, boundChannelsOfLpo } from "./store.js";
import { remindersFor } from "./weeklyReminder.js";
import { type LpoProgress, loadLpoProgress, weeklyStatus } from "./weeklyStatus.js";
import { followUpJobs } from "../digest/jobs.js";
import type { DeliveryRoute, JobDefinition, PlannedDelivery } from "../../schedules/job.js";
import { pollJobs } from "../dialog/jobs.js";

export function isoWeekPeriod(at: Date, timeZone: string): string {
  return weekLabel(dayInZone(at, timeZone));
}

/**
 * Both platforms a person can be reached on, Teams first (the police's main platform).
 * @deprecated use ctx.routes (`await ctx.routes.of(personIds)`), which reads the platform ids itself
 */
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

export const retentionJob: JobDefinition = {
  name: "retention",
  description: "Gallring: anteckningar, fritextsvar och granskningslogg äldre än inställt",
  defaultCron: "30 2 * * *",
  periodOf: (at, timeZone) => dayInZone(at, timeZone),
  async prepare(ctx, lpoId, at) {
    // one run covers every LPO: do it for the first only
    if ((await firstLpoId(ctx)) === lpoId) await runRetention(ctx, at);
  },
  async plan() {
    return [];
  },
};

export const jobs: JobDefinition[] = [weeklyStatusJob, weeklyReminderJob, retentionJob, ...followUpJobs, ...pollJobs];

export function findJob(name: string): JobDefinition | undefined {
  return jobs.find((j) => j.name === name);
}
