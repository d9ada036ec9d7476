// Progress for many activities and groups at once (weekly status to every
// channel, digests to every leader, national scale): the same figures as
// activityProgress in progress.ts, from a handful of aggregate queries per
// run instead of several queries per activity and group. A group's progress
// carries its share of the target and its own baseline (share.ts).
import { addDays, startOfIsoWeek } from "../domain/calendar.js";
import { type TargetPer, targetPeriodOf, shareElapsed } from "../domain/targetPeriod.js";
import type { Unit } from "../domain/activity.js";
import * as SQL from "../storage/sql.js";
import type { Prisma } from "../storage/database.js";
import type { ActivityInScope, TargetRow } from "../storage/organisationRepository.js";
import type { CoreContext } from "../core/context.js";
import { loadShareBasis, type ShareBasis } from "./share.js";
import {
  type ActivityProgress,
  amountInUnit,
  baselineMeasuredUntil,
  baselineWindow,
  groupPart,
  direction,
  weekLabel,
  weeksPer,
  weekMeasured,
  type WeekAmount,
} from "./progress.js";

interface Sums {
  minutes: number;
  count: number;
  entries: number;
}

const zero = (): Sums => ({ minutes: 0, count: 0, entries: 0 });

/** activityId → groupId → sums over one window */
type ByActivityGroup = Map<string, Map<string | null, Sums>>;

interface Window {
  from: string;
  to: string;
}

// The counting rules of amountsByGroup/amountsByDay: hours count every
// person's time, occasions each logged line once (the logger's own entry).
const SUMS = SQL.sql`SUM(COALESCE("minutes", 0)) AS minutes,
           SUM(CASE WHEN "primary" THEN COALESCE("count", 0) ELSE 0 END) AS count,
           COUNT(*) AS entries`;

function put(into: ByActivityGroup, r: Record<string, unknown>): void {
  const activityId = String(r.activityId);
  let byGroup = into.get(activityId);
  if (!byGroup) {
    byGroup = new Map();
    into.set(activityId, byGroup);
  }
  byGroup.set(r.groupId === null ? null : String(r.groupId), {
    minutes: Number(r.minutes),
    count: Number(r.count),
    entries: Number(r.entries),
  });
}

/** Sums per activity and group over one window (portable SQL; Prisma.sql binds the values for either database). */
async function sumsOver(prisma: Prisma, activityIds: string[], window: Window): Promise<ByActivityGroup> {
  const result: ByActivityGroup = new Map();
  if (activityIds.length === 0) return result;
  const rows = await prisma.$queryRaw<Record<string, unknown>[]>(SQL.sql`
    SELECT "activityId", "groupId", ${SUMS}
      FROM "activity_entry"
     WHERE "undoneAt" IS NULL AND "day" >= ${window.from} AND "day" <= ${window.to}
       AND "activityId" IN (${SQL.join(activityIds)})
     GROUP BY "activityId", "groupId"`);
  for (const r of rows) put(result, r);
  return result;
}

/** Sums per activity and group for each of several disjoint windows, in one statement (bucket k = windows[k]). */
async function sumsPerWindow(prisma: Prisma, activityIds: string[], windows: Window[]): Promise<ByActivityGroup[]> {
  const result: ByActivityGroup[] = windows.map(() => new Map());
  if (activityIds.length === 0 || windows.length === 0) return result;
  const from = windows.map((w) => w.from).sort()[0];
  const to = windows.map((w) => w.to).sort()[windows.length - 1];
  const bucket = SQL.sql`CASE ${SQL.join(
    windows.map((w, k) => SQL.sql`WHEN "day" >= ${w.from} AND "day" <= ${w.to} THEN ${SQL.raw(String(k))}`),
    " ",
  )} ELSE -1 END`;
  const rows = await prisma.$queryRaw<Record<string, unknown>[]>(SQL.sql`
    SELECT "activityId", "groupId", ${bucket} AS bucket, ${SUMS}
      FROM "activity_entry"
     WHERE "undoneAt" IS NULL AND "day" >= ${from} AND "day" <= ${to}
       AND "activityId" IN (${SQL.join(activityIds)})
     GROUP BY 1, 2, 3`);
  for (const r of rows) {
    const k = Number(r.bucket);
    if (k >= 0 && k < windows.length) put(result[k], r);
  }
  return result;
}

const add = (into: Sums, s: Sums): void => {
  into.minutes += s.minutes;
  into.count += s.count;
  into.entries += s.entries;
};

/** Group the items by a window, one entry per distinct window. */
function byWindow<T>(items: T[], windowOf: (item: T) => Window | null): Map<string, { window: Window; items: T[] }> {
  const out = new Map<string, { window: Window; items: T[] }>();
  for (const item of items) {
    const window = windowOf(item);
    if (!window) continue;
    const key = `${window.from}|${window.to}`;
    const entry = out.get(key) ?? { window, items: [] };
    entry.items.push(item);
    out.set(key, entry);
  }
  return out;
}

