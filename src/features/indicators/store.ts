// The indicators feature's own queries: the kommuner a file may name, the
// kinds already stored, the one-transaction import, a kommun's figures and
// what its promises aim at. Nothing here reads people or platform ids.
import type { CoreContext } from "../../core/context.js";
import type { DayRange } from "../../domain/targetPeriod.js";
import { foldName, type IndicatorRow, type KommunName } from "./indicatorCsv.js";

export function kommunNames(ctx: CoreContext): Promise<KommunName[]> {
  return ctx.prisma.kommun.findMany({ select: { id: true, name: true }, orderBy: { id: "asc" } });
}

/** "kommun\u0000indicator key" → count or share, for every indicator stored. */
export async function storedKinds(ctx: CoreContext): Promise<Map<string, "count" | "share">> {
  const rows = await ctx.prisma.indicator.findMany({
    select: { kommunId: true, key: true, n: true },
    distinct: ["kommunId", "key"],
  });
  return new Map(rows.map((r) => [`${r.kommunId}\u0000${r.key}`, r.n === null ? "count" : "share"]));
}

export interface ImportCounts {
  added: number;
  changed: number;
  unchanged: number;
}

/**
 * Writes the rows in one transaction: a new row is added, a row whose value, n or spelling differs is
 * updated, an equal row is left alone (so importing the same file again changes nothing).
 */
export async function storeIndicatorRows(ctx: CoreContext, rows: IndicatorRow[]): Promise<ImportCounts> {
  return ctx.prisma.$transaction(async (tx) => {
    const counts: ImportCounts = { added: 0, changed: 0, unchanged: 0 };
    for (const r of rows) {
      const where = {
        kommunId_areaKey_key_period: { kommunId: r.kommunId, areaKey: r.areaKey, key: r.key, period: r.period },
      };
      const old = await tx.indicator.findUnique({ where });
      const data = {
        area: r.area,
        indicator: r.indicator,
        firstMonth: r.firstMonth,
        months: r.months,
        value: r.value,
        n: r.n,
      };
      if (!old) {
        await tx.indicator.create({
          data: { kommunId: r.kommunId, areaKey: r.areaKey, key: r.key, period: r.period, ...data },
        });
        counts.added++;
      } else if (
        old.value !== r.value ||
        old.n !== r.n ||
        old.area !== r.area ||
        old.indicator !== r.indicator ||
        old.firstMonth !== r.firstMonth ||
        old.months !== r.months
      ) {
        await tx.indicator.update({ where, data: { ...data, importedAt: new Date() } });
        counts.changed++;
      } else counts.unchanged++;
    }
    return counts;
  });
}

export interface StoredFigure {
  areaKey: string;
  area: string;
  key: string;
  indicator: string;
  period: string;
  firstMonth: string;
  months: number;
  value: number;
  n: number | null;
}

export function figuresOfKommun(ctx: CoreContext, kommunId: string): Promise<StoredFigure[]> {
  return ctx.prisma.indicator.findMany({
    where: { kommunId },
    select: {
      areaKey: true,
      area: true,
      key: true,
      indicator: true,
      period: true,
      firstMonth: true,
      months: true,
      value: true,
      n: true,
    },
    orderBy: [{ key: "asc" }, { areaKey: "asc" }, { firstMonth: "asc" }],
  });
}

export interface PromiseAim {
  id: string;
  title: string;
  indicators: string[];
  areas: string[];
  comparisonArea: string | null;
}

/** The lines of a stored list ("" = none), each folded the way indicator and area keys are. */
export function aimList(text: string): string[] {
  return text
    .split("\n")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** What the kommun's promises running some time in the range aim at, in promise order. */
export async function promiseAims(ctx: CoreContext, kommunId: string, range: DayRange): Promise<PromiseAim[]> {
  const rows = await ctx.prisma.citizenPromise.findMany({
    where: { kommunId, fromDay: { lte: range.to }, toDay: { gte: range.from } },
    select: { id: true, title: true, effectIndicators: true, effectAreas: true, comparisonArea: true },
    orderBy: [{ fromDay: "asc" }, { id: "asc" }],
  });
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    indicators: aimList(r.effectIndicators),
    areas: aimList(r.effectAreas),
    comparisonArea: r.comparisonArea?.trim() || null,
  }));
}

export { foldName };
