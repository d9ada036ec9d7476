// Follow-up figures for any period: per activity what was done (in total and
// per group) against the target and the baseline, and the hours and people
// behind it. Every figure of a target period comes from activityProgress
// (progress.ts), the one place progress is computed; a period that cuts a
// target period gets the target's share by days (a weekly target of 20 h is
// 20 × 30/7 h over 30 days).
import { addDays, daysBetween } from "../../domain/calendar.js";
import type { Unit } from "../../domain/activity.js";
import { type DayRange, shareElapsed, type TargetPer, targetPeriodOf } from "../../domain/targetPeriod.js";
import type { ActivityInScope, TargetRow } from "../../storage/organisationRepository.js";
import type { CoreContext } from "../../core/context.js";
import { type ActivityProgress, activityProgress, amountInUnit, weeksPer } from "../../progress/progress.js";
import { entryTotals } from "./store.js";

export interface RangeFigures {
  activity: ActivityInScope;
  /** the period asked about */
  range: DayRange;
  /** the part of it inside the promise's period; null when the promise does not run then */
  active: DayRange | null;
  unit: Unit;
  done: number;
  byGroup: Map<string | null, number>;
  /** the target for the period (shares of target periods by days); null without a target */
  target: number | null;
  /** the baseline for the period, in the same way; null while unknown */
  baseline: number | null;
  /** the target in force at the end of the period, as given */
  targetInForce: TargetRow | null;
  per: TargetPer;
  /** every logged minute, whatever the unit (resources) */
  minutes: number;
  people: number;
  entries: number;
  /** 0–1, how much of the period has passed */
  elapsed: number;
}

const minDay = (a: string, b: string) => (a < b ? a : b);
const maxDay = (a: string, b: string) => (a > b ? a : b);
const daysIn = (r: DayRange) => daysBetween(r.from, r.to) + 1;

/** Rounded as shown (one decimal): 0,98 shown as 1 is not behind 1. */
export function shown(value: number): number {
  return Math.round(value * 10) / 10;
}

export function percent(done: number, target: number | null): number | null {
  return target !== null && target > 0 ? Math.round((done / target) * 100) : null;
}

/** Behind: less done than the target, as both are shown. */
export function isBehind(f: { done: number; target: number | null }): boolean {
  return f.target !== null && f.target > 0 && shown(f.done) < shown(f.target);
}

/**
 * Computes follow-up figures; caches each activityProgress call, so a report
 * asking for months and the whole period reads each target period once.
 */
export class FollowUpCalculator {
  private readonly progress = new Map<string, Promise<ActivityProgress>>();

  constructor(
    private readonly ctx: CoreContext,
    readonly today: string,
  ) {}

  progressAt(activity: ActivityInScope, day: string): Promise<ActivityProgress> {
    const key = `${activity.id}|${day}`;
    let p = this.progress.get(key);
    if (!p) {
      p = activityProgress(this.ctx, activity, day, { trendWeeks: 0 });
      this.progress.set(key, p);
    }
    return p;
  }

  async figures(activity: ActivityInScope, range: DayRange): Promise<RangeFigures> {
    const from = maxDay(range.from, activity.promiseFrom);
    const to = minDay(range.to, activity.promiseTo);
    const promise = { from: activity.promiseFrom, to: activity.promiseTo };
    const empty: RangeFigures = {
      activity,
      range,
      active: null,
      unit: activity.unit,
      done: 0,
      byGroup: new Map(),
      target: null,
      baseline: null,
      targetInForce: null,
      per: "vecka",
      minutes: 0,
      people: 0,
      entries: 0,
      elapsed: shareElapsed(range, this.today),
    };
    if (from > to) return empty;

    // the target periods the range touches, each with its share of days
    const segments: { days: number; periodDays: number; progress: ActivityProgress; period: DayRange }[] = [];
    let cursor = from;
    while (cursor <= to) {
      const per = (await this.ctx.organisation.targetOn(activity.id, cursor))?.per ?? "vecka";
      const period = targetPeriodOf(per, cursor, promise);
      const end = minDay(period.to, to);
      const progress = await this.progressAt(activity, minDay(period.to, activity.promiseTo));
      segments.push({ days: daysBetween(cursor, end) + 1, periodDays: daysIn(period), progress, period });
      cursor = addDays(end, 1);
    }
    const last = segments[segments.length - 1].progress;
    const unit = last.target?.unit ?? activity.unit;
    let target: number | null = null;
    for (const s of segments) {
      if (!s.progress.target) continue;
      target = (target ?? 0) + (s.progress.target.amount * s.days) / s.periodDays;
    }
    // the baseline as known at the end (given, or logged over the first four weeks), per each segment's period
    let baseline: number | null = null;
    if (last.baseline) {
      const perWeek = last.baseline.amount / weeksPer(last.per, last.period);
      baseline = 0;
      for (const s of segments) {
        const perPeriod =
          s.progress.per === last.per ? last.baseline.amount : perWeek * weeksPer(s.progress.per, s.period);
        baseline += (perPeriod * s.days) / s.periodDays;
      }
    }

    const rows = await this.ctx.activityLog.amountsByGroup(activity.id, from, to);
    const byGroup = new Map<string | null, number>();
    let done = 0;
    for (const row of rows) {
      const amount = amountInUnit(unit, row.minutes, row.count);
      byGroup.set(row.groupId, amount);
      done += amount;
    }
    const totals = await entryTotals(this.ctx, activity.id, from, to);
    return {
      ...empty,
      active: { from, to },
      unit,
      done,
      byGroup,
      target,
      baseline,
      targetInForce: last.target,
      per: last.per,
      minutes: totals.minutes,
      people: totals.people,
      entries: totals.entries,
    };
  }
}
