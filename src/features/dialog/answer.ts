// Answering a medarbetardialog: the Svara button (or `/dialog svara <id>`)
// opens a form of its questions, pre-filled with the person's earlier answer;
// the submission is validated and stored as one answer sheet that replaces
// any earlier one. Only recipients answer, and only while the poll is open.
//
// Anonymity: an anonymous answer sheet is stored sealed under the poll's own
// key, found by a token made with that key (sheets.ts, pollToken.ts), with no
// person and no time; at closing it is written again with nothing but its
// answers and the key is destroyed. Free text is masked before it is stored;
// a group with fewer recipients than the threshold is stored as one pooled
// group, so a group of one or two cannot be told apart; answering writes no
// audit row and no log line naming the person, and the front door keeps no
// request key of it (feature.ts declares the answer flow unrecorded);
// results go through pollResults.ts, which applies the threshold everywhere.
// No command lists who answered what.
import type { Lang } from "../../domain/lang.js";
import type { Actor } from "../../domain/organisation.js";
import { type MaskedKind, maskPersonalData } from "../../domain/personalData.js";
import { localizeQuestion } from "./pollQuestions.js";
import { ownAnswers, saveSheet } from "./sheets.js";
import { translator } from "../../i18n/index.js";
import {
  type Block,
  type Choice,
  type FormField,
  type FormOutcome,
  type FormSpec,
  type FormValues,
  type Reply,
  textReply,
} from "../../core/reply.js";
import { POOLED_GROUP, type PollRecord, pollRepository } from "./store.js";
import type { CoreContext } from "../../core/context.js";
import { findPoll, isOpen, isReply } from "./access.js";
import { many, POLL_ANSWER_FORM, single } from "./forms.js";
import { answerButton, concernsText, kindText, when } from "./pollMessages.js";

const MAX_TEXT_ANSWER = 1000;

/** The actor's own earlier answers, found through their token, as form values. */
function valuesFromAnswers(poll: PollRecord, answers: { questionId: string; value: string }[]): FormValues {
  const values: FormValues = {};
  for (const q of poll.questions) {
    const answer = answers.find((a) => a.questionId === q.id);
    if (!answer) continue;
    const name = `q${q.position}`;
    if (q.kind === "single") {
      const i = q.options.indexOf(answer.value);
      if (i >= 0) values[name] = String(i);
    } else if (q.kind === "multi")
      values[name] = answer.value
        .split("\n")
        .map((v) => q.options.indexOf(v))
        .filter((i) => i >= 0)
        .map(String);
    else values[name] = answer.value;
  }
  return values;
}

export function answerForm(
  ctx: CoreContext,
  poll: PollRecord,
  lang: Lang,
  options: {
    values?: FormValues;
    errors?: Record<string, string>;
    earlier?: boolean;
  } = {},
): FormSpec {
  const t = translator(lang);
  const scale: Choice[] = ["1", "2", "3", "4", "5"].map((v) => ({
    value: v,
    label: v === "1" ? t("dialog.answer.scaleLow") : v === "5" ? t("dialog.answer.scaleHigh") : v,
  }));
  const fields: FormField[] = poll.questions.map((question): FormField => {
    const q = localizeQuestion(question, lang);
    const name = `q${question.position}`;
    const label = `${question.position + 1}. ${q.text}`;
    const initial = options.values?.[name];
    switch (q.kind) {
      case "single":
      case "multi":
        return {
          kind: "choice",
          name,
          label,
          required: true,
          multiple: q.kind === "multi",
          options: q.options.map((o, i) => ({ value: String(i), label: o })),
          initial,
        };
      case "scale":
        return { kind: "choice", name, label, required: true, options: scale, initial: single(initial) || undefined };
      default:
        return {
          kind: "text",
          name,
          label,
          multiline: true,
          maxLength: MAX_TEXT_ANSWER,
          initial: single(initial) || undefined,
        };
    }
  });
  const intro = [
    t("dialog.answer.intro", {
      title: poll.title,
      kind: kindText(t, poll),
      concerns: concernsText(t, poll),
      anonymity: poll.anonymous ? t("dialog.answer.introAnonymous") : t("dialog.answer.introNamed"),
      closes: when(ctx, lang, poll.closesAt),
    }),
    options.earlier ? t("dialog.answer.introEarlier") : "",
  ]
    .filter(Boolean)
    .join("\n");
  return {
    id: POLL_ANSWER_FORM,
    title: t("dialog.answer.title"),
    submitLabel: t("dialog.answer.submit"),
    intro,
    fields,
    state: poll.id,
    errors: options.errors,
  };
}

/** Only recipients may answer, and only while the poll is open. */
async function answerGate(ctx: CoreContext, actor: Actor, poll: PollRecord): Promise<Reply | { groupId: string }> {
  const t = translator(actor.lang);
  const recipient = await pollRepository(ctx).recipient(poll.id, actor.id);
  if (!recipient) return textReply(t("dialog.answer.notRecipient", { title: poll.title }));
  if (!isOpen(ctx, poll))
    return textReply(
      t("dialog.answer.closed", { title: poll.title, closed: when(ctx, actor.lang, poll.closedAt ?? poll.closesAt) }),
    );
  return recipient;
}

/**
 * The Svara button (or `/dialog svara <id>`): the answer form, pre-filled with
 * an earlier answer. The form is never shown where others read it: a Slack
 * modal, the console, and in Teams the person's personal chat (an answer
 * asked for in a channel goes there: Reply.audience).
 */
