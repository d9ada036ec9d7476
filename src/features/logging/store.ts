// The logging feature's own database reads: an activity by id (for the undo
// reply) and the activity log page by page for `loftesbot export activities`.
// Storing and undoing entries goes through the shared activity log repository
// (ctx.activityLog), which every feature sums.
import type { CoreContext } from "../../core/context.js";
import type { Prisma } from "../../storage/database.js";

/** An activity's code, name and unit; null when there is no such activity. */
export async function activityById(
  ctx: Pick<CoreContext, "prisma">,
  activityId: string,
): Promise<{ code: string; name: string; unit: string } | null> {
  return ctx.prisma.promiseActivity.findUnique({
    where: { id: activityId },
    select: { code: true, name: true, unit: true },
  });
}

/** One page of entries (not undone) made on days `from`…`to`, by id, after the entry `cursor`. */
export async function activityExportPage(prisma: Prisma, from: string, to: string, pageSize: number, cursor?: string) {
  return prisma.activityEntry.findMany({
    where: { day: { gte: from, lte: to }, undoneAt: null },
    include: { activity: { select: { code: true, promiseId: true, promise: { select: { kommunId: true } } } } },
    orderBy: [{ id: "asc" }],
    take: pageSize,
    ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
  });
}
