// The status feature's scheduled jobs: the weekly promise status to every
// bound turlag channel — and, for a group bound to none, privately to its
// gruppchef with a one-line hint to bind one (nobody is silently left out;
// timed and settled in the ledger like a bound group's), the end-of-week
// reminder to those who logged nothing, and a group's status forwarded from the digest's button when it could not
// go at once. Each delivers at most once per recipient and period (the ledger).
//
// The weekly status and the reminder are timed per group (schedules/
// nudgeTiming.ts): the fixed time, moved to the next working day when it falls
// on a Swedish public holiday or eve, or the start of the group's shift when
// the organisation file gives the group a rotation. The jobs therefore tick
// every minute and plan only what is due; the ledger period is the week a
// nudge is FOR, which a holiday can carry into the next week. What is settled
// in the ledger is left out before anything is built, so a tick with nothing
// due costs a few reads per LPO.
import { dayInZone } from "../../domain/calendar.js";
import { readRotation } from "../../domain/shiftRotation.js";
import { zonedInstant } from "../../domain/zonedTime.js";
import type { CoreContext } from "../../core/context.js";
import { weekLabel } from "../../progress/progress.js";
import { channelRoutes } from "../../delivery/routes.js";
import { AUTOMATIC_ATTEMPTS, ledgerRows } from "../../schedules/deliveryLedger.js";
import { type NudgeAt, type NudgeDue, type NudgeRule, nextNudge, nudgesAt } from "../../schedules/nudgeTiming.js";
import {
  type BoundChannel,
  boundChannelsOfLpo,
  reminderGroups,
  type UnboundGroup,
  unboundGroupsOfLpo,
  weeklyStatusCronOf,
} from "./store.js";
import { isLang, type Lang } from "../../domain/lang.js";
import { translator } from "../../i18n/index.js";
import type { Reply } from "../../core/reply.js";
import { FORWARD_JOB, FORWARD_PERIOD, plannedForwards } from "./forwardStatus.js";
import { remindersFor } from "./weeklyReminder.js";
import { type LpoProgress, loadLpoProgress, weeklyStatus } from "./weeklyStatus.js";
import type { GroupNextRun, JobDefinition, PlannedDelivery } from "../../schedules/job.js";

export function isoWeekPeriod(at: Date, timeZone: string): string {
  return weekLabel(dayInZone(at, timeZone));
}

/** The fixed times when no shift rotation decides (Europe/Stockholm unless TZ_REGION says otherwise). */
export const WEEKLY_STATUS_CRON = "0 7 * * 1";
export const WEEKLY_REMINDER_CRON = "0 10 * * 5";
/**
 * How long a scheduled status waits for its chart: nobody is waiting for an answer, and a run draws the
 * charts of every channel and gruppchef at once (an answer's 1.2 s is too short for that).
 */
export const SCHEDULED_CHART_WITHIN_MS = 30_000;

/** The nudge jobs look every minute for what has become due. */
const EVERY_MINUTE = "* * * * *";

const MISSED =
  "missed: not sent in its week (the service was down at its time, or the channel was bound later) and the week is over";

/** The instant a nudge's message is written for: its own (unmoved) day, so the week it names is its period's. */
function writtenAt(due: NudgeDue, timeZone: string): Date {
  return due.moved ? zonedInstant(due.moved.from, 12, 0, timeZone) : due.at;
}

/** The day a nudge was due on, as the message says it. */
function dueDay(due: NudgeDue, timeZone: string): string {
  return due.moved?.from ?? dayInZone(due.at, timeZone);
}

/** Whether the ledger already settles a delivery (or, for a missed one, knows it at all). */
function settled(
  rows: Map<string, { status: string; attempts: number }>,
  state: NudgeAt["state"],
  period: string,
  recipient: string,
): boolean {
  const row = rows.get(`${period}|${recipient}`);
  if (!row) return false;
  if (state === "missed") return true;
  return row.status === "sent" || row.status === "skipped" || row.attempts >= AUTOMATIC_ATTEMPTS;
}

function basisText(due: NudgeDue | null): string {
  if (!due) return "no shift in the next 12 weeks";
  if (due.basis === "shift") return `start of shift (${due.shift})`;
  return due.moved ? `moved from ${due.moved.from} (${due.moved.holiday})` : "fixed time";
}

