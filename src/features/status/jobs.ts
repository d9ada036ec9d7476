// The status feature's scheduled jobs: the weekly promise status to every
// bound turlag channel — and, for a group bound to none, privately to its
// gruppchef with a one-line hint to bind one (nobody is silently left out), the end-of-week reminder to those who logged nothing,
// and a group's status forwarded from the digest's button when it could not
// go at once. Each delivers at most once per recipient and period (the ledger).
import { dayInZone } from "../../domain/calendar.js";
import type { CoreContext } from "../../core/context.js";
import { weekLabel } from "../../progress/progress.js";
import { channelRoutes } from "../../delivery/routes.js";
import { boundChannelsOfLpo, type UnboundGroup, unboundGroupsOfLpo } from "./store.js";
import { isLang, type Lang } from "../../domain/lang.js";
import { translator } from "../../i18n/index.js";
import type { Reply } from "../../core/reply.js";
import { FORWARD_JOB, FORWARD_PERIOD, plannedForwards } from "./forwardStatus.js";
import { remindersFor } from "./weeklyReminder.js";
import { type LpoProgress, loadLpoProgress, weeklyStatus } from "./weeklyStatus.js";
import type { JobDefinition, PlannedDelivery } from "../../schedules/job.js";

export function isoWeekPeriod(at: Date, timeZone: string): string {
  return weekLabel(dayInZone(at, timeZone));
}

export const weeklyStatusJob: JobDefinition = {
  name: "weekly-status",
  description:
    "Veckostatus för medborgarlöftena till varje kopplad turlagskanal; grupper utan kanal privat till gruppchefen",
  defaultCron: "0 7 * * 1",
  cronFor: (lpo) => lpo.weeklyStatusCron,
  periodOf: isoWeekPeriod,
  async notes(ctx: CoreContext, lpoId: string): Promise<string[]> {
    return unboundNotes(await unboundGroupsOfLpo(ctx, lpoId));
  },
  async plan(ctx: CoreContext, lpoId: string, at: Date): Promise<PlannedDelivery[]> {
    const [bindings, unbound] = await Promise.all([boundChannelsOfLpo(ctx, lpoId), unboundGroupsOfLpo(ctx, lpoId)]);
    // the figures of every group in the LPO come from one snapshot, loaded when the first message is built
    let data: Promise<LpoProgress> | undefined;
    const shared = () => {
      data ??= loadLpoProgress(ctx, lpoId, dayInZone(at, ctx.timeZone));
      return data;
    };
    const toChannels: PlannedDelivery[] = bindings.map((b) => ({
      recipient: `${b.platform}:channel:${b.channelId}`,
      routes: channelRoutes(b.platform, b.channelId),
      build: async () =>
        weeklyStatus(ctx, { id: b.group.id, name: b.group.name, lpoId }, at, ctx.defaultLang, { data: await shared() }),
    }));
    // a group without a channel: its status privately to its gruppchef (one delivery per group), with the hint
    const led = unbound.filter((g) => g.lead !== null);
    const routes = await ctx.routes.of([...new Set(led.map((g) => g.lead!.id))]);
    const toLeaders: PlannedDelivery[] = led.map((g) => {
      const lead = g.lead!;
      return {
        recipient: `person:${lead.id}:group:${g.id}`,
        routes: routes.get(lead.id) ?? [],
        build: async () => {
          const lang = isLang(lead.lang) ? lead.lang : ctx.defaultLang;
          const status = await weeklyStatus(ctx, { id: g.id, name: g.name, lpoId }, at, lang, { data: await shared() });
          return withUnboundHint(status, lang, g);
        },
      };
    });
    return [...toChannels, ...toLeaders];
  },
};

/** The status with the one line that says why it came privately and how to bind the group's channel. */
export function withUnboundHint(status: Reply, lang: Lang, group: { id: string; name: string }): Reply {
  const hint = translator(lang)("status.unboundHint", { group: group.name, id: group.id });
  const [heading, ...rest] = status.blocks;
  return { text: `${status.text} ${hint}`, blocks: [heading, { kind: "context", text: hint }, ...rest] };
}

/** `jobs list`'s lines on the groups bound to no channel (who gets their status instead). */
export function unboundNotes(unbound: UnboundGroup[]): string[] {
  return unbound.map((g) =>
    g.lead
      ? `no channel: ${g.id} (${g.name}) – the status goes privately to its gruppchef ${g.lead.id}; bind with /loftesbot koppla ${g.id}`
      : `no channel: ${g.id} (${g.name}) – and no gruppchef: nobody gets its status; bind with /loftesbot koppla ${g.id}`,
  );
}

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
