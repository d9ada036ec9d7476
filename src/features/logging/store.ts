// The logging feature's own database reads: an activity by id (for the undo
// reply), the parts colleagues logged for a person and the parts people
// removed from what a person logged (for /mina and removing one's own part),
// the entries of people on a day (what a line is checked against before it is
// stored: askFirst.ts), the state of a "Spara ändå" (or "Spara utan …")
// token, and the activity log page by page for `loftesbot export activities`.
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

const PART = {
  id: true,
  batchId: true,
  personId: true,
  loggedById: true,
  day: true,
  minutes: true,
  count: true,
  createdAt: true,
  undoneAt: true,
  activity: { select: { code: true, name: true, unit: true } },
} as const;

/** An entry someone else logged for `personId` (named with `med`), not undone, logged at or after `since`; newest first. */
export async function partsLoggedFor(ctx: Pick<CoreContext, "prisma">, personId: string, since: Date, take: number) {
  return ctx.prisma.activityEntry.findMany({
    where: { personId, primary: false, loggedById: { not: personId }, undoneAt: null, createdAt: { gte: since } },
    select: PART,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
  });
}

/** One such entry by id, whatever its state; null when there is none. */
export async function partById(ctx: Pick<CoreContext, "prisma">, entryId: string) {
  return ctx.prisma.activityEntry.findUnique({ where: { id: entryId }, select: PART });
}

/** The audit action of a person removing their own part (undo.ts records it; read below). */
export const REMOVE_OWN_PART_AUDIT = "entry.remove-own-part";

/**
 * Entries of people named in lines `loggerId` logged that those people
 * removed at or after `since` (undone before the rest of their line, which a
 * logger's undo takes all at once); newest first. A line without the logger's
 * own entry (stored "Spara utan mig") has no row to tell its undo by: there an
 * entry counts as removed by its person only when the audit log says so — an
 * audit event missing (pruned, or not written) leaves it out, never says it.
 */
export async function partsRemovedFrom(ctx: Pick<CoreContext, "prisma">, loggerId: string, since: Date, take: number) {
  const undone = await ctx.prisma.activityEntry.findMany({
    where: { loggedById: loggerId, primary: false, undoneAt: { gte: since } },
    select: PART,
    orderBy: [{ undoneAt: "desc" }, { id: "desc" }],
    // most are a logger's own undos (the whole line at once), filtered out below
    take: 500,
  });
  if (undone.length === 0) return [];
  const own = await ctx.prisma.activityEntry.findMany({
    where: { batchId: { in: [...new Set(undone.map((e) => e.batchId))] }, primary: true },
    select: { batchId: true, undoneAt: true },
  });
  const lineUndoneAt = new Map(own.map((e) => [e.batchId, e.undoneAt]));
  const withoutOwn = undone.filter((e) => !lineUndoneAt.has(e.batchId)).map((e) => e.id);
  const removedByThem =
    withoutOwn.length === 0
      ? new Set<string>()
      : new Set(
          (
            await ctx.prisma.auditEvent.findMany({
              where: { action: REMOVE_OWN_PART_AUDIT, subject: { in: withoutOwn } },
              select: { subject: true },
            })
          ).map((a) => a.subject),
        );
  return undone
    .filter((e) => {
      if (!lineUndoneAt.has(e.batchId)) return removedByThem.has(e.id);
      const line = lineUndoneAt.get(e.batchId);
      return !line || (e.undoneAt !== null && e.undoneAt < line);
    })
    .slice(0, take);
}

/** One page of entries (not undone) made on days `from`…`to`, by id, after the entry `cursor`. */
export async function activityExportPage(prisma: Prisma, from: string, to: string, pageSize: number, cursor?: string) {
  return prisma.activityEntry.findMany({
    where: { day: { gte: from, lte: to }, undoneAt: null },
    include: {
      activity: { select: { code: true, unit: true, promiseId: true, promise: { select: { kommunId: true } } } },
    },
    orderBy: [{ id: "asc" }],
    take: pageSize,
    ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
  });
}

/** The entries (not undone) of these people on a day, every activity; newest first (raw SQL: read before every line). */
export function entriesOnDay(ctx: Pick<CoreContext, "activityLog">, personIds: string[], day: string) {
  return ctx.activityLog.entriesOnDay(personIds, day);
}

// A "Spara ändå" token is claimed as a processed request (its primary key makes
// the claim atomic across instances). The token is random (never derived from
// what a platform sends), so unlike request keys it needs no HMAC.
const tokenKey = (token: string) => `log-anyway:${token}`;

/** Claims the token as "stored" or "cancelled"; false when it was claimed before. */
export async function claimLogToken(
  ctx: Pick<CoreContext, "prisma">,
  token: string,
  state: "stored" | "cancelled",
): Promise<boolean> {
  try {
    await ctx.prisma.processedRequest.create({ data: { key: tokenKey(token), reply: state } });
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") return false;
    throw error;
  }
}

/** Whether the token was claimed (as "stored" or "cancelled"), whatever became of its line. */
export async function tokenClaimed(ctx: Pick<CoreContext, "prisma">, token: string): Promise<boolean> {
  return (
    (await ctx.prisma.processedRequest.findUnique({ where: { key: tokenKey(token) }, select: { key: true } })) !== null
  );
}

/** Whether any entry was stored under this batch id (undone or not). */
export async function batchStored(ctx: Pick<CoreContext, "prisma">, batchId: string): Promise<boolean> {
  return (await ctx.prisma.activityEntry.findFirst({ where: { batchId }, select: { id: true } })) !== null;
}

/** What became of a claimed token: its line stored, being stored, or cancelled. */
export async function tokenState(
  ctx: Pick<CoreContext, "prisma">,
  token: string,
): Promise<"stored" | "pending" | "cancelled"> {
  const row = await ctx.prisma.processedRequest.findUnique({ where: { key: tokenKey(token) } });
  if (row?.reply === "cancelled") return "cancelled";
  return (await batchStored(ctx, token)) ? "stored" : "pending";
}