async function statusRule(ctx: CoreContext, lpoId: string): Promise<NudgeRule> {
  return { kind: "status", cron: (await weeklyStatusCronOf(ctx, lpoId)) ?? WEEKLY_STATUS_CRON };
}

const REMINDER_RULE: NudgeRule = { kind: "reminder", cron: WEEKLY_REMINDER_CRON };

export const weeklyStatusJob: JobDefinition = {
  name: "weekly-status",
  description:
    "Veckostatus för medborgarlöftena till varje kopplad turlagskanal, grupper utan kanal privat till gruppchefen (fast tid, nästa vardag vid helgdag, eller vid turlagets första pass i veckan)",
  defaultCron: EVERY_MINUTE,
  periodOf: isoWeekPeriod,
  async notes(ctx: CoreContext, lpoId: string): Promise<string[]> {
    return unboundNotes(await unboundGroupsOfLpo(ctx, lpoId));
  },
  async plan(ctx: CoreContext, lpoId: string, at: Date): Promise<PlannedDelivery[]> {
    const rule = await statusRule(ctx, lpoId);
    const [bindings, unbound] = await Promise.all([boundChannelsOfLpo(ctx, lpoId), unboundGroupsOfLpo(ctx, lpoId)]);
    // a group without a channel: its status privately to its gruppchef (one delivery per group), with the hint;
    // timed like a bound group's (its own shifts and holiday moves)
    const led = unbound.filter((g): g is UnboundGroup & { lead: NonNullable<UnboundGroup["lead"]> } => g.lead !== null);
    type Target = { kind: "channel"; binding: BoundChannel } | { kind: "lead"; group: (typeof led)[number] };
    const targets: { target: Target; shifts: string | null; recipient: string }[] = [
      ...bindings.map((b) => ({
        target: { kind: "channel" as const, binding: b },
        shifts: b.group.shifts,
        recipient: `${b.platform}:channel:${b.channelId}`,
      })),
      ...led.map((g) => ({
        target: { kind: "lead" as const, group: g },
        shifts: g.shifts,
        recipient: `person:${g.lead.id}:group:${g.id}`,
      })),
    ];
    const due = targets.flatMap((t) =>
      nudgesAt(rule, readRotation(t.shifts), at, ctx.timeZone).map((n) => ({ ...t, ...n })),
    );
    if (due.length === 0) return [];
    const rows = await ledgerRows(ctx.prisma, weeklyStatusJob.name, [...new Set(due.map((d) => d.due.period))]);
    const open = due.filter(({ due: nudge, state, recipient }) => !settled(rows, state, nudge.period, recipient));
    if (open.length === 0) return [];
    // the figures of every group written for one day come from one snapshot, loaded when the first message is built
    const snapshots = new Map<string, Promise<LpoProgress>>();
    const shared = (day: string) => {
      let data = snapshots.get(day);
      if (!data) {
        data = loadLpoProgress(ctx, lpoId, day);
        snapshots.set(day, data);
      }
      return data;
    };
    const leadIds = [...new Set(open.flatMap(({ target }) => (target.kind === "lead" ? [target.group.lead.id] : [])))];
    const leadRoutes = leadIds.length > 0 ? await ctx.routes.of(leadIds) : new Map();
    return open.map(({ target, due: nudge, state, recipient }) => {
      const written = writtenAt(nudge, ctx.timeZone);
      const options = async () => ({
        data: await shared(dayInZone(written, ctx.timeZone)),
        chartWithinMs: SCHEDULED_CHART_WITHIN_MS,
        ...(nudge.moved ? { moved: nudge.moved } : {}),
      });
      const common = { recipient, period: nudge.period, ...(state === "missed" ? { skip: MISSED } : {}) };
      if (target.kind === "channel") {
        const b = target.binding;
        return {
          ...common,
          routes: channelRoutes(b.platform, b.channelId),
          build: async () =>
            weeklyStatus(ctx, { id: b.group.id, name: b.group.name, lpoId }, written, ctx.defaultLang, await options()),
        };
      }
      const g = target.group;
      return {
        ...common,
        routes: leadRoutes.get(g.lead.id) ?? [],
        build: async () => {
          const lang = isLang(g.lead.lang) ? g.lead.lang : ctx.defaultLang;
          const status = await weeklyStatus(ctx, { id: g.id, name: g.name, lpoId }, written, lang, await options());
          return withUnboundHint(status, lang, g);
        },
      };
    });
  },
  async nextRuns(ctx, lpoId, now): Promise<GroupNextRun[]> {
    const rule = await statusRule(ctx, lpoId);
    const seen = new Set<string>();
    const runs: GroupNextRun[] = [];
    const [bindings, unbound] = await Promise.all([boundChannelsOfLpo(ctx, lpoId), unboundGroupsOfLpo(ctx, lpoId)]);
    const groups = [...bindings.map((b) => b.group), ...unbound.filter((g) => g.lead !== null)];
    for (const group of groups) {
      if (seen.has(group.id)) continue;
      seen.add(group.id);
      const next = nextNudge(rule, readRotation(group.shifts), now, ctx.timeZone);
      runs.push({ group: group.id, at: next?.at ?? null, basis: basisText(next) });
    }
    return runs;
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

/** A reminder is sent on the day it is due (until midnight); a later one would be stale. */
function reminderStillDue(due: NudgeDue, at: Date, timeZone: string): boolean {
  return dayInZone(at, timeZone) === dayInZone(due.at, timeZone);
}

export const weeklyReminderJob: JobDefinition = {
  name: "weekly-reminder",
  description:
    "Privat påminnelse i slutet av veckan till den som inte loggat (grupper som valt det; fast tid, nästa vardag vid helgdag, eller vid ett pass)",
  defaultCron: EVERY_MINUTE,
  periodOf: isoWeekPeriod,
  async plan(ctx, lpoId, at) {
    const groups = await reminderGroups(ctx, lpoId);
    // groups due now, by the nudge they share (period and holiday move)
    const buckets = new Map<string, { due: NudgeDue; groupIds: Set<string>; memberIds: Set<string> }>();
    for (const group of groups) {
      for (const { due, state } of nudgesAt(REMINDER_RULE, readRotation(group.shifts), at, ctx.timeZone)) {
        if (state !== "due" || !reminderStillDue(due, at, ctx.timeZone)) continue;
        const key = `${due.period}|${dueDay(due, ctx.timeZone)}|${due.moved?.holiday ?? ""}`;
        const bucket = buckets.get(key) ?? { due, groupIds: new Set<string>(), memberIds: new Set<string>() };
        bucket.groupIds.add(group.id);
        for (const m of group.members) bucket.memberIds.add(m.person.id);
        buckets.set(key, bucket);
      }
    }
    if (buckets.size === 0) return [];
    const rows = await ledgerRows(ctx.prisma, weeklyReminderJob.name, [
      ...new Set([...buckets.values()].map((b) => b.due.period)),
    ]);
    const planned: PlannedDelivery[] = [];
    const inRun = new Set<string>();
    for (const { due, groupIds, memberIds } of buckets.values()) {
      const done = new Set([...memberIds].filter((id) => settled(rows, "due", due.period, `person:${id}`)));
      if (done.size === memberIds.size) continue;
      const targets = (
        await remindersFor(ctx, lpoId, dueDay(due, ctx.timeZone), {
          groupIds,
          settled: done,
          ...(due.moved ? { moved: due.moved } : {}),
        })
      ).filter((t) => !inRun.has(`${due.period}|${t.personId}`));
      const routes = await ctx.routes.of(targets.map((t) => t.personId));
      for (const target of targets) {
        inRun.add(`${due.period}|${target.personId}`);
        planned.push({
          recipient: `person:${target.personId}`,
          period: due.period,
          routes: routes.get(target.personId) ?? [],
          build: async () => target.reply,
        });
      }
    }
    return planned;
  },
  async nextRuns(ctx, lpoId, now): Promise<GroupNextRun[]> {
    return (await reminderGroups(ctx, lpoId)).map((group) => {
      const next = nextNudge(REMINDER_RULE, readRotation(group.shifts), now, ctx.timeZone);
      return { group: group.id, at: next?.at ?? null, basis: basisText(next) };
    });
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
