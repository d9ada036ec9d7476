// The creator's follow-up of a closed medarbetardialog ("ni sa / vi gör"):
// `/dialog uppfoljning <id> [text]`, the Lägg till uppföljning button and its
// form. Only the creator adds it, only after closing; the text is masked
// before it is stored and audited by its length only; the poll-followup job
// (jobs.ts) delivers it to everyone asked and their gruppchefer.
import type { Lang } from "../../domain/lang.js";
import type { Actor } from "../../domain/organisation.js";
import { maskPersonalData } from "../../domain/personalData.js";
import { translator } from "../../i18n/index.js";
import { type FormOutcome, type FormSpec, type FormValues, type Reply, textReply } from "../../core/reply.js";
import { type PollRecord, pollRepository } from "./store.js";
import type { CoreContext } from "../../core/context.js";
import { findPoll, isReply, pollAudience } from "./access.js";
import { POLL_FOLLOWUP_FORM, single } from "./forms.js";
import { concernsText, when } from "./pollMessages.js";

const MAX_FOLLOW_UP = 1000;

function followUpForm(poll: PollRecord, lang: Lang, errors?: Record<string, string>, text?: string): FormSpec {
  const t = translator(lang);
  return {
    id: POLL_FOLLOWUP_FORM,
    title: t("dialog.followUp.formTitle"),
    submitLabel: t("dialog.followUp.formSubmit"),
    intro: t("dialog.followUp.formIntro", { title: poll.title, concerns: concernsText(t, poll) }),
    fields: [
      {
        kind: "text",
        name: "text",
        label: t("dialog.followUp.formText"),
        required: true,
        multiline: true,
        maxLength: MAX_FOLLOW_UP,
        initial: text ?? poll.followUp?.text,
        placeholder: t("dialog.followUp.example"),
      },
    ],
    state: poll.id,
    errors,
  };
}

async function followUpGate(ctx: CoreContext, actor: Actor, pollId: string): Promise<PollRecord | Reply> {
  const t = translator(actor.lang);
  const found = await findPoll(ctx, actor, pollId);
  if (isReply(found)) return found;
  if (found.createdById !== actor.id) return textReply(t("dialog.followUp.forbidden", { title: found.title }));
  if (found.status !== "closed")
    return textReply(
      t("dialog.followUp.notClosed", { title: found.title, closes: when(ctx, actor.lang, found.closesAt) }),
    );
  return found;
}

async function saveFollowUp(
  ctx: CoreContext,
  actor: Actor,
  poll: PollRecord,
  raw: string,
): Promise<{ ok: true; reply: Reply } | { ok: false; error: string }> {
  const t = translator(actor.lang);
  const text = maskPersonalData(raw.replace(/[ \t]+/g, " ").trim()).text;
  if (text.length < 3 || text.length > MAX_FOLLOW_UP)
    return { ok: false, error: t("dialog.followUp.error", { example: t("dialog.followUp.example") }) };
  await pollRepository(ctx).setFollowUp(poll.id, { text, at: ctx.clock.now().toISOString() });
  await ctx.audit.record(actor.id, "poll.followup", poll.id, { length: text.length });
  const count = (await pollAudience(ctx, poll)).filter((m) => !m.creator).length;
  return { ok: true, reply: textReply(t("dialog.followUp.saved", { title: poll.title, count })) };
}

/** `/dialog uppfoljning <id> [text]`: saves the follow-up, or opens its form when no text is given. */
export async function addFollowUp(ctx: CoreContext, actor: Actor, pollId: string, text: string): Promise<Reply> {
  const gate = await followUpGate(ctx, actor, pollId);
  if (isReply(gate)) return gate;
  if (!text.trim()) {
    const form = followUpForm(gate, actor.lang);
    return { text: form.title, blocks: [{ kind: "text", text: form.intro ?? form.title }], form };
  }
  const saved = await saveFollowUp(ctx, actor, gate, text);
  return saved.ok
    ? saved.reply
    : textReply(saved.error, [{ kind: "context", text: translator(actor.lang)("dialog.usage") }]);
}

export async function submitFollowUp(
  ctx: CoreContext,
  actor: Actor,
  pollId: string,
  values: FormValues,
): Promise<FormOutcome> {
  const gate = await followUpGate(ctx, actor, pollId);
  if (isReply(gate)) return { kind: "done", reply: gate };
  const text = single(values.text);
  const saved = await saveFollowUp(ctx, actor, gate, text);
  if (saved.ok) return { kind: "done", reply: saved.reply };
  const errors = { text: saved.error };
  return { kind: "errors", errors, form: followUpForm(gate, actor.lang, errors, text) };
}
