// Progress of a promise activity — the one place it is computed. Every view
// (log reply, /mina, /lofte, weekly status, digests, follow-up, report) uses
// it: done against the target in force for a target period, per group and in
// total, share of the period elapsed, the trend over the last full weeks, and
// the baseline (given when the promise was made, or the first four full weeks
// of logging). Asked for one group, the figures are the group's own: its part
// of the target (share.ts) and its share of a given baseline, or its own first
// four logged weeks.
import { addDays, daysBetween, isoWeek, startOfIsoWeek } from "../domain/calendar.js";
import { type DayRange, shareElapsed, type TargetPer, targetPeriodOf } from "../domain/targetPeriod.js";
import { formatAmount, formatDone, formatNumber, type Lang } from "../i18n/index.js";
import type { ActivityInScope, TargetRow } from "../storage/organisationRepository.js";
import { type CoreContext, today } from "../core/context.js";
import { type GroupShare, loadShareBasis, type ShareBasis, shareOf } from "./share.js";

export interface WeekAmount {
  /** ISO week label, e.g. "2026-W47" */
  week: string;
  monday: string;
  /** null: the whole week lies before logging began (loggingBegan), not measured — never shown as 0 */
  amount: number | null;
}

export interface Baseline {
  /** per target period (the target's `per`) */
  amount: number;
  source: "given" | "logged";
  /** for "logged": the four weeks measured */
  from?: string;
  to?: string;
}

/** Done against the target in force for the current target period — what a log reply needs. */
export interface ActivityStanding {
  activity: ActivityInScope;
  target: TargetRow | null;
  period: DayRange;
  per: TargetPer;
  /** done in the target's unit (hours or occasions), all groups (or the group asked for) */
  done: number;
  byGroup: Map<string | null, number>;
  /** 0–1 */
  elapsed: number;
  /** asked for one group: its share of the target; null in total, or when the group does not work on it */
  share: GroupShare | null;
  /** the group's part of the target in force (target × share); null in total or without a target */
  groupTarget: number | null;
}

export interface ActivityProgress extends ActivityStanding {
  /** the last `trendWeeks` full ISO weeks before the week of the day, oldest first */
  trend: WeekAmount[];
  /** "none" when fewer than two of the trend weeks were measured */
  trendDirection: "up" | "down" | "flat" | "none";
  /** null while not measured: see baselineUntil */
  baseline: Baseline | null;
  /**
   * When the baseline is being measured (logged, its four weeks not over by
   * today): the last day of the measuring; null otherwise. A baseline that is
   * neither given nor being measured is missing ("saknas"), never 0.
   */
  baselineUntil: string | null;
}

export function amountInUnit(unit: string, minutes: number, count: number): number {
  return unit === "timmar" ? minutes / 60 : count;
}

