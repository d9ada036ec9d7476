// The creator's feedback note (återkoppling) on a closed medarbetardialog
// ("ni sa / vi gör"): `/dialog återkoppling <id> [text]`, the Lägg till
// uppföljning button and its form. Only the creator adds it, only after
// closing; the text is masked before it is stored and audited by its length
// only (audit action `poll.followup`, its first name); the poll-followup job
// (jobs.ts) delivers it to everyone asked and their gruppchefer.
import type { Lang } from "../../domain/lang.js";
import type { Actor } from "../../domain/organisation.js";
import { maskPersonalData } from "../../domain/personalData.js";
import { translator } from "../../i18n/index.js";
import { type FormOutcome, type FormSpec, type FormValues, type Reply, textReply } from "../../core/reply.js";
import { type PollRecord, pollRepository } from "./store.js";
import type { CoreContext } from "../../core/context.js";
import { findPoll, isReply, pollAudience } from "./access.js";
import { POLL_FEEDBACK_FORM, single } from "./forms.js";
import { concernsText, when } from "./pollMessages.js";

const MAX_FEEDBACK = 1000;

function feedbackForm(poll: PollRecord, lang: Lang, errors?: Record<string, string>, text?: string): FormSpec {
  const t = translator(lang);
  return {
    id: POLL_FEEDBACK_FORM,
    title: t("dialog.feedback.formTitle"),
    submitLabel: t("dialog.feedback.formSubmit"),
    intro: t("dialog.feedback.formIntro", { title: poll.title, concerns: concernsText(t, poll) }),
    fields: [
      {
        kind: "text",
        name: "text",
        label: t("dialog.feedback.formText"),
        required: true,
        multiline: true,
        maxLength: MAX_FEEDBACK,
        initial: text ?? poll.feedback?.text,
        placeholder: t("dialog.feedback.example"),
      },
    ],
    state: poll.id,
    errors,
  };
}

async function feedbackGate(ctx: CoreContext, actor: Actor, pollId: string): Promise<PollRecord | Reply> {
  const t = translator(actor.lang);
  const found = await findPoll(ctx, actor, pollId);
  if (isReply(found)) return found;
  if (found.createdById !== actor.id) return textReply(t("dialog.feedback.forbidden", { title: found.title }));
  if (found.status !== "closed")
    return textReply(
      t("dialog.feedback.notClosed", { title: found.title, closes: when(ctx, actor.lang, found.closesAt) }),
    );
  return found;
}

async function saveFeedback(
  ctx: CoreContext,
  actor: Actor,
  poll: PollRecord,
  raw: string,
): Promise<{ ok: true; reply: Reply } | { ok: false; error: string }> {
  const t = translator(actor.lang);
  const text = maskPersonalData(raw.replace(/[ \t]+/g, " ").trim()).text;
  if (text.length < 3 || text.length > MAX_FEEDBACK)
    return { ok: false, error: t("dialog.feedback.error", { example: t("dialog.feedback.example") }) };
  await pollRepository(ctx).setFeedback(poll.id, { text, at: ctx.clock.now().toISOString() });
  await ctx.audit.record(actor.id, "poll.followup", poll.id, { length: text.length });
  const count = (await pollAudience(ctx, poll)).filter((m) => !m.creator).length;
  return { ok: true, reply: textReply(t("dialog.feedback.saved", { title: poll.title, count })) };
}

/** `/dialog återkoppling <id> [text]`: saves the feedback note, or opens its form when no text is given. */
export async function addFeedback(ctx: CoreContext, actor: Actor, pollId: string, text: string): Promise<Reply> {
  const gate = await feedbackGate(ctx, actor, pollId);
  if (isReply(gate)) return gate;
  if (!text.trim()) {
    const form = feedbackForm(gate, actor.lang);
    return { text: form.title, blocks: [{ kind: "text", text: form.intro ?? form.title }], form };
  }
  const saved = await saveFeedback(ctx, actor, gate, text);
  return saved.ok
    ? saved.reply
    : textReply(saved.error, [{ kind: "context", text: translator(actor.lang)("dialog.usage") }]);
}

export async function submitFeedback(
  ctx: CoreContext,
  actor: Actor,
  pollId: string,
  values: FormValues,
): Promise<FormOutcome> {
  const gate = await feedbackGate(ctx, actor, pollId);
  if (isReply(gate)) return { kind: "done", reply: gate };
  const text = single(values.text);
  const saved = await saveFeedback(ctx, actor, gate, text);
  if (saved.ok) return { kind: "done", reply: saved.reply };
  const errors = { text: saved.error };
  return { kind: "errors", errors, form: feedbackForm(gate, actor.lang, errors, text) };
}
