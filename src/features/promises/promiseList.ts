// /lofte: the promises that concern me, each activity with its target and progress.
import type { Actor } from "../../domain/organisation.js";
import { formatAmount, translator } from "../../i18n/index.js";
import { type Block, literal, type Reply } from "../../core/reply.js";
import type { ActivityInScope } from "../../storage/organisationRepository.js";
import { type CoreContext, today } from "../../core/context.js";
import { activityProgress, doneOfTarget, percentOfTarget } from "../../progress/progress.js";

export async function promiseList(ctx: CoreContext, actor: Actor): Promise<Reply> {
  const t = translator(actor.lang);
  const day = today(ctx);
  const activities = await ctx.organisation.activitiesInScope(actor, day);
  if (activities.length === 0) {
    const text = t("promises.none");
    return { text, blocks: [{ kind: "text", text }] };
  }
  const byPromise = new Map<string, ActivityInScope[]>();
  for (const a of activities) byPromise.set(a.promiseId, [...(byPromise.get(a.promiseId) ?? []), a]);
  const blocks: Block[] = [{ kind: "heading", text: t("promises.heading") }];
  const summary: string[] = [];
  for (const list of byPromise.values()) {
    const first = list[0];
    blocks.push({ kind: "text", text: `*${literal(first.promiseTitle)}*` });
    blocks.push({
      kind: "context",
      text: t("promises.period", { kommun: first.kommunName, from: first.promiseFrom, to: first.promiseTo }),
    });
    summary.push(first.promiseTitle);
    for (const activity of list) {
      const p = await activityProgress(ctx, activity, day);
      if (!p.target) {
        blocks.push({ kind: "text", text: literal(`${activity.code} ${activity.name}`) });
        continue;
      }
      const periodText = t(`per.${p.per}.this` as "per.vecka.this");
      const target = formatAmount(actor.lang, p.target.unit, p.target.amount);
      blocks.push({
        kind: "progress",
        label: `${activity.code} ${activity.name}`,
        done: p.done,
        target: p.target.amount,
        text: `${activity.code} ${activity.name}: ${t("promises.progress", { code: "", done: doneOfTarget(actor.lang, p).split("/")[0], target, period: periodText, percent: percentOfTarget(p) }).replace(/^: /, "")}`,
      });
    }
    const example =
      list[0].unit === "timmar"
        ? `1,5h ${list[0].aliases[0] ?? list[0].code}`
        : `1st ${list[0].aliases[0] ?? list[0].code}`;
    blocks.push({ kind: "context", text: t("promises.logHint", { example }) });
  }
  return { text: `${t("promises.heading")}: ${summary.join(", ")}`, blocks };
}
