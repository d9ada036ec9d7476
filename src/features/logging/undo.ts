// /logga ångra and the Ångra button: undo a batch (the line's entries for the
// logger and everyone named with `med`) logged by the actor within 24 hours.
// Only the logger may undo, once; the undo is audited. Its answer is known
// before the undo is written, so a failure after it still confirms it.
import type { Actor } from "../../domain/organisation.js";
import { translator } from "../../i18n/index.js";
import type { Reply } from "../../core/reply.js";
import type { CoreContext } from "../../core/context.js";
import { currentWrites } from "../../core/writes.js";
import { amountText, joinNames } from "./confirmation.js";
import { activityById } from "./store.js";

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
  const first = batch.entries[0];
  const activity = await activityById(ctx, first.activityId);
  const othersIds = batch.entries.map((e) => e.personId).filter((p) => p !== actor.id);
  const names = await ctx.organisation.peopleNames(othersIds);
  const text = t("log.undone", {
    amount: amountText(t, actor.lang, first.minutes, first.count, activity?.unit ?? "timmar"),
    code: activity?.code ?? "",
    activity: activity?.name ?? "",
    day: first.day,
    others:
      othersIds.length > 0
        ? t("log.storedOthers", {
            names: joinNames(
              t,
              othersIds.map((o) => names.get(o) ?? o),
            ),
          })
        : "",
  });
  const undone: Reply = { text, blocks: [{ kind: "text", text }] };
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
