// /mina: my entries this week (who logged each one a colleague logged for me)
// and this target period, with the team's standing
// (its own part of each target, then the LPO's total, labelled as such);
// what colleagues logged for me with `med` in the last OWN_PART_DAYS days, each
// with a button that removes my part; and who removed their part of a line I
// logged in that time.
import { isoWeek, startOfIsoWeek, addDays } from "../../domain/calendar.js";
import type { Actor } from "../../domain/organisation.js";
import { formatHours, translator } from "../../i18n/index.js";
import type { Block, Reply } from "../../core/reply.js";
import { type CoreContext, today } from "../../core/context.js";
import { amountText } from "./confirmation.js";
import { activityProgress } from "../../progress/progress.js";
import { groupOfPerson, loadShareBasis } from "../../progress/share.js";
import { lpoPart, ourPart } from "../../progress/shareText.js";
import { partsLoggedFor, partsRemovedFrom } from "./store.js";
import { OWN_PART_DAYS, removeOwnPartButton } from "./undo.js";

/** how many parts logged for me (each with its button), and parts removed from my lines, /mina shows */
const PARTS_SHOWN = 5;

export async function myEntries(ctx: CoreContext, actor: Actor): Promise<Reply> {
  const t = translator(actor.lang);
  const day = today(ctx);
  const monday = startOfIsoWeek(day);
  const week = t("common.week", { week: isoWeek(day).week });
  const entries = await ctx.activityLog.entriesOfPerson(actor.id, monday, addDays(monday, 6));
  const blocks: Block[] = [
    { kind: "heading", text: t("mine.heading") },
    { kind: "text", text: `*${t("mine.week", { week })}*` },
  ];
  if (entries.length === 0) blocks.push({ kind: "text", text: t("mine.none") });
  else {
    const shown = entries.slice(0, 40);
    // an entry a colleague logged for me with `med` says who
    const loggers = await ctx.organisation.peopleNames([
      ...new Set(shown.filter((e) => e.loggedById !== actor.id).map((e) => e.loggedById)),
    ]);
    const lines = shown.map((e) =>
      t("mine.entry", {
        day: e.day,
        amount: amountText(t, actor.lang, e.minutes, e.count, e.activity.unit),
        code: e.activity.code,
        activity: e.activity.name,
        by: e.loggedById === actor.id ? "" : t("mine.entry.by", { name: loggers.get(e.loggedById) ?? e.loggedById }),
        note: e.note ? ` – ${e.note}` : "",
      }),
    );
    blocks.push({ kind: "text", text: lines.join("\n") });
    const minutes = entries.reduce((sum, e) => sum + (e.minutes ?? 0), 0);
    if (minutes > 0)
      blocks.push({ kind: "context", text: t("mine.totalWeek", { amount: formatHours(actor.lang, minutes) }) });
  }
  blocks.push(...(await partsBlocks(ctx, actor)));
  const activities = await ctx.organisation.activitiesInScope(actor, day);
  const basis = await loadShareBasis(ctx, [actor.lpoId]);
  for (const activity of activities) {
    const p = await activityProgress(ctx, activity, day, { trendWeeks: 0 });
    if (!p.target) continue;
    const periodText = t(`per.${p.per}.this` as "per.vecka.this");
    // the team's own part first (the bar), then the LPO's total, labelled as such
    const groupId = groupOfPerson(activity, actor.groupIds, basis);
    const team = groupId ? await activityProgress(ctx, activity, day, { groupId, basis, trendWeeks: 0 }) : null;
    const parts = [...(team ? [ourPart(actor.lang, team)] : []), lpoPart(actor.lang, p)];
    blocks.push({
      kind: "progress",
      label: `${activity.code} ${activity.name}`,
      done: team?.groupTarget != null ? team.done : p.done,
      target: team?.groupTarget ?? p.target.amount,
      text: `${activity.code} ${activity.name} ${periodText}: ${parts.join(" · ")}`,
    });
  }
  const summary =
    entries.length === 0
      ? `${t("mine.heading")}: ${t("mine.none")}`
      : `${t("mine.heading")}: ${entries.length} (${week})`;
  return { text: summary, blocks };
}

/** Parts colleagues logged for the actor (each with a "remove my part" button), and parts removed from the actor's lines. */
async function partsBlocks(ctx: CoreContext, actor: Actor): Promise<Block[]> {
  const t = translator(actor.lang);
  const since = new Date(ctx.clock.now().getTime() - OWN_PART_DAYS * 24 * 3600 * 1000);
  const [forMe, removed] = await Promise.all([
    partsLoggedFor(ctx, actor.id, since, PARTS_SHOWN + 1),
    partsRemovedFrom(ctx, actor.id, since, PARTS_SHOWN),
  ]);
  if (forMe.length === 0 && removed.length === 0) return [];
  const names = await ctx.organisation.peopleNames([
    ...new Set([...forMe.map((e) => e.loggedById), ...removed.map((e) => e.personId)]),
  ]);
  const describe = (e: (typeof forMe)[number]) => ({
    amount: amountText(t, actor.lang, e.minutes, e.count, e.activity.unit),
    code: e.activity.code,
    activity: e.activity.name,
    day: e.day,
  });
  const blocks: Block[] = [];
  if (forMe.length > 0) {
    blocks.push({ kind: "text", text: t("mine.forMe", { days: OWN_PART_DAYS }) });
    for (const e of forMe.slice(0, PARTS_SHOWN)) {
      const name = names.get(e.loggedById) ?? e.loggedById;
      blocks.push({ kind: "text", text: t("mine.forMe.entry", { ...describe(e), name }) });
      blocks.push({ kind: "actions", buttons: [removeOwnPartButton(t, e.id)] });
    }
    if (forMe.length > PARTS_SHOWN)
      blocks.push({ kind: "context", text: t("mine.forMe.more", { shown: PARTS_SHOWN }) });
  }
  for (const e of removed) {
    const name = names.get(e.personId) ?? e.personId;
    blocks.push({ kind: "context", text: t("mine.removedPart", { ...describe(e), name }) });
  }
  return blocks;
}
