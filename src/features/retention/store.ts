// Retention's database writes: clearing old notes (the poll feature clears its free-text answers),
// deleting old audit events and processed requests, and forgetting a person.
// Forgetting runs in one transaction (nothing half-forgotten) and, like every
// organisation write, refreshes the caches only after it has committed.
import type { CoreContext } from "../../core/context.js";
import { afterCommit } from "../../storage/organisationCache.js";

type Db = Pick<CoreContext, "prisma">;

/** Empties the notes of entries made before `day` (YYYY-MM-DD); returns how many. */
export async function clearNotesBefore(ctx: Db, day: string): Promise<number> {
  const notes = await ctx.prisma.activityEntry.updateMany({
    where: { day: { lt: day }, note: { not: "" } },
    data: { note: "" },
  });
  return notes.count;
}

export async function deleteAuditBefore(ctx: Db, before: Date): Promise<number> {
  return (await ctx.prisma.auditEvent.deleteMany({ where: { at: { lt: before } } })).count;
}

export async function deleteProcessedRequestsBefore(ctx: Db, before: Date): Promise<number> {
  return (await ctx.prisma.processedRequest.deleteMany({ where: { createdAt: { lt: before } } })).count;
}

/** Whether the person exists and is not forgotten yet. */
export async function isForgettable(ctx: Db, personId: string): Promise<boolean> {
  const person = await ctx.prisma.person.findUnique({ where: { id: personId }, select: { forgottenAt: true } });
  return person !== null && person.forgottenAt === null;
}

/**
 * One transaction: the person's notes cleared, their id replaced by `newId`
 * everywhere (entries, poll recipients, polls, quality assessments and
 * publications, audit), named poll answers
 * unlinked, conversation references deleted, and name, chat identities
 * (the organisation's identity data) and language removed.
 */
export async function forgetPersonRecords(
  ctx: Db,
  personId: string,
  newId: string,
  now: Date,
): Promise<{ entriesKept: number; notesCleared: number }> {
  return afterCommit(
    ctx.prisma.$transaction(async (tx) => {
      const notes = await tx.activityEntry.updateMany({
        where: { OR: [{ personId }, { loggedById: personId }], note: { not: "" } },
        data: { note: "" },
      });
      const kept = await tx.activityEntry.count({ where: { OR: [{ personId }, { loggedById: personId }] } });
      await tx.pollResponse.updateMany({ where: { personId }, data: { personId: null } });
      await tx.conversationRef.deleteMany({ where: { personId } });
      await tx.person.update({
        where: { id: personId },
        data: {
          id: newId,
          name: "(borttagen person)",
          slackUserId: null,
          teamsAadId: null,
          lang: null,
          forgottenAt: now,
        },
      });
      await tx.pollRecipient.updateMany({ where: { personId }, data: { personId: newId } });
      await tx.activityEntry.updateMany({ where: { personId }, data: { personId: newId } });
      await tx.activityEntry.updateMany({ where: { loggedById: personId }, data: { loggedById: newId } });
      await tx.dialoguePoll.updateMany({ where: { createdById: personId }, data: { createdById: newId } });
      await tx.qualityAssessment.updateMany({ where: { assessedById: personId }, data: { assessedById: newId } });
      await tx.citizenSummaryPublication.updateMany({
        where: { publishedById: personId },
        data: { publishedById: newId },
      });
      await tx.auditEvent.updateMany({ where: { actorId: personId }, data: { actorId: newId } });
      await tx.auditEvent.updateMany({ where: { subject: personId }, data: { subject: newId } });
      await tx.auditEvent.create({
        data: { actorId: null, action: "person.forget", subject: newId, detail: JSON.stringify({ entriesKept: kept }) },
      });
      return { entriesKept: kept, notesCleared: notes.count };
    }),
  );
}

/** The first LPO by id (the nightly run covers every LPO, so it runs for this one only); null without LPOs. */
export async function firstLpoId(ctx: Db): Promise<string | null> {
  const first = await ctx.prisma.lpo.findFirst({ orderBy: { id: "asc" }, select: { id: true } });
  return first?.id ?? null;
}