export async function openAnswerForm(ctx: CoreContext, actor: Actor, pollId: string): Promise<Reply> {
  const found = await findPoll(ctx, actor, pollId);
  if (isReply(found)) return found;
  const gate = await answerGate(ctx, actor, found);
  if ("blocks" in gate) return gate;
  const earlier = await ownAnswers(ctx, found, actor.id);
  const form = answerForm(ctx, found, actor.lang, {
    values: earlier ? valuesFromAnswers(found, earlier) : undefined,
    earlier: earlier !== null,
  });
  const text = translator(actor.lang)("dialog.invite.heading", { title: found.title });
  return { text, blocks: [{ kind: "text", text }], form };
}

/** A submitted answer form: validated, masked, stored under the person's token (replacing an earlier answer). */
export async function submitAnswer(
  ctx: CoreContext,
  actor: Actor,
  pollId: string,
  values: FormValues,
): Promise<FormOutcome> {
  const t = translator(actor.lang);
  const found = await findPoll(ctx, actor, pollId);
  if (isReply(found)) return { kind: "done", reply: found };
  const poll = found;
  const gate = await answerGate(ctx, actor, poll);
  if ("blocks" in gate) return { kind: "done", reply: gate };

  const errors: Record<string, string> = {};
  const answers: { questionId: string; value: string }[] = [];
  const masked: MaskedKind[] = [];
  let names: string[] | undefined;
  for (const question of poll.questions) {
    const name = `q${question.position}`;
    const shown = localizeQuestion(question, actor.lang);
    // an option by its value (index) or, typed, by its label
    const index = (v: string) => {
      if (/^\d+$/.test(v) && Number(v) < question.options.length) return Number(v);
      const byLabel = shown.options.findIndex((o) => o.toLowerCase() === v.toLowerCase());
      return byLabel >= 0 ? byLabel : question.options.findIndex((o) => o.toLowerCase() === v.toLowerCase());
    };
    if (question.kind === "single") {
      const v = single(values[name]);
      if (!v) errors[name] = t("dialog.answer.required");
      else if (index(v) < 0) errors[name] = t("dialog.answer.invalidChoice");
      else answers.push({ questionId: question.id, value: question.options[index(v)] });
    } else if (question.kind === "multi") {
      const picks = many(values[name]);
      const indexes = [...new Set(picks.map(index))];
      if (picks.length === 0) errors[name] = t("dialog.answer.required");
      else if (indexes.some((i) => i < 0)) errors[name] = t("dialog.answer.invalidChoice");
      else
        answers.push({
          questionId: question.id,
          value: indexes
            .sort((a, b) => a - b)
            .map((i) => question.options[i])
            .join("\n"),
        });
    } else if (question.kind === "scale") {
      const v = single(values[name]).slice(0, 1);
      if (!v) errors[name] = t("dialog.answer.required");
      else if (!["1", "2", "3", "4", "5"].includes(v)) errors[name] = t("dialog.answer.invalidChoice");
      else answers.push({ questionId: question.id, value: v });
    } else {
      const text = single(values[name]).replace(/[ \t]+/g, " ");
      if (text.length > MAX_TEXT_ANSWER) errors[name] = t("dialog.answer.tooLong");
      else if (text) {
        // free text is cleaned of personal data and of the names of the organisation's people, as the invitation says
        names ??= (await ctx.organisation.peopleOfLpo(actor.lpoId)).map((p) => p.name);
        const m = maskPersonalData(text, { names });
        for (const k of m.masked) if (!masked.includes(k)) masked.push(k);
        answers.push({ questionId: question.id, value: m.text });
      }
    }
  }
  if (Object.keys(errors).length > 0)
    return { kind: "errors", errors, form: answerForm(ctx, poll, actor.lang, { values, errors }) };

  const repo = pollRepository(ctx);
  // a group too small to be told apart is stored as one pooled group
  const groupSize = await repo.recipientCountInGroup(poll.id, gate.groupId);
  const groupId = poll.anonymous && groupSize < ctx.pollMinResponses ? POOLED_GROUP : gate.groupId;
  const outcome = await saveSheet(ctx, poll, actor.id, { groupId, answers });
  if (outcome === "closed")
    return {
      kind: "done",
      reply: textReply(t("dialog.answer.closed", { title: poll.title, closed: when(ctx, actor.lang, poll.closesAt) })),
    };
  // anonymous answers leave no audit row and no log line: their time and the person could be matched
  if (!poll.anonymous) await ctx.audit.record(actor.id, "poll.answer", poll.id, { changed: outcome === "replaced" });

  const closes = when(ctx, actor.lang, poll.closesAt);
  const receipt = t(outcome === "replaced" ? "dialog.answer.receiptChanged" : "dialog.answer.receipt", {
    title: poll.title,
    closes,
  });
  const blocks: Block[] = [
    { kind: "text", text: receipt },
    { kind: "context", text: poll.anonymous ? t("dialog.answer.receiptAnonymous") : t("dialog.answer.receiptNamed") },
  ];
  if (masked.length > 0)
    blocks.push({
      kind: "context",
      text: t("dialog.answer.masked", {
        kinds: masked.map((k) => t(`log.maskedKind.${k}` as "log.maskedKind.personnummer")).join(", "),
      }),
    });
  blocks.push({ kind: "actions", buttons: [answerButton(t, poll.id, t("dialog.changeButton"))] });
  return { kind: "done", reply: { text: receipt, blocks } };
}
