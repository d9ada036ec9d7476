// The written follow-up of a kommun's promises for a period (`loftesbot
// report`): the charts as PNG files (the effect charts as SVG files), one
// self-contained HTML file and a Markdown file, named after the kommun and
// the period and handed to the caller's writer (the feature touches no file
// system); or the whole report as JSON (`--format json`, reportJson.ts). The names are plain
// file names whatever the ids hold (safeFileName), and the Markdown links the
// charts by those names. Every report written
// is audited (`followup.view`, kind "report").
import { safeFileName } from "../../domain/fileName.js";
import type { Lang } from "../../domain/lang.js";
import type { CoreContext } from "../../core/context.js";
import type { FollowUpPeriod } from "./followUpPeriod.js";
import { followUpReportData, type ReportOptions } from "./reportData.js";
import { reportJson } from "./reportJson.js";
import { reportHtml } from "./reportHtml.js";
import { reportMarkdown } from "./reportMarkdown.js";
import type { KommunRef } from "./scope.js";

export interface WrittenReport {
  html: string;
  markdown: string;
  charts: string[];
}

/** Writes one file of the report by its name (a plain file name, see safeFileName); returns the path written. */
export type ReportWriter = (name: string, content: string | Uint8Array) => string;

/** Renders the report, hands its files to `write` (the charts, the HTML, the Markdown) and audits it. */
export async function writeFollowUpReport(
  ctx: CoreContext,
  kommun: KommunRef,
  period: FollowUpPeriod,
  lang: Lang,
  write: ReportWriter,
  options: ReportOptions = {},
): Promise<WrittenReport> {
  const data = await followUpReportData(ctx, kommun, period, lang, options);
  const base = `${lang === "sv" ? "uppfoljning" : "follow-up"}-${safeFileName(kommun.id)}-${period.from}_${period.to}`;
  const charts = new Map<string, string>();
  const chartPaths: string[] = [];
  for (const p of data.promises) {
    if (!p.chart.png) continue;
    const name = safeFileName(`${base}-${safeFileName(p.id)}.png`);
    const path = write(name, p.chart.png);
    charts.set(p.id, name);
    chartPaths.push(path);
  }
  const effectCharts = data.effect.indicators.map((indicator, i) => {
    const name = safeFileName(`${base}-${lang === "sv" ? "effekt" : "effect"}-${i + 1}.svg`);
    chartPaths.push(write(name, indicator.chart.svg));
    return name;
  });
  const html = write(safeFileName(`${base}.html`), reportHtml(data));
  const markdown = write(safeFileName(`${base}.md`), reportMarkdown(data, charts, effectCharts));
  await ctx.audit.record(null, "followup.view", kommun.id, {
    kind: "report",
    from: period.from,
    to: period.to,
    activities: data.promises.reduce((n, p) => n + p.activities.length, 0),
    polls: data.polls.length,
    indicators: data.effect.indicators.length,
  });
  return { html, markdown, charts: chartPaths };
}

/** The whole report as JSON (one object, see reportJson.ts); audited like the written report. */
export async function followUpReportJson(
  ctx: CoreContext,
  kommun: KommunRef,
  period: FollowUpPeriod,
  lang: Lang,
  options: ReportOptions = {},
): Promise<string> {
  const data = await followUpReportData(ctx, kommun, period, lang, options);
  await ctx.audit.record(null, "followup.view", kommun.id, {
    kind: "report-json",
    from: period.from,
    to: period.to,
    activities: data.promises.reduce((n, p) => n + p.activities.length, 0),
    polls: data.polls.length,
    indicators: data.effect.indicators.length,
  });
  return reportJson(data);
}
