// /mina: my entries this week and this target period, with the team's standing.
import { isoWeek, startOfIsoWeek, addDays } from "../../domain/calendar.js";
import type { Actor } from "../../domain/organisation.js";
import { formatHours, translator } from "../../i18n/index.js";
import type { Block, Reply } from "../../core/reply.js";
import { type CoreContext, today } from "../../core/context.js";
import { amountText } from "./confirmation.js";
import { activityProgress, doneOfTarget } from "../../progress/progress.js";

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
    const lines = entries.slice(0, 40).map((e) =>
      t("mine.entry", {
        day: e.day,
        amount: amountText(t, actor.lang, e.minutes, e.count, e.activity.unit),
        code: e.activity.code,
        activity: e.activity.name,
        note: e.note ? ` – ${e.note}` : "",
      }),
    );
    blocks.push({ kind: "text", text: lines.join("\n") });
    const minutes = entries.reduce((sum, e) => sum + (e.minutes ?? 0), 0);
    if (minutes > 0)
      blocks.push({ kind: "context", text: t("mine.totalWeek", { amount: formatHours(actor.lang, minutes) }) });
  }
  const activities = await ctx.organisation.activitiesInScope(actor, day);
  for (const activity of activities) {
    const p = await activityProgress(ctx, activity, day);
    if (!p.target) continue;
    const periodText = t(`per.${p.per}.this` as "per.vecka.this");
    blocks.push({
      kind: "progress",
      label: `${activity.code} ${activity.name}`,
      done: p.done,
      target: p.target.amount,
      text: `${activity.code} ${activity.name}: ${doneOfTarget(actor.lang, p)} ${periodText}`,
    });
  }
  const summary =
    entries.length === 0
      ? `${t("mine.heading")}: ${t("mine.none")}`
      : `${t("mine.heading")}: ${entries.length} (${week})`;
  return { text: summary, blocks };
}
