// Progress of a promise activity: done against target for a target period,
// per group and in total. Every view (log reply, /mina, /lofte, weekly
// status, digests, follow-up) computes it here.
import { formatAmount, formatNumber, type Lang } from "../i18n/index.js";
import { type DayRange, shareElapsed, type TargetPer, targetPeriodOf } from "../domain/targetPeriod.js";
import type { ActivityInScope, TargetRow } from "../storage/organisationRepository.js";
import type { CoreContext } from "./context.js";

export interface ActivityProgress {
  activity: ActivityInScope;
  target: TargetRow | null;
  period: DayRange;
  per: TargetPer;
  /** done in the target's unit (hours or occasions), all groups */
  done: number;
  byGroup: Map<string | null, number>;
  /** 0–1 */
  elapsed: number;
}

export function amountInUnit(unit: string, minutes: number, count: number): number {
  return unit === "timmar" ? minutes / 60 : count;
}

export async function activityProgress(
  ctx: CoreContext,
  activity: ActivityInScope,
  day: string,
): Promise<ActivityProgress> {
  const target = await ctx.organisation.targetOn(activity.id, day);
  const per: TargetPer = target?.per ?? "vecka";
  const period = targetPeriodOf(per, day, { from: activity.promiseFrom, to: activity.promiseTo });
  const unit = target?.unit ?? activity.unit;
  const rows = await ctx.activityLog.amountsByGroup(activity.id, period.from, period.to);
  const byGroup = new Map<string | null, number>();
  let done = 0;
  for (const row of rows) {
    const amount = amountInUnit(unit, row.minutes, row.count);
    byGroup.set(row.groupId, amount);
    done += amount;
  }
  return { activity, target, period, per, done, byGroup, elapsed: shareElapsed(period, day) };
}

/** "14/20 h" or "3/4 ggr" */
export function doneOfTarget(lang: Lang, p: ActivityProgress): string {
  const unit = p.target?.unit ?? p.activity.unit;
  if (!p.target) return formatAmount(lang, unit, p.done);
  return `${formatNumber(lang, p.done)}/${formatAmount(lang, unit, p.target.amount)}`;
}

export function percentOfTarget(p: ActivityProgress): number {
  return p.target && p.target.amount > 0 ? Math.round((p.done / p.target.amount) * 100) : 0;
}
