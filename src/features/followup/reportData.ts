// The written follow-up's figures (`loftesbot report`): for a kommun and a
// period, per promise and activity what was done per month against target
// and baseline, per group, the resources behind it and the target changes;
// a chart per promise (null when it cannot be drawn: the tables hold every
// figure); each group's part of each target for the period (its share, its
// done against its part, its baseline), the total labelled the whole LPO's;
// the dialogue polls held in the period; the quality scorecard
// (Prestation, `quality`: every criterion with id, status, evidence and who
// assessed it when); and the effect section (the indicators feature's:
// indicators before and during the period). Pure data, rendered by
// reportHtml.ts, reportMarkdown.ts and reportJson.ts.
import { dayInZone } from "../../domain/calendar.js";
import type { Lang } from "../../domain/lang.js";
import { type FollowUpPeriod, monthsOf, periodLabel, shortLabel } from "./followUpPeriod.js";
import { translator } from "../../i18n/index.js";
import type { ActivityInScope } from "../../storage/organisationRepository.js";
import type { CoreContext } from "../../core/context.js";
import type { DayRange } from "../../domain/targetPeriod.js";
import { type EffectSection, effectSection } from "../indicators/index.js";
import { FollowUpCalculator, type RangeFigures } from "./figures.js";
import { type BarSeries, chartSummary, followUpChartPng } from "./followUpChart.js";
import { type PollSummary, pollSummaries } from "./followUpPolls.js";
import { pollYouSaid } from "../dialog/index.js";
import { targetText, unitWord } from "./presentation.js";
import { groupsToShow, type KommunRef, pollsDuring } from "./scope.js";
import { activitiesOfKommun, lpoName, targetHistory } from "./store.js";
import { type QualitySection, qualitySection } from "./quality/scorecard.js";

export interface ReportActivity {
  activity: ActivityInScope;
  total: RangeFigures;
  months: { month: FollowUpPeriod; figures: RangeFigures }[];
  groups: { id: string | null; name: string | null }[];
  /** each group's own figures for the whole period: its done against its part of the target (share.ts), its baseline */
  parts: { id: string | null; name: string | null; figures: RangeFigures }[];
  /** target changes that took effect inside the period */
  changes: { validFrom: string; text: string; before: string | null }[];
}

export interface ReportPromise {
  id: string;
  title: string;
  from: string;
  to: string;
  activities: ReportActivity[];
  chart: { title: string; alt: string; png: Uint8Array | null };
}

export interface ReportData {
  lang: Lang;
  kommun: KommunRef;
  lpoName: string;
  period: FollowUpPeriod;
  generated: string;
  promises: ReportPromise[];
  polls: (PollSummary & { youSaid: string | null })[];
  pollThreshold: number;
  timeZone: string;
  /** the Prestation section: each promise's scorecard against Polisens kvalitetskriterier (quality/scorecard.ts) */
  quality: QualitySection;
  /** effekt: the indicators the promises aim at, before and during the period */
  effect: EffectSection;
}

export interface ReportOptions {
  /** the effect section's before-period; the same months one year earlier when not given */
  before?: DayRange;
}

export async function followUpReportData(
  ctx: CoreContext,
  kommun: KommunRef,
  period: FollowUpPeriod,
  lang: Lang,
  options: ReportOptions = {},
): Promise<ReportData> {
  const t = translator(lang);
  const now = ctx.clock.now();
  const today = dayInZone(now, ctx.timeZone);
  const calc = new FollowUpCalculator(ctx, today);
  const lpo = await lpoName(ctx, kommun.lpoId);
  const lpoGroups = await ctx.organisation.groupsOfLpo(kommun.lpoId);
  const months = monthsOf(period);
  const promises: ReportPromise[] = [];
  for (const activity of await activitiesOfKommun(ctx, kommun.id, period)) {
    let promise = promises.find((p) => p.id === activity.promiseId);
    if (!promise) {
      promise = {
        id: activity.promiseId,
        title: activity.promiseTitle,
        from: activity.promiseFrom,
        to: activity.promiseTo,
        activities: [],
        chart: { title: "", alt: "", png: null },
      };
      promises.push(promise);
    }
    const total = await calc.figures(activity, period);
    const rows: ReportActivity["months"] = [];
    for (const month of months) rows.push({ month, figures: await calc.figures(activity, month) });
    const targets = await targetHistory(ctx, activity.id);
    const changes: ReportActivity["changes"] = [];
    targets.forEach((row, i) => {
      if (i === 0 || row.validFrom < period.from || row.validFrom > period.to) return;
      const show = (r: typeof row) =>
        targetText(lang, t, {
          amount: r.amount,
          unit: r.unit as "timmar",
          per: r.per as "vecka",
          validFrom: r.validFrom,
        });
      changes.push({ validFrom: row.validFrom, text: show(row), before: show(targets[i - 1]) });
    });
    const groups = groupsToShow(total, lpoGroups, { kind: "all" });
    const parts: ReportActivity["parts"] = [];
    for (const g of groups)
      parts.push({ ...g, figures: g.id === null ? total : await calc.groupFigures(activity, period, g.id) });
    promise.activities.push({ activity, total, months: rows, groups, parts, changes });
  }
  for (const promise of promises) {
    const series: BarSeries[] = promise.activities.map((a) => ({
      label: `${a.activity.code} ${a.activity.name}`,
      unitLabel: unitWord(t, a.total.unit),
      bars: a.months.map((m) => ({
        label: shortLabel(lang, m.month),
        amount: m.figures.unlogged ? null : m.figures.done,
        target: m.figures.target,
      })),
    }));
    const title = t("report.chartTitle", { title: promise.title, period: periodLabel(lang, period) });
    let png: Uint8Array | null = null;
    try {
      png = await followUpChartPng(
        series,
        { target: t("followup.targetWord"), met: t("followup.chartMet"), under: t("followup.chartUnder") },
        lang,
        false,
      );
    } catch (error) {
      ctx.logger.warn(
        { event: "chart.failed", err: error },
        "chart could not be rendered; the tables hold every figure",
      );
    }
    promise.chart = {
      title,
      alt: t("followup.chartAlt", { summary: chartSummary(lang, series, t("followup.targetWord")) }),
      png,
    };
  }
  // each closed dialogue's "ni sa", under the dialog feature's own threshold
  const polls = await Promise.all(
    pollsDuring(await pollSummaries(ctx, { lpoId: kommun.lpoId, kommunId: kommun.id }), period, ctx.timeZone).map(
      async (p) => ({ ...p, youSaid: await pollYouSaid(ctx, p.id, lang) }),
    ),
  );
  const time = new Intl.DateTimeFormat("sv-SE", { timeZone: ctx.timeZone, hour: "2-digit", minute: "2-digit" }).format(
    now,
  );
  return {
    lang,
    kommun,
    lpoName: lpo ?? kommun.lpoId,
    period,
    generated: `${today} ${time}`,
    promises,
    polls,
    pollThreshold: ctx.pollMinResponses,
    timeZone: ctx.timeZone,
    effect: await effectSection(ctx, {
      kommun,
      period,
      lang,
      ...(options.before ? { before: options.before } : {}),
    }),
    quality: await qualitySection(ctx, kommun, period, lang),
  };
}