export class ProgressSnapshot {
  private constructor(
    private readonly day: string,
    private readonly targets: Map<string, TargetRow | null>,
    /** the trend weeks, oldest first, then the current week up to the day */
    private readonly weeks: Window[],
    private readonly weekSums: ByActivityGroup[],
    /** each activity's current target period and its sums */
    private readonly periods: Map<string, Window>,
    private readonly periodSums: ByActivityGroup,
    /** each activity's logged baseline window (when one is due), its sums over all groups and per group */
    private readonly baselines: Map<string, { window: Window; sums: Sums; byGroup: Map<string | null, Sums> }>,
    /** each activity's first entry day (for a baseline still being measured) */
    private readonly firstEntry: Map<string, string>,
    /** each LPO's first entry day on any activity: when logging began for an activity not logged yet */
    private readonly lpoFirstEntry: Map<string, string>,
    /** the groups and members each split needs */
    readonly basis: ShareBasis,
  ) {}

  static async load(
    ctx: CoreContext,
    activities: ActivityInScope[],
    day: string,
    trendWeeks = 4,
  ): Promise<ProgressSnapshot> {
    const ids = [...new Set(activities.map((a) => a.id))];
    const targets = new Map<string, TargetRow | null>();
    const thisMonday = startOfIsoWeek(day);
    const trendFrom = addDays(thisMonday, -7 * trendWeeks);
    const weeks: Window[] = Array.from({ length: trendWeeks }, (_, i) => ({
      from: addDays(trendFrom, 7 * i),
      to: addDays(trendFrom, 7 * i + 6),
    }));
    weeks.push({ from: thisMonday, to: day });
    const periods = new Map<string, Window>();
    const periodSums: ByActivityGroup = new Map();
    const baselines = new Map<string, { window: Window; sums: Sums; byGroup: Map<string | null, Sums> }>();
    if (ids.length === 0)
      return new ProgressSnapshot(
        day,
        targets,
        weeks,
        weeks.map(() => new Map()),
        periods,
        periodSums,
        baselines,
        new Map(),
        new Map(),
        { groupsOfLpo: new Map(), members: new Map() },
      );

    const prisma = ctx.prisma;
    const [targetRows, firsts] = await Promise.all([
      prisma.activityTarget.findMany({
        where: { activityId: { in: ids } },
        orderBy: [{ validFrom: "asc" }, { createdAt: "asc" }],
      }),
      // the first entry per activity, one index probe each on (activityId, day) instead of a scan of all its entries
      prisma.$queryRaw<Record<string, unknown>[]>(SQL.sql`
        SELECT a."id" AS "activityId",
               (SELECT MIN(e."day") FROM "activity_entry" e
                 WHERE e."activityId" = a."id" AND e."undoneAt" IS NULL) AS first
          FROM "promise_activity" a
         WHERE a."id" IN (${SQL.join(ids)})`),
    ]);
    const rowsOf = new Map<string, typeof targetRows>();
    for (const r of targetRows) {
      const list = rowsOf.get(r.activityId) ?? [];
      list.push(r);
      rowsOf.set(r.activityId, list);
    }
    for (const id of ids) {
      const rows = rowsOf.get(id) ?? [];
      const inForce = rows.filter((r) => r.validFrom <= day);
      const row = inForce.at(-1) ?? rows[0];
      targets.set(
        id,
        row
          ? { amount: row.amount, unit: row.unit as Unit, per: row.per as TargetPer, validFrom: row.validFrom }
          : null,
      );
    }
    const firstEntry = new Map<string, string>();
    for (const f of firsts)
      if (f.first !== null && f.first !== undefined) firstEntry.set(String(f.activityId), String(f.first));

    const seen = new Set<string>();
    const unique = activities.filter((a) => !seen.has(a.id) && seen.add(a.id));
    for (const a of unique) {
      const per = targets.get(a.id)?.per ?? "vecka";
      const period = targetPeriodOf(per, day, { from: a.promiseFrom, to: a.promiseTo });
      periods.set(a.id, { from: period.from, to: period.to });
    }
    const baselineWindows = new Map<string, Window>();
    for (const a of unique) {
      const first = firstEntry.get(a.id);
      const window = first && a.baselineAmount === null ? baselineWindow(first, day) : null;
      if (window) baselineWindows.set(a.id, { from: window.firstMonday, to: window.lastSunday });
    }

    // one statement per distinct target period, one for the weeks, one per distinct baseline window
    const periodQueries = [...byWindow(unique, (a) => periods.get(a.id) ?? null).values()].map(async (w) => {
      const sums = await sumsOver(
        prisma,
        w.items.map((a) => a.id),
        w.window,
      );
      for (const [id, byGroup] of sums) periodSums.set(id, byGroup);
    });
    const baselineQueries = [...byWindow(unique, (a) => baselineWindows.get(a.id) ?? null).values()].map(async (w) => {
      const sums = await sumsOver(
        prisma,
        w.items.map((a) => a.id),
        w.window,
      );
      for (const a of w.items) {
        const total = zero();
        for (const s of sums.get(a.id)?.values() ?? []) add(total, s);
        baselines.set(a.id, { window: w.window, sums: total, byGroup: sums.get(a.id) ?? new Map() });
      }
    });
    const lpoFirstEntry = new Map<string, string>();
    const lpoQueries = [...new Set(unique.map((a) => a.lpoId))].map(async (lpoId) => {
      const first = await ctx.activityLog.firstEntryDayOfLpo(lpoId);
      if (first) lpoFirstEntry.set(lpoId, first);
    });
    const [weekSums, basis] = await Promise.all([
      sumsPerWindow(prisma, ids, weeks),
      loadShareBasis(
        ctx,
        unique.map((a) => a.lpoId),
      ),
      ...periodQueries,
      ...baselineQueries,
      ...lpoQueries,
    ]);
    return new ProgressSnapshot(
      day,
      targets,
      weeks,
      weekSums,
      periods,
      periodSums,
      baselines,
      firstEntry,
      lpoFirstEntry,
      basis,
    );
  }

