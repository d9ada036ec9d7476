// What a manager sees after a save and on the Klar button: why the promise
// exists (one line, when given), the promise's activities with their targets
// and groups (with each group's explicit part), whether logging is open, and the
// buttons to go on (add an activity while there are fewer than MAX_ACTIVITIES,
// Klar). Reads only, stores nothing.
import type { Actor } from "../../domain/organisation.js";
import { formatAmount, type Lang, type Translate, translator } from "../../i18n/index.js";
import { type Block, type Button, type Reply, textReply } from "../../core/reply.js";
import {
  type ActivityRecord,
  MAX_ACTIVITIES,
  type PromiseRecord,
  promiseRepository,
  type TargetSpec,
} from "./store.js";
import { ADD_ACTIVITY_ACTION, PROMISE_DONE_ACTION, partsOfTarget } from "./forms.js";
import { type CoreContext, today } from "../../core/context.js";
import { whyLine } from "../../progress/shareText.js";

export function targetText(t: Translate, lang: Lang, target: TargetSpec): string {
  const amount = formatAmount(lang, target.unit, target.amount);
  return target.per === "period"
    ? t("manage.target.period", { amount })
    : t("manage.target", { amount, per: t(`per.${target.per}` as "per.vecka") });
}

/** "IG Turlag 1, IG Turlag 2", or with explicit parts "IG Turlag 1 (4 h), IG Turlag 2 (6 h)". */
function groupsText(t: Translate, lang: Lang, a: ActivityRecord, names: Map<string, string>): string {
  if (a.groupIds.length === 0) return t("manage.allGroups");
  const parts = partsOfTarget(a.shares, a.target?.amount ?? null);
  return a.groupIds
    .map((g) => {
      const name = names.get(g) ?? g;
      const part = parts[g];
      return part === undefined ? name : `${name} (${formatAmount(lang, a.target?.unit ?? a.unit, part)})`;
    })
    .join(", ");
}

function activityLine(t: Translate, lang: Lang, a: ActivityRecord, names: Map<string, string>): string {
  return t("manage.activityLine", {
    code: a.code,
    name: a.name,
    target: a.target ? targetText(t, lang, a.target) : "–",
    groups: groupsText(t, lang, a, names),
  });
}

function logExample(lang: Lang, a: ActivityRecord): string {
  const word = a.aliases[0] ?? a.code;
  return a.unit === "timmar" ? `${lang === "sv" ? "1,5h" : "1.5h"} ${word}` : `1st ${word}`;
}

/** "id (title), …": the promises one may name, in a reply that did not find one. */
export function promiseIdList(promises: PromiseRecord[]): string {
  return promises.map((p) => `${p.id} (${p.title})`).join(", ");
}

/** What was saved, the promise's activities, and the buttons to go on. */
export async function savedReply(
  ctx: CoreContext,
  actor: Actor,
  promise: PromiseRecord,
  headline: string[],
  focus?: ActivityRecord,
): Promise<Reply> {
  const t = translator(actor.lang);
  const names = await ctx.organisation.groupNames(promise.activities.flatMap((a) => a.groupIds));
  const blocks: Block[] = headline.map((text): Block => ({ kind: "text", text }));
  const why = whyLine(actor.lang, { ...promise.why, citizenMessage: promise.why.tellCitizens });
  if (why) blocks.push({ kind: "context", text: why });
  for (const a of promise.activities) blocks.push({ kind: "context", text: activityLine(t, actor.lang, a, names) });
  const day = today(ctx);
  const example = focus ?? promise.activities[0];
  if (example) {
    blocks.push({
      kind: "context",
      text:
        promise.fromDay <= day && day <= promise.toDay
          ? t("manage.loggable", { example: logExample(actor.lang, example) })
          : t("manage.notRunning", { from: promise.fromDay, to: promise.toDay }),
    });
  }
  const buttons: Button[] = [];
  if (promise.activities.length < MAX_ACTIVITIES)
    buttons.push({
      label: t("manage.addActivityButton"),
      action: { id: ADD_ACTIVITY_ACTION, value: promise.id },
      style: "primary",
    });
  else blocks.push({ kind: "context", text: t("manage.full", { title: promise.title }) });
  buttons.push({
    label: t("manage.doneButton"),
    action: { id: PROMISE_DONE_ACTION, value: promise.id },
    finishes: true,
  });
  blocks.push({ kind: "actions", buttons });
  return { text: headline.join(" "), blocks };
}

/** The Klar button: the promise as it now stands, and how to change it later. */
export async function promiseSummary(ctx: CoreContext, actor: Actor, promiseId: string): Promise<Reply> {
  const t = translator(actor.lang);
  const promise = await promiseRepository(ctx).promise(actor.lpoId, promiseId);
  if (!promise) return textReply(t("manage.notFound", { what: promiseId, promises: "–" }));
  const names = await ctx.organisation.groupNames(promise.activities.flatMap((a) => a.groupIds));
  const blocks: Block[] = [
    { kind: "heading", text: promise.title },
    {
      kind: "context",
      text: t("manage.summaryPeriod", {
        kommun: promise.kommunName,
        from: promise.fromDay,
        to: promise.toDay,
        id: promise.id,
      }),
    },
    ...promise.activities.map((a): Block => ({ kind: "text", text: activityLine(t, actor.lang, a, names) })),
  ];
  const first = promise.activities[0];
  if (first)
    blocks.push({
      kind: "context",
      text: t("manage.editHint", { code: first.code, kommun: promise.kommunId, id: promise.id }),
    });
  return { text: `${promise.title}: ${promise.activities.map((a) => a.code).join(", ")}`, blocks };
}
