// The quality follow-up in chat: `/uppfoljning <kommun> kvalitet [period]`
// shows each promise's scorecard (scorecard.ts) to whoever may read the
// kommun's follow-up; a kommunpolis or the lpo-chef gets a button per promise
// that opens the assessment form (only the criteria Löftesbot's data cannot
// decide), and a button — or `/uppfoljning <kommun> publicerad <period>` —
// that marks the kommun's citizen summary for the period published.
// An assessment is saved with who and when (a new row each time: the latest
// counts), its note masked like every free text; both are audited
// (`quality.assess`, `quality.published`) by ids and lengths only.
import { isValidDay } from "../../../domain/calendar.js";
import { type Actor, hasRole } from "../../../domain/organisation.js";
import { maskPersonalData } from "../../../domain/personalData.js";
import { type Translate, translator } from "../../../i18n/index.js";
import type { CoreContext } from "../../../core/context.js";
import type { Block, FormOutcome, FormSpec, FormValues, Reply } from "../../../core/reply.js";
import { fitLabel, textReply } from "../../../core/reply.js";
import { type FollowUpPeriod, periodLabel, rangePeriod } from "../followUpPeriod.js";
import type { KommunRef } from "../store.js";
import {
  ASSESSED_STATUSES,
  type CriterionResult,
  isCriterionId,
  type PromiseScorecard,
  qualitySection,
} from "./scorecard.js";
import { type AssessedStatus, addAssessment, addPublication, promiseRow } from "./store.js";

export const QUALITY_ASSESS_ACTION = "quality-assess";
export const QUALITY_PUBLISH_ACTION = "quality-published";
export const QUALITY_FORM = "quality-assess";
const MAX_NOTE = 500;

/** The words after the kommun that ask for the scorecard, and for marking the citizen summary published. */
export const QUALITY_WORDS = ["kvalitet", "prestation", "quality"];
export const PUBLISHED_WORDS = ["publicerad", "published"];

const ICON: Record<CriterionResult["status"], string> = {
  met: "✅",
  partly: "🟡",
  "not-met": "❌",
  "to-assess": "❔",
};

function mayAssess(actor: Actor): boolean {
  return hasRole(actor, "kommunpolis", "lpo-chef");
}

export function criterionLine(t: Translate, c: CriterionResult): string {
  return t("quality.line", {
    icon: ICON[c.status],
    id: c.id,
    text: c.text,
    status: t(`quality.status.${c.status}`),
    source: t(`quality.source.${c.source}`),
  });
}

/** "bedömt 2026-11-20 13:00 av Erik Johansson" (in the time zone of the service). */
export function assessedText(ctx: CoreContext, t: Translate, c: CriterionResult): string | null {
  if (!c.assessedAt) return null;
  const at = new Date(c.assessedAt);
  const day = new Intl.DateTimeFormat("sv-SE", {
    timeZone: ctx.timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).format(at);
  return t("quality.assessedBy", { at: day, name: c.assessedByName ?? c.assessedBy ?? "" });
}

function cardBlocks(ctx: CoreContext, t: Translate, card: PromiseScorecard, assessButton: boolean): Block[] {
  const lines = card.criteria.map((c) => {
    const extra = [c.evidence, assessedText(ctx, t, c), c.note ? t("quality.noteLabel", { note: c.note }) : null]
      .filter(Boolean)
      .join(" · ");
    return `${criterionLine(t, c)}\n      ${extra}`;
  });
  const blocks: Block[] = [
    { kind: "divider" },
    { kind: "text", text: t("quality.promise", { title: card.title, from: card.from, to: card.to }) },
    { kind: "text", text: lines.join("\n") },
  ];
  if (assessButton && card.criteria.some((c) => c.source !== "computed"))
    blocks.push({
      kind: "actions",
      buttons: [
        {
          label: t("quality.assessButton", { title: card.title }).slice(0, 75),
          action: { id: QUALITY_ASSESS_ACTION, value: card.promiseId },
        },
      ],
    });
  return blocks;
}

/** `/uppfoljning <kommun> kvalitet [period]` for someone allowed to read the kommun's follow-up. */
export async function qualityView(
  ctx: CoreContext,
  actor: Actor,
  kommun: KommunRef,
  period: FollowUpPeriod,
): Promise<Reply> {
  const t = translator(actor.lang);
  const label = periodLabel(actor.lang, period);
  const heading = t("quality.heading", { kommun: kommun.name, period: label });
  const section = await qualitySection(ctx, kommun, period, actor.lang);
  if (section.promises.length === 0) {
    const text = t("quality.none", { kommun: kommun.name, period: label });
    return {
      text: `${heading}: ${text}`,
      blocks: [
        { kind: "heading", text: heading },
        { kind: "text", text },
      ],
    };
  }
  const counts = t("quality.counts", { ...section.counts });
  const blocks: Block[] = [
    { kind: "heading", text: heading },
    { kind: "context", text: `${t("quality.intro")} ${counts}` },
  ];
  const assess = mayAssess(actor);
  for (const card of section.promises) blocks.push(...cardBlocks(ctx, t, card, assess));
  if (assess)
    blocks.push({
      kind: "actions",
      buttons: [
        {
          label: t("quality.publishButton"),
          action: { id: QUALITY_PUBLISH_ACTION, value: `${kommun.id}|${period.from}|${period.to}` },
        },
      ],
    });
  return { text: `${heading}: ${counts}`, blocks };
}

async function assessForm(
  ctx: CoreContext,
  actor: Actor,
  promiseId: string,
  errors?: Record<string, string>,
  values?: FormValues,
): Promise<FormSpec | Reply> {
  const t = translator(actor.lang);
  const promise = await promiseRow(ctx, promiseId);
  if (!promise || promise.lpoId !== actor.lpoId) return textReply(t("quality.unknownPromise"));
  const kommun = { id: promise.kommunId, name: promise.kommunName, lpoId: promise.lpoId };
  const section = await qualitySection(ctx, kommun, rangePeriod(promise.fromDay, promise.toDay), actor.lang, {
    promiseId: promise.id,
    light: true,
  });
  const criteria = section.promises[0]?.criteria.filter((c) => c.source !== "computed") ?? [];
  const str = (name: string) => (typeof values?.[name] === "string" ? (values[name] as string) : undefined);
  return {
    id: QUALITY_FORM,
    title: t("quality.form.title"),
    submitLabel: t("quality.form.submit"),
    intro: t("quality.form.intro", { title: promise.title }),
    state: promise.id,
    errors,
    fields: [
      {
        kind: "choice",
        name: "criterion",
        label: t("quality.form.criterion"),
        required: true,
        options: criteria.map((c) => ({
          value: c.id,
          // the criterion's text is cut, never its status in parentheses
          label: fitLabel(`${c.id} ${c.text}`, ` (${t(`quality.status.${c.status}`)})`, 75),
        })),
        initial: str("criterion"),
      },
      {
        kind: "choice",
        name: "status",
        label: t("quality.form.status"),
        required: true,
        options: ASSESSED_STATUSES.map((s) => ({ value: s, label: t(`quality.status.${s}`) })),
        initial: str("status"),
      },
      {
        kind: "text",
        name: "note",
        label: t("quality.form.note"),
        multiline: true,
        maxLength: MAX_NOTE,
        placeholder: t("quality.form.notePlaceholder"),
        initial: str("note"),
      },
    ],
  };
}

function isReply(x: FormSpec | Reply): x is Reply {
  return "blocks" in x;
}

/** The Bedöm button: opens the assessment form for the promise. */
export async function openAssessForm(ctx: CoreContext, actor: Actor, promiseId: string): Promise<Reply> {
  const t = translator(actor.lang);
  if (!mayAssess(actor)) return textReply(t("quality.forbidden"));
  const form = await assessForm(ctx, actor, promiseId);
  if (isReply(form)) return form;
  return { text: form.title, blocks: [{ kind: "text", text: form.intro ?? form.title }], form };
}

const single = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? "") : (v ?? "")).trim();

