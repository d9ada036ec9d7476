// /logga ångra and the Ångra button: undo a batch (the line's entries for the
// logger and everyone named with `med`, for every activity of the line)
// logged by the actor within 24 hours; the answer names each activity, and
// whom it was for ("för Emma Lund" when the line held no entry of the logger's:
// stored "Spara utan mig").
// Only the logger may undo, once; the undo is audited. Its answer is known
// before the undo is written, so a failure after it still confirms it. And
// `/logga ta bort min del` and its button in /mina: a person named with `med`
// removes their own entry of such a line (within OWN_PART_DAYS days), audited,
// and only theirs.
import type { Actor } from "../../domain/organisation.js";
import { type Translate, translator } from "../../i18n/index.js";
import { type Button, forConversation, type Reply } from "../../core/reply.js";
import type { CoreContext } from "../../core/context.js";
import { currentWrites } from "../../core/writes.js";
import { amountText, othersText } from "./confirmation.js";
import { activityById, partById, partsLoggedFor, REMOVE_OWN_PART_AUDIT } from "./store.js";

/** /logga ångra, or the Ångra button (then `batchId` names the batch). */
export async function undoLast(ctx: CoreContext, actor: Actor, batchId?: string): Promise<Reply> {
  const t = translator(actor.lang);
  const now = ctx.clock.now();
  const since = new Date(now.getTime() - 24 * 3600 * 1000);
  const id = batchId ?? (await ctx.activityLog.lastBatchLoggedBy(actor.id, since));
  if (!id) {
    const text = t("log.nothingToUndo");
    return { text, blocks: [{ kind: "text", text }] };
  }
  const batch = await ctx.activityLog.batch(id);
  if (!batch || batch.loggedById !== actor.id || batch.createdAt < since || batch.entries.length === 0) {
    const text = t("log.undoTooLate");
    return { text, blocks: [{ kind: "text", text }] };
  }
  // the answer is built before the undo is written: once it is, a failure after it still confirms it
  // one sentence per activity of the line (a line with several activities is one batch)
  const activityIds = [...new Set(batch.entries.map((e) => e.activityId))];
  const allOthers = batch.entries.map((e) => e.personId).filter((p) => p !== actor.id);
  const names = await ctx.organisation.peopleNames([...new Set(allOthers)]);
  const sentences: string[] = [];
  for (const activityId of activityIds) {
    const entries = batch.entries.filter((e) => e.activityId === activityId);
    const first = entries.find((e) => e.personId === actor.id) ?? entries[0];
    const activity = await activityById(ctx, activityId);
    // the people whose entries are undone, the logger among them when the line held theirs ("även för" then)
    const people = [...new Set(entries.map((e) => e.personId))].map((id) => ({ id, name: names.get(id) ?? id }));
    sentences.push(
      t("log.undone", {
        amount: amountText(t, actor.lang, first.minutes, first.count, activity?.unit ?? "timmar"),
        code: activity?.code ?? "",
        activity: activity?.name ?? "",
        day: first.day,
        others: othersText(t, actor, people),
      }),
    );
  }
  const text = sentences.join("\n");
  // the Ångra button is on a confirmation its conversation saw: the undo is said there too
  const said: Reply = { text, blocks: [{ kind: "text", text }] };
  const undone = batchId ? forConversation(said) : said;
  const writes = currentWrites();
  if (writes) writes.receipt = undone;
  const changed = await ctx.activityLog.undoBatch(id, now);
  if (changed === 0) {
    if (writes) writes.receipt = undefined;
    const tooLate = t("log.undoTooLate");
    return { text: tooLate, blocks: [{ kind: "text", text: tooLate }] };
  }
  await ctx.audit.record(actor.id, "entry.undo", id, { entries: changed });
  return undone;
}

/** A person named with `med` may remove their own part of a line this many days after it was logged. */
export const OWN_PART_DAYS = 7;
export const REMOVE_OWN_PART_ACTION = "remove-own-part";

/** The button that removes one's own part of the entry `entryId`. */
export function removeOwnPartButton(t: Translate, entryId: string): Button {
  return {
    label: t("log.removeOwnPart.button"),
    action: { id: REMOVE_OWN_PART_ACTION, value: entryId },
    finishes: true,
  };
}

/**
 * `/logga ta bort min del` (the newest part someone else logged for the
 * actor), or the button in /mina (then `entryId` names the entry): marks the
 * actor's own entry of that line undone, the logger's and the others' stay.
 * Audited; the logger sees it in /mina.
 */
export async function removeOwnPart(ctx: CoreContext, actor: Actor, entryId?: string): Promise<Reply> {
  const t = translator(actor.lang);
  const now = ctx.clock.now();
  const since = new Date(now.getTime() - OWN_PART_DAYS * 24 * 3600 * 1000);
  const say = (text: string): Reply => ({ text, blocks: [{ kind: "text", text }] });
  const part =
    entryId === undefined ? (await partsLoggedFor(ctx, actor.id, since, 1))[0] : await partById(ctx, entryId);
  if (!part) {
    return say(
      entryId === undefined
        ? t("log.removeOwnPart.nothing", { days: OWN_PART_DAYS })
        : t("log.removeOwnPart.cannot", { days: OWN_PART_DAYS }),
    );
  }
  const changed = await ctx.activityLog.undoOwnPart(part.id, actor.id, since, now);
  if (changed === 0) return say(t("log.removeOwnPart.cannot", { days: OWN_PART_DAYS }));
  await ctx.audit.record(actor.id, REMOVE_OWN_PART_AUDIT, part.id, {
    batchId: part.batchId,
    loggedById: part.loggedById,
  });
  ctx.logger.info(
    { event: "entry.part-removed", entry: part.id, batchId: part.batchId, person: actor.id },
    "own part removed",
  );
  const names = await ctx.organisation.peopleNames([part.loggedById]);
  return say(
    t("log.removeOwnPart.done", {
      amount: amountText(t, actor.lang, part.minutes, part.count, part.activity.unit),
      code: part.activity.code,
      activity: part.activity.name,
      day: part.day,
      name: names.get(part.loggedById) ?? part.loggedById,
      days: OWN_PART_DAYS,
    }),
  );
}
