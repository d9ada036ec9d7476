// /lofte: the promises that concern me — each with one line on why it exists
// and what to tell citizens — each activity with my team's part of its target
// and progress, and the LPO's total, labelled as such.
// A kommunpolis or LPO-chef is concerned by every promise of the LPO's kommuner
// (the organisation links kommunpoliser to kommuner only through groups), all
// their activities whatever group does them, and the promises that have not
// started yet (next year's, just created: its targets, no progress).
import { type Actor, hasRole } from "../../domain/organisation.js";
import { formatAmount, translator } from "../../i18n/index.js";
import { type Block, literal, type Reply } from "../../core/reply.js";
import type { ActivityInScope } from "../../storage/organisationRepository.js";
import { currentAndComingActivitiesOfLpo } from "./store.js";
import { type CoreContext, today } from "../../core/context.js";
import { activityProgress } from "../../progress/progress.js";
import { groupOfPerson, loadShareBasis } from "../../progress/share.js";
import { lpoPart, ourPart, shareBasisText, whyLine } from "../../progress/shareText.js";

export async function promiseList(ctx: CoreContext, actor: Actor): Promise<Reply> {
  const t = translator(actor.lang);
  const day = today(ctx);
  const wholeLpo = hasRole(actor, "kommunpolis", "lpo-chef");
  const activities = wholeLpo
    ? await currentAndComingActivitiesOfLpo(ctx, actor.lpoId, day)
    : await ctx.organisation.activitiesInScope(actor, day);
  if (activities.length === 0) {
    const text = t("promises.none");
    return { text, blocks: [{ kind: "text", text }] };
  }
  const byPromise = new Map<string, ActivityInScope[]>();
  for (const a of activities) byPromise.set(a.promiseId, [...(byPromise.get(a.promiseId) ?? []), a]);
  const blocks: Block[] = [{ kind: "heading", text: t("promises.heading") }];
  const summary: string[] = [];
  const basis = await loadShareBasis(ctx, [actor.lpoId]);
  for (const list of byPromise.values()) {
    const first = list[0];
    blocks.push({ kind: "text", text: `*${literal(first.promiseTitle)}*` });
    blocks.push({
      kind: "context",
      text: t("promises.period", { kommun: first.kommunName, from: first.promiseFrom, to: first.promiseTo }),
    });
    const why = whyLine(actor.lang, first.why);
    if (why) blocks.push({ kind: "context", text: why });
    summary.push(first.promiseTitle);
    if (first.promiseFrom > day) {
      blocks.push({ kind: "context", text: t("promises.upcoming", { from: first.promiseFrom }) });
      for (const activity of list) {
        const target = await ctx.organisation.targetOn(activity.id, first.promiseFrom);
        blocks.push({
          kind: "text",
          text: target
            ? t("promises.activity", {
                code: activity.code,
                activity: activity.name,
                target: formatAmount(actor.lang, target.unit, target.amount),
                per: t(`per.${target.per}` as "per.vecka"),
              })
            : literal(`${activity.code} ${activity.name}`),
        });
      }
      continue;
    }
    for (const activity of list) {
      const p = await activityProgress(ctx, activity, day, { trendWeeks: 0 });
      if (!p.target) {
        blocks.push({ kind: "text", text: literal(`${activity.code} ${activity.name}`) });
        continue;
      }
      const periodText = t(`per.${p.per}.this` as "per.vecka.this");
      const target = formatAmount(actor.lang, p.target.unit, p.target.amount);
      const groupId = groupOfPerson(activity, actor.groupIds, basis);
      const team = groupId ? await activityProgress(ctx, activity, day, { groupId, basis, trendWeeks: 0 }) : null;
      const parts = [...(team ? [ourPart(actor.lang, team)] : []), lpoPart(actor.lang, p)];
      blocks.push({
        kind: "progress",
        label: `${activity.code} ${activity.name}`,
        done: team?.groupTarget != null ? team.done : p.done,
        target: team?.groupTarget ?? p.target.amount,
        text: `${activity.code} ${activity.name}: ${t("promises.progress", { target, period: periodText, parts: parts.join(" · ") })}`,
      });
      const shareText = team ? shareBasisText(actor.lang, team) : null;
      if (shareText) blocks.push({ kind: "context", text: shareText });
    }
    const example =
      list[0].unit === "timmar"
        ? `1,5h ${list[0].aliases[0] ?? list[0].code}`
        : `1st ${list[0].aliases[0] ?? list[0].code}`;
    blocks.push({ kind: "context", text: t("promises.logHint", { example }) });
  }
  return { text: `${t("promises.heading")}: ${summary.join(", ")}`, blocks };
}