  private static total(byGroup: Map<string | null, Sums> | undefined, groupId?: string | null): Sums {
    const result = zero();
    if (!byGroup) return result;
    if (groupId !== undefined) {
      const s = byGroup.get(groupId);
      if (s) add(result, s);
      return result;
    }
    for (const s of byGroup.values()) add(result, s);
    return result;
  }

  /**
   * The sums of an activity (one group's, or all groups') over a window the snapshot holds: one of the trend
   * weeks, the current week up to the day, or the activity's current target period.
   */
  sums(activityId: string, from: string, to: string, groupId?: string | null): Sums {
    const k = this.weeks.findIndex((w) => w.from === from && w.to === to);
    if (k >= 0) return ProgressSnapshot.total(this.weekSums[k].get(activityId), groupId);
    const period = this.periods.get(activityId);
    if (period && period.from === from && period.to === to)
      return ProgressSnapshot.total(this.periodSums.get(activityId), groupId);
    throw new Error(`ProgressSnapshot: ${from}–${to} of ${activityId} was not loaded`);
  }

  /** How many entries a group logged on an activity between two days (a window the snapshot holds). */
  entries(activityId: string, groupId: string, from: string, to: string): number {
    return this.sums(activityId, from, to, groupId).entries;
  }

  progress(activity: ActivityInScope, options: { groupId?: string } = {}): ActivityProgress {
    const day = this.day;
    const target = this.targets.get(activity.id) ?? null;
    const per: TargetPer = target?.per ?? "vecka";
    const period = targetPeriodOf(per, day, { from: activity.promiseFrom, to: activity.promiseTo });
    const unit = target?.unit ?? activity.unit;
    const byGroup = new Map<string | null, number>();
    let all = 0;
    for (const [g, s] of this.periodSums.get(activity.id) ?? []) {
      if (s.entries === 0) continue;
      const amount = amountInUnit(unit, s.minutes, s.count);
      byGroup.set(g, amount);
      all += amount;
    }
    const done = options.groupId ? (byGroup.get(options.groupId) ?? 0) : all;
    const began = this.firstEntry.get(activity.id) ?? this.lpoFirstEntry.get(activity.lpoId) ?? null;
    const trend: WeekAmount[] = [];
    for (let i = 0; i < this.weeks.length - 1; i++) {
      const { from: monday } = this.weeks[i];
      const s = ProgressSnapshot.total(this.weekSums[i].get(activity.id), options.groupId);
      const amount = weekMeasured(monday, began) ? amountInUnit(unit, s.minutes, s.count) : null;
      trend.push({ week: weekLabel(monday), monday, amount });
    }
    const part = groupPart(activity, target, options.groupId, this.basis);
    let baseline: ActivityProgress["baseline"] = null;
    let baselineUntil: string | null = null;
    if (activity.baselineAmount !== null) {
      // a given baseline is the LPO's: a group's is its share of it
      if (!options.groupId) baseline = { amount: activity.baselineAmount, source: "given" };
      else if (part.share) baseline = { amount: activity.baselineAmount * part.share.fraction, source: "given" };
    } else {
      const logged = this.baselines.get(activity.id);
      if (logged) {
        const s = options.groupId ? (logged.byGroup.get(options.groupId) ?? zero()) : logged.sums;
        baseline = {
          amount: (amountInUnit(unit, s.minutes, s.count) / 4) * weeksPer(per, period),
          source: "logged",
          from: logged.window.from,
          to: logged.window.to,
        };
      } else {
        const first = this.firstEntry.get(activity.id);
        if (first) baselineUntil = baselineMeasuredUntil(first);
      }
    }
    return {
      activity,
      target,
      period,
      per,
      done,
      byGroup,
      elapsed: shareElapsed(period, day),
      trend,
      trendDirection: direction(trend),
      baseline,
      baselineUntil,
      ...part,
    };
  }
}
