// A person's answer sheet, through the poll's own key (pollToken.ts): finding
// it (to pre-fill the form and to know who has not answered), storing it —
// an anonymous poll's sealed, a named poll's in the plain — counting sheets
// per group, and closing a poll, which opens the sealed sheets, writes them
// without token, person, group or time, and destroys the key in one
// transaction (store.ts). Polls created before per-poll keys get a key the
// first time it is needed while they are open; their plain sheets, under the
// instance-key token, are found, replaced and sealed the same way.
import type { CoreContext } from "../../core/context.js";
import {
  legacyReminderKey,
  legacyResponseToken,
  newPollKey,
  openSheet,
  responseToken,
  type SheetContent,
  sealSheet,
  unwrapPollKey,
  wrapPollKey,
} from "./pollToken.js";
import type { QuestionKind } from "./pollQuestions.js";
import { type ClosedPoll, type PollRecord, pollRepository } from "./store.js";

export type Answers = { questionId: string; value: string }[];

/** A new poll's key, wrapped for its row (store.create). */
export function newSealKey(ctx: CoreContext): (pollId: string) => string {
  const key = newPollKey();
  return (pollId) => wrapPollKey(ctx.secret, pollId, key);
}

/** The poll's key from its row; an error that says what is wrong when the instance key is not the one it was made with. */
function unwrap(ctx: CoreContext, pollId: string, wrapped: string): Buffer {
  try {
    return unwrapPollKey(ctx.secret, pollId, wrapped);
  } catch {
    throw new Error(
      `poll ${pollId}: its key does not open with this instance key (was LOFTESBOT_SECRET or the key file changed?); its answers cannot be read until the key it was made with is back`,
    );
  }
}

/** The poll's key; made now for an open poll from before per-poll keys; null once the poll has closed. */
export async function pollKey(ctx: CoreContext, poll: Pick<PollRecord, "id" | "sealKey">): Promise<Buffer | null> {
  let wrapped = poll.sealKey;
  if (!wrapped) wrapped = await pollRepository(ctx).ensureSealKey(poll.id, newSealKey(ctx)(poll.id));
  return wrapped ? unwrap(ctx, poll.id, wrapped) : null;
}

/** The reminder keys the poll's recipients had before per-poll keys (to be given random keys at closing). */
async function legacyReminders(ctx: CoreContext, pollId: string): Promise<string[]> {
  const recipients = await pollRepository(ctx).recipients(pollId);
  return recipients.map((r) => legacyReminderKey(ctx.secret, pollId, r.personId));
}

/** The size every sealed sheet of a poll is padded to: the longest sheet its questions allow. */
export function sheetSize(questions: { kind: QuestionKind; options: string[] }[]): number {
  let size = 256;
  for (const q of questions) {
    if (q.kind === "text") size += 3 * 1200 + 96;
    else size += Buffer.byteLength(q.options.join("\n"), "utf8") + q.options.length * 8 + 96;
  }
  return size;
}

/** The person's own answers, or null when they have not answered. */
export async function ownAnswers(ctx: CoreContext, poll: PollRecord, personId: string): Promise<Answers | null> {
  const repo = pollRepository(ctx);
  const key = await pollKey(ctx, poll);
  if (key) {
    const token = responseToken(key, personId);
    const sealed = poll.anonymous ? await repo.sealedByToken(poll.id, token) : null;
    if (sealed) return openSheet(key, poll.id, token, sealed).answers;
    const plain = await repo.responseByToken(poll.id, token);
    if (plain) return plain;
  }
  return repo.responseByToken(poll.id, legacyResponseToken(ctx.secret, poll.id, personId));
}

/** Of these people, those who have answered (for reminders; never stored). */
export async function whoAnswered(ctx: CoreContext, poll: PollRecord, personIds: string[]): Promise<Set<string>> {
  const key = await pollKey(ctx, poll);
  const tokens = await pollRepository(ctx).tokensWithResponse(poll.id);
  return new Set(
    personIds.filter(
      (p) =>
        (key !== null && tokens.has(responseToken(key, p))) || tokens.has(legacyResponseToken(ctx.secret, poll.id, p)),
    ),
  );
}

/**
 * Stores the person's sheet, replacing an earlier one: sealed in an anonymous
 * poll, in the plain with the person in a named one. "closed" when the poll
 * no longer takes answers.
 */
export async function saveSheet(
  ctx: CoreContext,
  poll: PollRecord,
  personId: string,
  sheet: SheetContent,
): Promise<"created" | "replaced" | "closed"> {
  const repo = pollRepository(ctx);
  const key = await pollKey(ctx, poll);
  if (!key) return "closed";
  const token = responseToken(key, personId);
  const legacy = legacyResponseToken(ctx.secret, poll.id, personId);
  const now = ctx.clock.now();
  if (!poll.anonymous)
    return repo.saveResponse(poll.id, token, legacy, { groupId: sheet.groupId, personId, answers: sheet.answers }, now);
  const sealed = sealSheet(key, poll.id, token, sheet, sheetSize(poll.questions));
  return repo.saveSealed(poll.id, token, legacy, sealed, now);
}

/** Answers per group: the tallies of a closed poll, else counted from the sheets (sealed ones opened in memory). */
export async function countsByGroup(ctx: CoreContext, pollId: string): Promise<Map<string, number>> {
  const repo = pollRepository(ctx);
  const tallies = await repo.tallies(pollId);
  if (tallies.size > 0) return tallies;
  const counts = await repo.plainCountsByGroup(pollId);
  const sealed = await repo.sealedSheets(pollId);
  if (sealed.length === 0) return counts;
  const poll = await repo.poll(pollId);
  const key = poll ? await pollKey(ctx, poll) : null;
  if (!key) return counts;
  for (const row of sealed) {
    const { groupId } = openSheet(key, pollId, row.token, row.sheet);
    counts.set(groupId, (counts.get(groupId) ?? 0) + 1);
  }
  return counts;
}

/** Closes the poll (see store.close); null when another caller closed it. */
export async function closePoll(ctx: CoreContext, pollId: string, at: Date): Promise<ClosedPoll | null> {
  const repo = pollRepository(ctx);
  const poll = await repo.poll(pollId);
  if (poll?.status !== "open") return null;
  const key = poll.sealKey ? unwrap(ctx, poll.id, poll.sealKey) : null;
  return repo.close(
    pollId,
    at,
    (row) => {
      if (!key) throw new Error(`poll ${pollId} has sealed sheets but no key`);
      return openSheet(key, pollId, row.token, row.sheet);
    },
    await legacyReminders(ctx, pollId),
  );
}

/** Rewrites the sheets of anonymous polls closed before sealing existed; returns their ids. */
export async function sealClosedPolls(ctx: CoreContext, lpoId: string): Promise<string[]> {
  const repo = pollRepository(ctx);
  const ids = await repo.closedUnsealed(lpoId);
  for (const id of ids) await repo.sealClosed(id, await legacyReminders(ctx, id));
  return ids;
}
