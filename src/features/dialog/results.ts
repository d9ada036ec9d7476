// The results of a medarbetardialog in chat: `/dialog resultat <id>` and the
// Resultat button (for those access.ts allows, audited as a view), and the
// gruppchef's "Skicka till gruppen", which is recorded here and delivered by
// the poll-forward job (jobs.ts) once per poll and channel.
import type { Actor } from "../../domain/organisation.js";
import { translator } from "../../i18n/index.js";
import { type Block, type Button, type Reply, textReply } from "../../core/reply.js";
import type { CoreContext } from "../../core/context.js";
import { canCreatePolls, canViewResults, findPoll, isReply } from "./access.js";
import { pollRepository } from "./store.js";
import { boundChannels, deliveredKeys } from "./storeLookups.js";
import { FEEDBACK_ACTION, FORWARD_ACTION, HUR_FROM_ACTION } from "./forms.js";
import { when } from "./pollMessages.js";
import { compilePollResults, resultsBlocks, seedThemes } from "./pollResults.js";

/** ledger job of forwarded results (jobs.ts); read here to say "already sent" */
export const POLL_FORWARD_JOB = "poll-forward";
export const POLL_PERIOD = "poll";
/** `/dialog resultat <id>` and the Resultat button; audited as a view. */
export async function showResults(ctx: CoreContext, actor: Actor, pollId: string): Promise<Reply> {
  const t = translator(actor.lang);
  const found = await findPoll(ctx, actor, pollId);
  if (isReply(found)) return found;
  const poll = found;
  if (!(await canViewResults(ctx, actor, poll))) return textReply(t("dialog.results.forbidden", { title: poll.title }));
  const results = await compilePollResults(ctx, poll, { lang: actor.lang, names: poll.createdById === actor.id });
  await ctx.audit.record(actor.id, "poll.results.view", poll.id, { shown: results.detailsShown });
  const heading = t("dialog.results.heading", { title: poll.title });
  const blocks: Block[] = [{ kind: "heading", text: heading }, ...resultsBlocks(ctx, results, actor.lang)];
  const buttons: Button[] = [];
  if (poll.status === "closed") {
    const groups = await pollRepository(ctx).groupsAsked(poll.id);
    if (groups.some((g) => g.leadId === actor.id))
      buttons.push({ label: t("dialog.forwardButton"), action: { id: FORWARD_ACTION, value: poll.id } });
    if (poll.createdById === actor.id)
      buttons.push({ label: t("dialog.feedbackButton"), action: { id: FEEDBACK_ACTION, value: poll.id } });
    // a closed vad-dialogue whose themes can be shown is the underlag of a hur-dialogue
    if (poll.kind === "vad" && canCreatePolls(actor) && (await seedThemes(ctx, poll, actor.lang)) !== null)
      buttons.push({ label: t("dialog.hurFromButton"), action: { id: HUR_FROM_ACTION, value: poll.id } });
  }
  if (buttons.length > 0) blocks.push({ kind: "actions", buttons });
  const rate = blocks.find((b) => b.kind === "text");
  return { text: `${heading}: ${rate?.kind === "text" ? rate.text : ""}`, blocks };
}

/**
 * The gruppchef's "Skicka till gruppen": recorded (audit `poll.results.forward`)
 * and delivered to the group's bound channels by the poll-forward job, once
 * per poll and channel.
 */
export async function requestForward(ctx: CoreContext, actor: Actor, pollId: string): Promise<Reply> {
  const t = translator(actor.lang);
  const found = await findPoll(ctx, actor, pollId);
  if (isReply(found)) return found;
  const poll = found;
  const led = (await pollRepository(ctx).groupsAsked(poll.id)).filter((g) => g.leadId === actor.id);
  if (led.length === 0) return textReply(t("dialog.forward.forbidden", { title: poll.title }));
  if (poll.status !== "closed")
    return textReply(
      t("dialog.forward.notClosed", { title: poll.title, closes: when(ctx, actor.lang, poll.closesAt) }),
    );
  const names = led.map((g) => g.name).join(", ");
  const bindings = await boundChannels(
    ctx,
    led.map((g) => g.id),
  );
  if (bindings.length === 0) return textReply(t("dialog.forward.noChannel", { groups: names }));
  const sent = await deliveredKeys(ctx, POLL_FORWARD_JOB, POLL_PERIOD, `poll:${poll.id}:forward:`);
  if (bindings.every((b) => sent.has(forwardKey(poll.id, b.platform, b.channelId))))
    return textReply(t("dialog.forward.already", { title: poll.title, groups: names }));
  await ctx.audit.record(actor.id, "poll.results.forward", poll.id, { groups: led.map((g) => g.id) });
  return textReply(t("dialog.forward.queued", { title: poll.title, groups: names }));
}

export function forwardKey(pollId: string, platform: string, channelId: string): string {
  return `poll:${pollId}:forward:${platform}:channel:${channelId}`;
}
