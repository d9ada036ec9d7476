// Follow-up figures for any period: per activity what was done (in total and
// per group) against the target and the baseline, and the hours and people
// behind it. Every figure of a target period comes from activityProgress
// (progress.ts), the one place progress is computed; a period that cuts a
// target period gets the target's share by days (a weekly target of 20 h is
// 20 × 30/7 h over 30 days). A target for the whole promise period is never
// shared out by days: it is shown as how far the promise has come so far
// ("3 av 12 hittills"), and it cannot make a month behind.
// A group's figures (groupFigures) are its own: its done, its part of each
// target period's target in force (share.ts: target × its share, so a target
// change splits the same way), and its share of a given baseline or its own
// logged one.
import { addDays, daysBetween } from "../../domain/calendar.js";
import type { Unit } from "../../domain/activity.js";
import { type DayRange, shareElapsed, type TargetPer, targetPeriodOf } from "../../domain/targetPeriod.js";
import type { ActivityInScope, TargetRow } from "../../storage/organisationRepository.js";
import type { CoreContext } from "../../core/context.js";
import { type ActivityProgress, activityProgress, amountInUnit, weeksPer } from "../../progress/progress.js";
import { type GroupShare, loadShareBasis, type ShareBasis, shareOf } from "../../progress/share.js";
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
  /** the baseline for the period, in the same way; null while unknown (never 0 for "not measured") */
  baseline: number | null;
  /** while the baseline is being measured: the last day of its measuring; null otherwise */
  baselineUntil: string | null;
  /**
   * A target for the whole promise period is not shared out by days: the
   * range's `target` is then null, and this says how far the promise has come
   * by the end of the range (done since the promise started, the whole
   * target, and the share of the promise period passed).
   */
  wholePeriod: { done: number; target: number; elapsed: number } | null;
  /** the target in force at the end of the period, as given */
  targetInForce: TargetRow | null;
  per: TargetPer;
  /** every logged minute, whatever the unit (resources) */
  minutes: number;
  people: number;
  entries: number;
  /** 0–1, how much of the period has passed */
  elapsed: number;
  /**
   * The whole range lies before logging began ("ingen loggning"): before the
   * activity's first entry, or — for an activity not logged yet — before the
   * bot was taken into use in the LPO (its first entry on any activity). Its
   * 0 was not measured: it is never behind and never escalates.
   */
  unlogged: boolean;
  /** the progress at the end of the range (the last target period it touches); null when the promise does not run */
  atEnd: ActivityProgress | null;
  /** a group's figures (groupFigures): the group; null = every group */
  groupId: string | null;
  /** a group's share of the target; null in total, or when the group does not work on the activity */
  share: GroupShare | null;
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

/** Behind: less done than the target, as both are shown; a range before logging began is never behind. */
export function isBehind(f: { done: number; target: number | null; unlogged?: boolean }): boolean {
  return !f.unlogged && f.target !== null && f.target > 0 && shown(f.done) < shown(f.target);
}

/**
 * Computes follow-up figures; caches each activityProgress call, so a report
 * asking for months and the whole period reads each target period once.
 */
export class FollowUpCalculator {
  private readonly progress = new Map<string, Promise<ActivityProgress>>();
  private readonly loggingSince = new Map<string, Promise<string | null>>();
  private readonly lpoLoggingSince = new Map<string, Promise<string | null>>();
  private readonly bases = new Map<string, Promise<ShareBasis>>();
  private readonly sinceStarts = new Map<string, ReturnType<CoreContext["activityLog"]["amountsByGroup"]>>();

  constructor(
    private readonly ctx: CoreContext,
    readonly today: string,
  ) {}

  /** The groups and members the LPO's shares are split by, read once per LPO. */
  shareBasis(lpoId: string): Promise<ShareBasis> {
    let b = this.bases.get(lpoId);
    if (!b) {
      b = loadShareBasis(this.ctx, [lpoId]);
      this.bases.set(lpoId, b);
    }
    return b;
  }

  progressAt(activity: ActivityInScope, day: string, groupId: string | null = null): Promise<ActivityProgress> {
    const key = `${activity.id}|${day}|${groupId ?? ""}`;
    let p = this.progress.get(key);
    if (!p) {
      p = (async () =>
        groupId === null
          ? activityProgress(this.ctx, activity, day, { trendWeeks: 0 })
          : activityProgress(this.ctx, activity, day, {
              trendWeeks: 0,
              groupId,
              basis: await this.shareBasis(activity.lpoId),
            }))();
      this.progress.set(key, p);
    }
    return p;
  }

