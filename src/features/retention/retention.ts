// Gallring (data retention) and forgetting a person. Aggregate counts stay:
// entries keep their minutes and counts, only the personal parts go.
import { randomBytes } from "node:crypto";
import type { CoreContext } from "../../core/context.js";
import { clearFreeTextClosedBefore } from "../dialog/index.js";
import {
  clearNotesBefore,
  deleteAuditBefore,
  deleteProcessedRequestsBefore,
  forgetPersonRecords,
  isForgettable,
} from "./store.js";

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
  const notesCleared = await clearNotesBefore(ctx, notesBefore);
  const freeTextCleared = await clearFreeTextClosedBefore(ctx, new Date(now.getTime() - freeTextDays * DAY));
  const auditDeleted = await deleteAuditBefore(ctx, new Date(now.getTime() - auditDays * DAY));
  const requestsDeleted = await deleteProcessedRequestsBefore(ctx, new Date(now.getTime() - 2 * DAY));
  const outcome = { notesCleared, freeTextCleared, auditDeleted, requestsDeleted };
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
  if (!(await isForgettable(ctx, personId))) return null;
  const newId = `borttagen-${randomBytes(6).toString("hex")}`;
  const { entriesKept, notesCleared } = await forgetPersonRecords(ctx, personId, newId, now);
  return { newId, entriesKept, notesCleared };
}
