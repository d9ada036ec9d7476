// The follow-up's own database queries, all read-only: the kommuner, the
// activities of a kommun's promises, the entries behind a period's figures,
// an activity's target history, the LPO's name and the monthly follow-up's
// recipients. No platform ids are read here (ctx.routes reaches people); the
// poll counts come from followUpPolls.ts, over the dialog feature's tables.
import type { CoreContext } from "../../core/context.js";
import type { DayRange } from "../../domain/targetPeriod.js";
import { type ActivityInScope, activityInScopeOf } from "../../storage/organisationRepository.js";

export interface KommunRef {
  id: string;
  name: string;
  lpoId: string;
}

/** The kommuner of an LPO, in the database's order (the caller sorts them). */
export function kommunRowsOfLpo(ctx: CoreContext, lpoId: string): Promise<KommunRef[]> {
  return ctx.prisma.kommun.findMany({ where: { lpoId }, select: { id: true, name: true, lpoId: true } });
}

/** Every kommun, by id (the report command accepts any). */
export function allKommuner(ctx: CoreContext): Promise<KommunRef[]> {
  return ctx.prisma.kommun.findMany({
    select: { id: true, name: true, lpoId: true },
    orderBy: { id: "asc" },
  });
}

/** Every kommun's id, by LPO and id (the progress export's order). */
export function kommunIdsByLpo(ctx: CoreContext): Promise<{ id: string }[]> {
  return ctx.prisma.kommun.findMany({
    select: { id: true },
    orderBy: [{ lpoId: "asc" }, { id: "asc" }],
  });
}

/** The LPO a kommun belongs to; null for an unknown kommun. */
export async function lpoIdOfKommun(ctx: CoreContext, kommunId: string): Promise<string | null> {
  const kommun = await ctx.prisma.kommun.findUnique({ where: { id: kommunId }, select: { lpoId: true } });
  return kommun?.lpoId ?? null;
}

/** The LPO's name; null for an unknown LPO. */
export async function lpoName(ctx: CoreContext, lpoId: string): Promise<string | null> {
  const lpo = await ctx.prisma.lpo.findUnique({ where: { id: lpoId }, select: { name: true } });
  return lpo?.name ?? null;
}

/** Every active activity of the kommun's promises that runs some time in the range, in promise and position order. */
export async function activitiesOfKommun(
  ctx: CoreContext,
  kommunId: string,
  range: DayRange,
): Promise<ActivityInScope[]> {
  const rows = await ctx.prisma.promiseActivity.findMany({
    where: { active: true, promise: { kommunId, fromDay: { lte: range.to }, toDay: { gte: range.from } } },
    include: { promise: { include: { kommun: true } }, groups: true },
    orderBy: [{ promise: { fromDay: "asc" } }, { promiseId: "asc" }, { position: "asc" }],
  });
  return rows.map(activityInScopeOf);
}

/** The entries (not undone) of an activity from `from` to `to`: logged minutes, how many, and how many people. */
export async function entryTotals(
  ctx: CoreContext,
  activityId: string,
  from: string,
  to: string,
): Promise<{ minutes: number; entries: number; people: number }> {
  const where = { activityId, day: { gte: from, lte: to }, undoneAt: null };
  const [sum, people] = await Promise.all([
    ctx.prisma.activityEntry.aggregate({ where, _sum: { minutes: true }, _count: { _all: true } }),
    ctx.prisma.activityEntry.groupBy({ by: ["personId"], where }),
  ]);
  return { minutes: sum._sum.minutes ?? 0, entries: sum._count._all, people: people.length };
}

/** Every target an activity has had, oldest first. */
export function targetHistory(ctx: CoreContext, activityId: string) {
  return ctx.prisma.activityTarget.findMany({
    where: { activityId },
    orderBy: [{ validFrom: "asc" }, { createdAt: "asc" }],
  });
}

/** The monthly follow-up's recipients: every kommunpolis and LPO-chef of the LPO, by id. */
export function monthlyRecipients(ctx: CoreContext, lpoId: string) {
  return ctx.prisma.person.findMany({
    where: { lpoId, forgottenAt: null, roles: { some: { role: { in: ["kommunpolis", "lpo-chef"] } } } },
    select: { id: true, name: true, lang: true },
    orderBy: { id: "asc" },
  });
}

/** How many promises of the LPO ran some time in the range. */
export function countPromisesOfLpo(ctx: CoreContext, lpoId: string, range: DayRange): Promise<number> {
  return ctx.prisma.citizenPromise.count({
    where: { kommun: { lpoId }, fromDay: { lte: range.to }, toDay: { gte: range.from } },
  });
}

/** The LPO's groups bound to no chat channel (their weekly status goes privately to the gruppchef), by id. */
export async function unboundGroups(ctx: CoreContext, lpoId: string): Promise<{ id: string; name: string }[]> {
  return ctx.prisma.group.findMany({
    where: { lpoId, channels: { none: {} } },
    select: { id: true, name: true },
    orderBy: { id: "asc" },
  });
}