  /**
   * One group's figures for the range: its done against its part of the
   * target (the total's target × its share, period by period), its part of
   * a whole-period target, and its baseline (the group's own, converted to
   * the range as the total's is). Resources stay the activity's.
   */
  async groupFigures(activity: ActivityInScope, range: DayRange, groupId: string): Promise<RangeFigures> {
    const total = await this.figures(activity, range);
    const share = shareOf(activity, groupId, await this.shareBasis(activity.lpoId));
    const mine = { groupId, share, done: total.byGroup.get(groupId) ?? 0 };
    if (!total.active || !total.atEnd) return { ...total, ...mine };
    const fraction = share?.fraction ?? null;
    const end = total.atEnd;
    const part = { share, groupTarget: share && end.target ? end.target.amount * share.fraction : null };
    // a given baseline is the LPO's, split like the target (no query); a logged one is the group's own first weeks
    const own =
      activity.baselineAmount !== null
        ? {
            ...end,
            ...part,
            done: end.byGroup.get(groupId) ?? 0,
            baseline: end.baseline && share ? { ...end.baseline, amount: end.baseline.amount * share.fraction } : null,
          }
        : await this.progressAt(activity, minDay(end.period.to, activity.promiseTo), groupId);
    // the range's baseline is linear in the baseline of its last target period: the group's is the same conversion
    const totalBaseline = end.baseline?.amount ?? null;
    const baseline =
      total.baseline === null || own.baseline === null || totalBaseline === null
        ? null
        : totalBaseline === 0
          ? 0
          : (total.baseline * own.baseline.amount) / totalBaseline;
    let wholePeriod: RangeFigures["wholePeriod"] = null;
    if (total.wholePeriod && fraction !== null) {
      const row = (await this.sinceStart(activity, total.active.to)).find((r) => r.groupId === groupId);
      wholePeriod = {
        ...total.wholePeriod,
        done: row ? amountInUnit(total.unit, row.minutes, row.count) : 0,
        target: total.wholePeriod.target * fraction,
      };
    }
    return {
      ...total,
      ...mine,
      target: total.target === null || fraction === null ? null : total.target * fraction,
      baseline: share ? baseline : null,
      baselineUntil: own.baselineUntil,
      wholePeriod,
      atEnd: own,
    };
  }

  /** Work per group on the activity from the promise's start to `to` (a whole-period target), read once. */
  private sinceStart(activity: ActivityInScope, to: string) {
    const key = `${activity.id}|${to}`;
    let p = this.sinceStarts.get(key);
    if (!p) {
      p = this.ctx.activityLog.amountsByGroup(activity.id, activity.promiseFrom, to);
      this.sinceStarts.set(key, p);
    }
    return p;
  }

  /** The day logging began for an activity: its first entry, else the LPO's first entry; null when none. */
  loggingBegan(activity: ActivityInScope): Promise<string | null> {
    let p = this.loggingSince.get(activity.id);
    if (!p) {
      p = (async () => {
        const first = await this.ctx.activityLog.firstEntryDay(activity.id);
        if (first) return first;
        let lpo = this.lpoLoggingSince.get(activity.lpoId);
        if (!lpo) {
          lpo = this.ctx.activityLog.firstEntryDayOfLpo(activity.lpoId);
          this.lpoLoggingSince.set(activity.lpoId, lpo);
        }
        return lpo;
      })();
      this.loggingSince.set(activity.id, p);
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
      baselineUntil: null,
      wholePeriod: null,
      targetInForce: null,
      per: "vecka",
      minutes: 0,
      people: 0,
      entries: 0,
      elapsed: shareElapsed(range, this.today),
      unlogged: false,
      atEnd: null,
      groupId: null,
      share: null,
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
      // a whole-period target is never prorated (see wholePeriod)
      if (!s.progress.target || s.progress.per === "period") continue;
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
    let wholePeriod: RangeFigures["wholePeriod"] = null;
    if (last.target && last.per === "period") {
      const sinceStart = await this.ctx.activityLog.amountsByGroup(activity.id, activity.promiseFrom, to);
      wholePeriod = {
        done: sinceStart.reduce((sum, row) => sum + amountInUnit(unit, row.minutes, row.count), 0),
        target: last.target.amount,
        elapsed: shareElapsed(promise, minDay(to, this.today)),
      };
    }
    const totals = await entryTotals(this.ctx, activity.id, from, to);
    const began = await this.loggingBegan(activity);
    return {
      ...empty,
      active: { from, to },
      unit,
      done,
      byGroup,
      target,
      baseline,
      baselineUntil: last.baselineUntil,
      wholePeriod,
      targetInForce: last.target,
      per: last.per,
      minutes: totals.minutes,
      people: totals.people,
      entries: totals.entries,
      unlogged: totals.entries === 0 && (began === null || to < began),
      atEnd: last,
    };
  }
}