export function weekLabel(day: string): string {
  const { year, week } = isoWeek(day);
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** How many weeks a target period holds (for converting a weekly baseline). */
export function weeksPer(per: TargetPer, period: DayRange): number {
  switch (per) {
    case "vecka":
      return 1;
    case "månad":
      return 52 / 12;
    case "kvartal":
      return 13;
    case "period":
      return (daysBetween(period.from, period.to) + 1) / 7;
  }
}

export interface ProgressOptions {
  /** only this group's work in `done`, `trend` and `baseline`, with its share of the target (byGroup is always all groups) */
  groupId?: string;
  trendWeeks?: number;
  /** the groups and members a split needs; loaded when absent */
  basis?: ShareBasis;
}

/** A group's share and its part of the target in force. */
export function groupPart(
  activity: ActivityInScope,
  target: TargetRow | null,
  groupId: string | undefined,
  basis: ShareBasis | undefined,
): { share: GroupShare | null; groupTarget: number | null } {
  if (!groupId || !basis) return { share: null, groupTarget: null };
  const share = shareOf(activity, groupId, basis);
  return { share, groupTarget: share && target ? target.amount * share.fraction : null };
}

/** The standing alone: the target in force and one aggregate (the hot path of every log reply). */
export async function activityStanding(
  ctx: CoreContext,
  activity: ActivityInScope,
  day: string,
  options: { groupId?: string; basis?: ShareBasis } = {},
): Promise<ActivityStanding> {
  const target = await ctx.organisation.targetOn(activity.id, day);
  const per: TargetPer = target?.per ?? "vecka";
  const period = targetPeriodOf(per, day, { from: activity.promiseFrom, to: activity.promiseTo });
  const unit = target?.unit ?? activity.unit;
  const rows = await ctx.activityLog.standingByGroup(activity.id, period.from, period.to);
  const byGroup = new Map<string | null, number>();
  let total = 0;
  for (const row of rows) {
    const amount = amountInUnit(unit, row.minutes, row.count);
    byGroup.set(row.groupId, amount);
    total += amount;
  }
  const done = options.groupId ? (byGroup.get(options.groupId) ?? 0) : total;
  const basis = options.groupId ? (options.basis ?? (await loadShareBasis(ctx, [activity.lpoId]))) : undefined;
  return {
    activity,
    target,
    period,
    per,
    done,
    byGroup,
    elapsed: shareElapsed(period, day),
    ...groupPart(activity, target, options.groupId, basis),
  };
}

/** The same standing for one group (as activityStanding with `groupId` on the same day), from the rows already read. */
export function standingOfGroup(
  standing: ActivityStanding,
  groupId: string,
  basis: ShareBasis | undefined,
): ActivityStanding {
  return {
    ...standing,
    done: standing.byGroup.get(groupId) ?? 0,
    ...groupPart(standing.activity, standing.target, groupId, basis),
  };
}

export async function activityProgress(
  ctx: CoreContext,
  activity: ActivityInScope,
  day: string,
  options: ProgressOptions = {},
): Promise<ActivityProgress> {
  const trendWeeks = options.trendWeeks ?? 4;
  const standing = await activityStanding(ctx, activity, day, options);
  const { target, per, period } = standing;
  const unit = target?.unit ?? activity.unit;
  const thisMonday = startOfIsoWeek(day);
  const trendFrom = addDays(thisMonday, -7 * trendWeeks);
  const daily = await ctx.activityLog.amountsByDay(activity.id, trendFrom, addDays(thisMonday, -1), options.groupId);
  const began = trendWeeks > 0 ? await loggingBegan(ctx, activity) : null;
  const trend: WeekAmount[] = [];
  for (let i = 0; i < trendWeeks; i++) {
    const monday = addDays(trendFrom, 7 * i);
    const sunday = addDays(monday, 6);
    const amount = daily
      .filter((d) => d.day >= monday && d.day <= sunday)
      .reduce((sum, d) => sum + amountInUnit(unit, d.minutes, d.count), 0);
    trend.push({ week: weekLabel(monday), monday, amount: weekMeasured(monday, began) ? amount : null });
  }

  return {
    ...standing,
    trend,
    trendDirection: direction(trend),
    ...(await baselineOf(ctx, activity, per, period, unit, options.groupId, standing.share)),
  };
}

/**
 * The day logging began for an activity, as the follow-up counts it: its
 * first entry, else the first entry of its LPO on any activity (when the bot
 * was taken into use there); null when nothing was logged.
 */
export async function loggingBegan(ctx: CoreContext, activity: ActivityInScope): Promise<string | null> {
  return (
    (await ctx.activityLog.firstEntryDay(activity.id)) ?? (await ctx.activityLog.firstEntryDayOfLpo(activity.lpoId))
  );
}

/** A week was measured when logging had begun by its Sunday; a week wholly before it was not. */
export function weekMeasured(monday: string, began: string | null): boolean {
  return began !== null && addDays(monday, 6) >= began;
}

/** The last measured week against the average of the measured weeks before it (±10 % is flat). */
export function direction(trend: WeekAmount[]): "up" | "down" | "flat" | "none" {
  const measured = trend.map((w) => w.amount).filter((a): a is number => a !== null);
  if (measured.length < 2) return trend.length < 2 ? "flat" : "none";
  const last = measured[measured.length - 1];
  const before = measured.slice(0, -1);
  const average = before.reduce((s, a) => s + a, 0) / before.length;
  if (average === 0) return last > 0 ? "up" : "flat";
  const change = (last - average) / average;
  return change > 0.1 ? "up" : change < -0.1 ? "down" : "flat";
}

/**
 * The baseline as known today (whatever day the progress is for: a follow-up
 * asks for the end of a target period that may lie ahead, and weeks not yet
 * lived must not be measured as 0).
 */
async function baselineOf(
  ctx: CoreContext,
  activity: ActivityInScope,
  per: TargetPer,
  period: DayRange,
  unit: string,
  groupId?: string,
  share?: GroupShare | null,
): Promise<{ baseline: Baseline | null; baselineUntil: string | null }> {
  if (activity.baselineAmount !== null) {
    // a given baseline is the LPO's: a group's is its share of it
    if (groupId)
      return {
        baseline: share ? { amount: activity.baselineAmount * share.fraction, source: "given" } : null,
        baselineUntil: null,
      };
    return { baseline: { amount: activity.baselineAmount, source: "given" }, baselineUntil: null };
  }
  const first = await ctx.activityLog.firstEntryDay(activity.id);
  if (!first) return { baseline: null, baselineUntil: null };
  const window = baselineWindow(first, today(ctx));
  if (!window) return { baseline: null, baselineUntil: baselineMeasuredUntil(first) };
  const { firstMonday, lastSunday } = window;
  const daily = await ctx.activityLog.amountsByDay(activity.id, firstMonday, lastSunday, groupId);
  const fourWeeks = daily.reduce((s, d) => s + amountInUnit(unit, d.minutes, d.count), 0);
  return {
    baseline: { amount: (fourWeeks / 4) * weeksPer(per, period), source: "logged", from: firstMonday, to: lastSunday },
    baselineUntil: null,
  };
}

/** The Monday the baseline's four weeks start: the first entry's day when a Monday, else the Monday after. */
function measuringStart(firstEntryDay: string): string {
  return startOfIsoWeek(firstEntryDay) === firstEntryDay ? firstEntryDay : addDays(startOfIsoWeek(firstEntryDay), 7);
}

/** The last day of the baseline's four weeks of measuring (the Sunday they end). */
export function baselineMeasuredUntil(firstEntryDay: string): string {
  return addDays(measuringStart(firstEntryDay), 27);
}

/** The first four full ISO weeks from the first entry, once they are over by `day`. */
export function baselineWindow(firstEntryDay: string, day: string): { firstMonday: string; lastSunday: string } | null {
  const firstMonday = measuringStart(firstEntryDay);
  const lastSunday = addDays(firstMonday, 27);
  return lastSunday >= day ? null : { firstMonday, lastSunday };
}

/** "14 h/20 h", "45 min/20 h" or "3/4 tillfällen" */
export function doneOfTarget(lang: Lang, p: ActivityStanding): string {
  const unit = p.target?.unit ?? p.activity.unit;
  if (!p.target) return formatAmount(lang, unit, p.done);
  return `${formatDone(lang, unit, p.done)}/${formatAmount(lang, unit, p.target.amount)}`;
}

export function percentOfTarget(p: ActivityStanding): number {
  return p.target && p.target.amount > 0 ? Math.round((p.done / p.target.amount) * 100) : 0;
}

/** "3 av 4 h" (sv) / "3 of 4 h" (en): done against a target; the amount alone without one. */
export function amountOfTarget(lang: Lang, unit: string, done: number, target: number | null): string {
  if (target === null) return formatAmount(lang, unit, done);
  return `${formatNumber(lang, done)} ${lang === "sv" ? "av" : "of"} ${formatAmount(lang, unit, target)}`;
}