export async function submitAssessment(
  ctx: CoreContext,
  actor: Actor,
  promiseId: string,
  values: FormValues,
): Promise<FormOutcome> {
  const t = translator(actor.lang);
  if (!mayAssess(actor)) return { kind: "done", reply: textReply(t("quality.forbidden")) };
  const promise = await promiseRow(ctx, promiseId);
  if (!promise || promise.lpoId !== actor.lpoId) return { kind: "done", reply: textReply(t("quality.unknownPromise")) };
  const kommun = { id: promise.kommunId, name: promise.kommunName, lpoId: promise.lpoId };
  const section = await qualitySection(ctx, kommun, rangePeriod(promise.fromDay, promise.toDay), actor.lang, {
    promiseId: promise.id,
    light: true,
  });
  const criteria = section.promises[0]?.criteria ?? [];
  const errors: Record<string, string> = {};
  const criterion = single(values.criterion).toLowerCase();
  const found = isCriterionId(criterion) ? criteria.find((c) => c.id === criterion) : undefined;
  if (!found) errors.criterion = t("quality.error.criterion");
  else if (found.source === "computed") errors.criterion = t("quality.error.computed", { id: found.id });
  const status = single(values.status) as AssessedStatus;
  if (!ASSESSED_STATUSES.includes(status)) errors.status = t("quality.error.status");
  const note = maskPersonalData(single(values.note).replace(/[ \t]+/g, " ")).text;
  if (note.length > MAX_NOTE) errors.note = t("quality.error.note", { max: MAX_NOTE });
  if (Object.keys(errors).length > 0 || !found) {
    const form = await assessForm(ctx, actor, promiseId, errors, values);
    return isReply(form) ? { kind: "done", reply: form } : { kind: "errors", errors, form };
  }
  const at = await addAssessment(ctx, {
    promiseId: promise.id,
    criterionId: found.id,
    status,
    note,
    assessedById: actor.id,
  });
  await ctx.audit.record(actor.id, "quality.assess", promise.id, {
    criterion: found.id,
    status,
    noteLength: note.length,
  });
  const when = new Intl.DateTimeFormat("sv-SE", {
    timeZone: ctx.timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).format(at);
  return {
    kind: "done",
    reply: textReply(
      t("quality.saved", { id: found.id, title: promise.title, status: t(`quality.status.${status}`), at: when }),
    ),
  };
}

/** Marks the kommun's citizen summary for from–to published (chat: the button, or `/uppfoljning <kommun> publicerad <period>`). */
export async function markPublished(
  ctx: CoreContext,
  actor: Actor,
  kommun: KommunRef,
  from: string,
  to: string,
): Promise<Reply> {
  const t = translator(actor.lang);
  if (!mayAssess(actor)) return textReply(t("quality.forbidden"));
  if (kommun.lpoId !== actor.lpoId) return textReply(t("quality.unknownPromise"));
  if (!isValidDay(from) || !isValidDay(to) || to < from)
    return textReply(t("quality.publishUsage", { kommun: kommun.id }));
  await addPublication(ctx, { kommunId: kommun.id, fromDay: from, toDay: to, source: "chat", publishedById: actor.id });
  await ctx.audit.record(actor.id, "quality.published", kommun.id, { from, to, source: "chat" });
  return textReply(t("quality.publishedSaved", { kommun: kommun.name, from, to }));
}
