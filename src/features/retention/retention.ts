// Gallring (data retention) and forgetting a person. Aggregate counts stay:
// entries keep their minutes and counts, only the personal parts go.
import { randomBytes } from "node:crypto";
import { afterCommit } from "../../storage/organisationCache.js";
import type { CoreContext } from "../../core/context.js";

export interface RetentionOutcome {
  notesCleared: number;
  freeTextCleared: number;
  auditDeleted: number;
  requestsDeleted: number;
}

const DAY = 24 * 3600 * 1000;

/** Clears notes and free-text answers and deletes audit events older than the configured periods. */
export async function runRetention(ctx: CoreContext, now: Date): Promise<RetentionOutcome> {
  const { notesDays, freeTextDays, auditDays } = ctx.retention;
  const notesBefore = new Date(now.getTime() - notesDays * DAY).toISOString().slice(0, 10);
  const notes = await ctx.prisma.activityEntry.updateMany({
    where: { day: { lt: notesBefore }, note: { not: "" } },
    data: { note: "" },
  });
  const closedBefore = new Date(now.getTime() - freeTextDays * DAY);
  const freeText = await ctx.prisma.pollAnswer.updateMany({
    where: { question: { kind: "text" }, value: { not: "" }, response: { poll: { closedAt: { lt: closedBefore } } } },
    data: { value: "" },
  });
  const audit = await ctx.prisma.auditEvent.deleteMany({
    where: { at: { lt: new Date(now.getTime() - auditDays * DAY) } },
  });
  const requests = await ctx.prisma.processedRequest.deleteMany({
    where: { createdAt: { lt: new Date(now.getTime() - 2 * DAY) } },
  });
  const outcome = {
    notesCleared: notes.count,
    freeTextCleared: freeText.count,
    auditDeleted: audit.count,
    requestsDeleted: requests.count,
  };
  await ctx.audit.record(null, "retention.run", "all", outcome);
  ctx.logger.info({ event: "retention.run", ...outcome }, "retention run");
  return outcome;
}

export interface ForgetOutcome {
  newId: string;
  entriesKept: number;
  notesCleared: number;
}

/**
 * Removes a person's personal data on request: name, chat identities and
 * language go; the id is replaced by a random one everywhere (entries, groups,
 * audit); their notes are cleared; named poll answers lose the link. Entries
 * stay, so every aggregate count stays the same.
 */
export async function forgetPerson(ctx: CoreContext, personId: string, now: Date): Promise<ForgetOutcome | null> {
  const person = await ctx.prisma.person.findUnique({ where: { id: personId } });
  if (!person || person.forgottenAt) return null;
  const newId = `borttagen-${randomBytes(6).toString("hex")}`;
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
      await tx.auditEvent.updateMany({ where: { actorId: personId }, data: { actorId: newId } });
      await tx.auditEvent.updateMany({ where: { subject: personId }, data: { subject: newId } });
      await tx.auditEvent.create({
        data: { actorId: null, action: "person.forget", subject: newId, detail: JSON.stringify({ entriesKept: kept }) },
      });
      return { newId, entriesKept: kept, notesCleared: notes.count };
    }),
  );
}
