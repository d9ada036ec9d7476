// The chat follow-up of a kommun for a period (`/uppfoljning`): per activity
// what was done against the target, per group, against the period before and
// the baseline, with the resources behind it, and a chart of the period's
// parts. Shows only what the reader's scope allows (scope.ts); the caller
// checks the scope and audits the view.
import { dayInZone } from "../../domain/calendar.js";
import type { Lang } from "../../domain/lang.js";
import { shareElapsed } from "../../domain/targetPeriod.js";
import { translator } from "../../i18n/index.js";
import type { Block, Reply } from "../../core/reply.js";
import type { CoreContext } from "../../core/context.js";
import { FollowUpCalculator, percent } from "./figures.js";
import { ChartTooSlowError } from "../../progress/chart.js";
import { type BarSeries, chartSummary, followUpChartPng } from "./followUpChart.js";
import { type FollowUpPeriod, partsOf, periodLabel, previousPeriod, shortLabel } from "./followUpPeriod.js";
import { activityBlocks, doneOf, promiseBlocks, targetText, unitWord } from "./presentation.js";
import { type FollowUpScope, groupsToShow, type KommunRef } from "./scope.js";
import { activitiesOfKommun } from "./store.js";

export interface FollowUpViewOptions {
  kommun: KommunRef;
  period: FollowUpPeriod;
  scope: FollowUpScope;
  lang: Lang;
  withChart?: boolean;
}

/** The follow-up reply for a kommun and period, for someone allowed to read it (see followUpScope). */
export async function followUpView(ctx: CoreContext, options: FollowUpViewOptions): Promise<Reply> {
  const { kommun, period, scope, lang } = options;
  const t = translator(lang);
  const today = dayInZone(ctx.clock.now(), ctx.timeZone);
  const label = periodLabel(lang, period);
  const previous = previousPeriod(period);
  const heading = t("followup.heading", { kommun: kommun.name, period: label });
  const activities = await activitiesOfKommun(ctx, kommun.id, period);
  if (activities.length === 0) {
    const text = t("followup.none", { kommun: kommun.name, period: label });
    return {
      text: `${heading}: ${text}`,
      blocks: [
        { kind: "heading", text: heading },
        { kind: "text", text },
      ],
    };
  }
  const calc = new FollowUpCalculator(ctx, today);
  const lpoGroups = await ctx.organisation.groupsOfLpo(kommun.lpoId);
  const elapsed = shareElapsed(period, today);
  const blocks: Block[] = [
    { kind: "heading", text: heading },
    {
      kind: "context",
      text: [
        t("followup.range", { from: period.from, to: period.to }),
        elapsed > 0 && elapsed < 1 ? t("followup.elapsed", { percent: Math.round(elapsed * 100) }) : null,
        t("followup.compared", { previous: periodLabel(lang, previous) }),
      ]
        .filter(Boolean)
        .join(" · "),
    },
  ];
  const summary: string[] = [];
  const series: BarSeries[] = [];
  const parts = partsOf(period);
  let promiseId = "";
  for (const activity of activities) {
    if (activity.promiseId !== promiseId) {
      promiseId = activity.promiseId;
      blocks.push(
        ...promiseBlocks(
          t("followup.promise", { title: activity.promiseTitle, from: activity.promiseFrom, to: activity.promiseTo }),
        ),
      );
    }
    const f = await calc.figures(activity, period);
    const before = await calc.figures(activity, previous);
    const p = percent(f.done, f.target);
    const line = f.wholePeriod
      ? t("followup.activityWhole", { code: activity.code, activity: activity.name, doneOf: doneOf(lang, t, f) })
      : f.target === null
        ? t("followup.activityNoTarget", { code: activity.code, activity: activity.name, done: doneOf(lang, t, f) })
        : t("followup.activity", {
            code: activity.code,
            activity: activity.name,
            doneOf: doneOf(lang, t, f),
            percent: p ?? 0,
          });
    summary.push(`${activity.code} ${doneOf(lang, t, f)}`);
    blocks.push(
      ...activityBlocks(lang, t, {
        f,
        before,
        previous,
        line,
        label: `${activity.code} ${label}`,
        groups: groupsToShow(f, lpoGroups, scope),
        withTotal: true,
        facts: f.targetInForce ? [t("followup.target", { target: targetText(lang, t, f.targetInForce) })] : [],
        notes: f.active ? [] : [t("followup.notRunning", { from: activity.promiseFrom, to: activity.promiseTo })],
      }),
    );

    const bars: BarSeries["bars"] = [];
    for (const part of parts) {
      const pf = await calc.figures(activity, part);
      bars.push({ label: shortLabel(lang, part), amount: pf.done, target: pf.target });
    }
    series.push({ label: `${activity.code} ${activity.name}`, unitLabel: unitWord(t, f.unit), bars });
  }
  if (scope.kind === "groups") {
    const names = lpoGroups.filter((g) => scope.groupIds.includes(g.id)).map((g) => g.name);
    blocks.push({ kind: "context", text: t("followup.ownGroupsOnly", { groups: names.join(", ") || "–" }) });
  }
  if (options.withChart !== false) {
    const title = t("followup.chartTitle", { kommun: kommun.name, period: label });
    try {
      blocks.push({
        kind: "image",
        png: await followUpChartPng(
          series,
          { target: t("followup.targetWord"), met: t("followup.chartMet"), under: t("followup.chartUnder") },
          lang,
        ),
        alt: t("followup.chartAlt", { summary: chartSummary(lang, series, t("followup.targetWord")) }),
        title,
      });
    } catch (error) {
      if (error instanceof ChartTooSlowError)
        ctx.logger.info({ event: "chart.late" }, "chart not ready in time; sent without it, the text is complete");
      else
        ctx.logger.warn(
          { event: "chart.failed", err: error },
          "chart could not be rendered; the text is complete without it",
        );
    }
  }
  return { text: `${heading}: ${summary.join("; ")}`, blocks };
}
