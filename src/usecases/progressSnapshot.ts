// Progress for many activities and groups at once (weekly status to every
// channel, digests to every leader, national scale): the same figures as
// activityProgress in progress.ts, from a handful of aggregate queries per
// run instead of several queries per activity and group.
import { addDays, startOfIsoWeek } from "../domain/calendar.js";
import { type TargetPer, targetPeriodOf, shareElapsed } from "../domain/targetPeriod.js";
import type { Unit } from "../domain/oneLineLog.js";
import { Prisma as SQL } from "../../generated/postgresql/client.js";
import type { Prisma } from "../storage/database.js";
import type { ActivityInScope, TargetRow } from "../storage/organisationRepository.js";
import type { CoreContext } from "./context.js";
import {
  type ActivityProgress,
  amountInUnit,
  baselineWindow,
  direction,
  weekLabel,
  weeksPer,
  type WeekAmount,
} from "./progress.js";

interface Sums {
  minutes: number;
  count: number;
  entries: number;
}

const zero = (): Sums => ({ minutes: 0, count: 0, entries: 0 });

/**
 * Sums per activity, group and day between two days: hours count every
 * person's time, occasions each logged line once (the logger's own entry).
 */
async function sumsByActivityGroupDay(
  prisma: Prisma,
  activityIds: string[],
  from: string,
  to: string,
): Promise<
  { activityId: string; groupId: string | null; day: string; minutes: number; count: number; entries: number }[]
> {
  if (activityIds.length === 0) return [];
  // portable SQL (SQLite and PostgreSQL); Prisma.sql binds the values for either
  const rows = await prisma.$queryRaw<Record<string, unknown>[]>(SQL.sql`
    SELECT "activityId", "groupId", "day",
           SUM(COALESCE("minutes", 0)) AS minutes,
           SUM(CASE WHEN "primary" THEN COALESCE("count", 0) ELSE 0 END) AS count,
           COUNT(*) AS entries
      FROM "activity_entry"
     WHERE "undoneAt" IS NULL AND "day" >= ${from} AND "day" <= ${to} AND "activityId" IN (${SQL.join(activityIds)})
     GROUP BY "activityId", "groupId", "day"`);
  return rows.map((r) => ({
    activityId: String(r.activityId),
    groupId: r.groupId === null ? null : String(r.groupId),
    day: String(r.day),
    minutes: Number(r.minutes),
    count: Number(r.count),
    entries: Number(r.entries),
  }));
}

export class ProgressSnapshot {
  private constructor(
    private readonly day: string,
    private readonly targets: Map<string, TargetRow | null>,
    /** activityId → groupId → day → sums, from the earliest day any view needs */
    private readonly sums: Map<string, Map<string | null, Map<string, Sums>>>,
    private readonly firstEntry: Map<string, string>,
    private readonly trendWeeks: number,
  ) {}

