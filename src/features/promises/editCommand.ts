// `/lofte ändra …`: finds what to edit from free words (a promise id, a
// kommun, an activity code, in any order) among the promises of the actor's
// LPO, and opens its form, or asks with buttons when several match. Reads
// only; the forms it opens save.
import { normalizeWord } from "../../domain/activity.js";
import type { Actor } from "../../domain/organisation.js";
import { translator } from "../../i18n/index.js";
import { type Button, fitLabel, type Reply, textReply } from "../../core/reply.js";
import { type CoreContext, today } from "../../core/context.js";
import { forbidden, mayManagePromises } from "./access.js";
import { activityForm } from "./activityForm.js";
import { editPromiseForm } from "./editPromise.js";
import { EDIT_ACTIVITY_ACTION, EDIT_PROMISE_ACTION, withForm } from "./forms.js";
import { promiseRepository } from "./store.js";
import { promiseIdList } from "./summary.js";

/** Words that may stand between a code and a kommun: `/lofte ändra L2 i asby`. */
const FILLER_WORDS = new Set(["i", "in", "för", "for", "på"]);

/**
 * `/lofte ändra …`: words are a promise id (`norrdal-2026`), a kommun
 * (`asby`, `Åsby`) or an activity code (`L2`), in any order. A code alone that
 * is in several promises is asked about with buttons.
 */
export async function editCommand(ctx: CoreContext, actor: Actor, args: string): Promise<Reply> {
  const t = translator(actor.lang);
  if (!mayManagePromises(actor)) return forbidden(t);
  const repo = promiseRepository(ctx);
  const [promises, kommuner] = await Promise.all([repo.promisesOfLpo(actor.lpoId), repo.kommuner(actor.lpoId)]);
  if (promises.length === 0) return textReply(t("manage.noPromises"));
  const words = args.split(/\s+/).filter(Boolean);
  if (words.length === 0) return textReply(t("manage.editUsage", { promises: promiseIdList(promises) }));

  const promiseIds = new Set<string>();
  const kommunIds = new Set<string>();
  const codes: string[] = [];
  for (const word of words) {
    if (FILLER_WORDS.has(word.toLowerCase())) continue;
    const promise = promises.find((p) => p.id.toLowerCase() === word.toLowerCase());
    if (promise) {
      promiseIds.add(promise.id);
      continue;
    }
    const w = normalizeWord(word);
    const kommun = kommuner.find(
      (k) => normalizeWord(k.id) === w || normalizeWord(k.name) === w || normalizeWord(k.name.split(" ")[0]) === w,
    );
    if (kommun) kommunIds.add(kommun.id);
    else codes.push(word.replace(/^#/, ""));
  }
  if (codes.length > 1) return textReply(t("manage.notFound", { what: args, promises: promiseIdList(promises) }));
  const candidates = promises.filter(
    (p) => (promiseIds.size === 0 || promiseIds.has(p.id)) && (kommunIds.size === 0 || kommunIds.has(p.kommunId)),
  );
  if (candidates.length === 0)
    return textReply(t("manage.notFound", { what: args, promises: promiseIdList(promises) }));

  if (codes.length === 0) {
    if (candidates.length === 1) return withForm(editPromiseForm(actor, candidates[0]));
    const buttons: Button[] = candidates.slice(0, 10).map((p) => ({
      label: fitLabel(p.title, ` (${p.id})`, 70),
      action: { id: EDIT_PROMISE_ACTION, value: p.id },
    }));
    const text = t("manage.editUsage", { promises: promiseIdList(candidates) });
    return textReply(text, [{ kind: "actions", buttons }]);
  }

  const code = codes[0].toLowerCase();
  let matches = candidates.flatMap((p) =>
    p.activities.filter((a) => a.code.toLowerCase() === code).map((a) => ({ promise: p, activity: a })),
  );
  if (matches.length === 0)
    return textReply(t("manage.notFound", { what: codes[0], promises: promiseIdList(candidates) }));
  // a promise that has ended is only chosen when it is the only one with the code
  const day = today(ctx);
  const running = matches.filter((m) => m.promise.toDay >= day);
  if (running.length > 0) matches = running;
  if (matches.length === 1) return withForm(await activityForm(ctx, actor, matches[0].promise, matches[0].activity));
  const text = t("manage.whichPromise", { code: codes[0] });
  const buttons: Button[] = matches.slice(0, 10).map((m) => ({
    label: t("manage.choiceLabel", { code: m.activity.code, title: m.promise.title }).slice(0, 70),
    action: { id: EDIT_ACTIVITY_ACTION, value: m.activity.id },
  }));
  return textReply(text, [{ kind: "actions", buttons }]);
}
