// The chat follow-up of a kommun for a period (`/uppfoljning`): per activity
// what was done against the target, per group, against the period before and
// the baseline, with the resources behind it, and a chart of the period's
// parts. Each group's figure is its done against its own part of the target
// (share.ts: "IG Turlag 1: 13 av 17,1 h (76 %)"), and the total is labelled
// the whole LPO's; a gruppchef also reads how their groups' parts were decided
// and each group's own baseline. Shows only what the reader's scope allows
// (scope.ts); the caller checks the scope and audits the view.
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
import { formatAmount } from "../../i18n/index.js";
import { shareBasisText } from "../../progress/shareText.js";
import type { RangeFigures } from "./figures.js";
import { shown } from "./figures.js";
import { activityBlocks, baselineMissing, doneOf, promiseBlocks, targetText, unitWord } from "./presentation.js";
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
    // a period before logging began: "ingen loggning", no percentage of it
    const line =
      f.wholePeriod || f.unlogged
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
    const groups = groupsToShow(f, lpoGroups, scope);
    const groupParts = new Map<string, RangeFigures>();
    for (const g of groups) if (g.id !== null) groupParts.set(g.id, await calc.groupFigures(activity, period, g.id));
    // a gruppchef: how each of their groups' part was decided, and the group's own baseline
    const ownGroups: string[] = [];
    if (scope.kind === "groups")
      for (const g of groups) {
        const part = g.id === null ? undefined : groupParts.get(g.id);
        if (!part?.share || !g.name) continue;
        const basis = part.atEnd ? shareBasisText(lang, part.atEnd) : null;
        if (basis) ownGroups.push(t("followup.groupShare", { group: g.name, basis }));
        ownGroups.push(
          part.baseline !== null
            ? t("followup.groupBaseline", {
                group: g.name,
                amount: formatAmount(lang, part.unit, shown(part.baseline)),
              })
            : `${g.name} – ${baselineMissing(t, part)}`,
        );
      }
    blocks.push(
      ...activityBlocks(lang, t, {
        f,
        before,
        previous,
        line,
        label: `${activity.code} ${label}`,
        groups,
        withTotal: true,
        parts: groupParts,
        facts: [
          ...(f.targetInForce ? [t("followup.target", { target: targetText(lang, t, f.targetInForce) })] : []),
          ...ownGroups,
        ],
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