  static async load(
    ctx: CoreContext,
    activities: ActivityInScope[],
    day: string,
    trendWeeks = 4,
  ): Promise<ProgressSnapshot> {
    const ids = [...new Set(activities.map((a) => a.id))];
    const targets = new Map<string, TargetRow | null>();
    const firstEntry = new Map<string, string>();
    const sums = new Map<string, Map<string | null, Map<string, Sums>>>();
    if (ids.length === 0) return new ProgressSnapshot(day, targets, sums, firstEntry, trendWeeks);

    const targetRows = await ctx.prisma.activityTarget.findMany({
      where: { activityId: { in: ids } },
      orderBy: [{ validFrom: "asc" }, { createdAt: "asc" }],
    });
    for (const id of ids) {
      const rows = targetRows.filter((r) => r.activityId === id);
      const inForce = rows.filter((r) => r.validFrom <= day);
      const row = inForce.at(-1) ?? rows[0];
      targets.set(
        id,
        row
          ? { amount: row.amount, unit: row.unit as Unit, per: row.per as TargetPer, validFrom: row.validFrom }
          : null,
      );
    }
    const firsts = await ctx.prisma.activityEntry.groupBy({
      by: ["activityId"],
      where: { activityId: { in: ids }, undoneAt: null },
      _min: { day: true },
    });
    for (const f of firsts) if (f._min.day) firstEntry.set(f.activityId, f._min.day);

    // one range covers every period, trend window and baseline window needed
    let from = addDays(startOfIsoWeek(day), -7 * trendWeeks);
    for (const a of activities) {
      const per = targets.get(a.id)?.per ?? "vecka";
      const period = targetPeriodOf(per, day, { from: a.promiseFrom, to: a.promiseTo });
      if (period.from < from) from = period.from;
      const first = firstEntry.get(a.id);
      const window = first && a.baselineAmount === null ? baselineWindow(first, day) : null;
      if (window && window.firstMonday < from) from = window.firstMonday;
    }
    for (const row of await sumsByActivityGroupDay(ctx.prisma, ids, from, addDays(day, 400))) {
      let byGroup = sums.get(row.activityId);
      if (!byGroup) sums.set(row.activityId, (byGroup = new Map()));
      let byDay = byGroup.get(row.groupId);
      if (!byDay) byGroup.set(row.groupId, (byDay = new Map()));
      byDay.set(row.day, { minutes: row.minutes, count: row.count, entries: row.entries });
    }
    return new ProgressSnapshot(day, targets, sums, firstEntry, trendWeeks);
  }

  private total(activityId: string, from: string, to: string, groupId?: string | null): Sums {
    const result = zero();
    const byGroup = this.sums.get(activityId);
    if (!byGroup) return result;
    for (const [g, byDay] of byGroup) {
      if (groupId !== undefined && g !== groupId) continue;
      for (const [d, s] of byDay) {
        if (d < from || d > to) continue;
        result.minutes += s.minutes;
        result.count += s.count;
        result.entries += s.entries;
      }
    }
    return result;
  }

  /** How many entries a group logged on an activity between two days. */
  entries(activityId: string, groupId: string, from: string, to: string): number {
    return this.total(activityId, from, to, groupId).entries;
  }

  progress(activity: ActivityInScope, options: { groupId?: string } = {}): ActivityProgress {
    const day = this.day;
    const target = this.targets.get(activity.id) ?? null;
    const per: TargetPer = target?.per ?? "vecka";
    const period = targetPeriodOf(per, day, { from: activity.promiseFrom, to: activity.promiseTo });
    const unit = target?.unit ?? activity.unit;
    const byGroup = new Map<string | null, number>();
    let all = 0;
    for (const g of this.sums.get(activity.id)?.keys() ?? []) {
      const s = this.total(activity.id, period.from, period.to, g);
      if (s.entries === 0) continue;
      const amount = amountInUnit(unit, s.minutes, s.count);
      byGroup.set(g, amount);
      all += amount;
    }
    const done = options.groupId ? (byGroup.get(options.groupId) ?? 0) : all;
    const trendFrom = addDays(startOfIsoWeek(day), -7 * this.trendWeeks);
    const trend: WeekAmount[] = [];
    for (let i = 0; i < this.trendWeeks; i++) {
      const monday = addDays(trendFrom, 7 * i);
      const s = this.total(activity.id, monday, addDays(monday, 6), options.groupId);
      trend.push({ week: weekLabel(monday), monday, amount: amountInUnit(unit, s.minutes, s.count) });
    }
    let baseline: ActivityProgress["baseline"] = null;
    if (activity.baselineAmount !== null) baseline = { amount: activity.baselineAmount, source: "given" };
    else {
      const first = this.firstEntry.get(activity.id);
      const window = first ? baselineWindow(first, day) : null;
      if (window) {
        const s = this.total(activity.id, window.firstMonday, window.lastSunday);
        baseline = {
          amount: (amountInUnit(unit, s.minutes, s.count) / 4) * weeksPer(per, period),
          source: "logged",
          from: window.firstMonday,
          to: window.lastSunday,
        };
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
    };
  }
}
