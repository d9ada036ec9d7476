// The report as Markdown: the same sections as the HTML, the charts as PNG
// files beside it (by name). Every text — ours, and above all what people
// wrote (titles, names, "vad händer sedan", follow-ups) — is escaped, so the
// Markdown of the report is only its own headings, tables, lists and emphasis:
// a title like "[Klicka här](http://…)" reads as written, never as a link.
import { plainText } from "../../core/replyText.js";
import { translator } from "../../i18n/index.js";
import type { ReportData } from "./reportData.js";
import { effectSentences, effectTable } from "./reportEffect.js";
import {
  activityFacts,
  groupShareTable,
  hasPartialMonth,
  monthTable,
  periodText,
  pollRows,
  summaryTable,
  type Table,
} from "./reportTables.js";
import { qualityTables } from "./quality/reportSection.js";

/**
 * Text as it reads, for one line of Markdown: CommonMark's inline markup
 * characters backslash-escaped, line breaks as spaces (so nothing starts a
 * block), and a start that would read as a list item or a heading escaped.
 */
export function mdText(text: string): string {
  return mdCell(text)
    .replace(/^(\s*)([-+=])/, "$1\\$2")
    .replace(/^(\s*\d+)([.)])/, "$1\\$2");
}

/** Text for a table cell (where no block can start): inline markup escaped, "|" included. */
function mdCell(text: string): string {
  return plainText(text)
    .replace(/\s*\r?\n\s*/g, " ")
    .replace(/[\\`*_[\]<>~|&#!]/g, "\\$&");
}

function mdTable(table: Table): string {
  const align = table.head.map((_, i) => (table.numeric.includes(i) ? "---:" : "---"));
  return [
    `| ${table.head.map(mdCell).join(" | ")} |`,
    `| ${align.join(" | ")} |`,
    ...table.rows.map((r) => `| ${r.map(mdCell).join(" | ")} |`),
  ].join("\n");
}

/** `charts`: promise id → the chart's PNG file name beside the Markdown file; `effectCharts`: each indicator's SVG file name, in order. */
export function reportMarkdown(data: ReportData, charts: Map<string, string>, effectCharts: string[] = []): string {
  const t = translator(data.lang);
  const out: string[] = [
    `# ${mdText(t("report.title", { kommun: data.kommun.name }))}`,
    "",
    `_${mdText(t("report.meta", { lpo: data.lpoName, period: periodText(data), generated: data.generated }))}_`,
    "",
    mdText(t("report.intro")),
    "",
  ];
  if (data.promises.length === 0) out.push(mdText(t("report.noPromises")), "");
  else {
    out.push(`## ${mdText(t("report.summary"))}`, "", mdTable(summaryTable(data)), "");
    for (const p of data.promises) {
      out.push(`## ${mdText(p.title)}`, "", `_${mdText(`${p.from} – ${p.to}`)}_`, "");
      const file = charts.get(p.id);
      if (file) out.push(`![${mdText(p.chart.alt)}](${file})`, "");
      for (const a of p.activities) {
        out.push(`### ${mdText(`${a.activity.code} ${a.activity.name}`)}`, "");
        for (const f of activityFacts(data, a)) out.push(`- ${mdText(f)}`);
        out.push("", mdTable(monthTable(data, a)), "");
        if (a.parts.some((g) => g.id !== null))
          out.push(`_${mdText(t("report.groupsHeading"))}_`, "", mdTable(groupShareTable(data, a)), "");
      }
    }
    if (hasPartialMonth(data)) out.push(`_${mdText(t("report.partNote"))}_`, "");
  }
  out.push(`## ${mdText(t("report.pollsHeading"))}`, "");
  if (data.polls.length === 0) out.push(mdText(t("report.noPolls")), "");
  else {
    const polls = pollRows(data);
    out.push(mdTable(polls.table), "");
    for (const o of polls.outcomes) {
      out.push(`### ${mdText(o.title)}`, "");
      if (o.whatNext) out.push(`**${mdText(t("report.whatNext"))}** ${mdText(o.whatNext)}`, "");
      if (o.youSaid) out.push(`**${mdText(t("report.youSaid"))}** ${mdText(o.youSaid)}`, "");
      out.push(`**${mdText(t("report.followUp"))}** ${mdText(o.followUp ?? t("report.noFollowUp"))}`, "");
    }
  }
  const quality = qualityTables(data.lang, data.kommun.id, data.quality, data.timeZone);
  out.push(`## ${mdText(t("report.quality.heading"))}`, "", `_${mdText(quality.intro)}_`, "");
  out.push(mdText(quality.promises.length === 0 ? t("report.noPromises") : quality.counts), "");
  for (const p of quality.promises) out.push(`### ${mdText(p.title)}`, "", mdTable(p.table), "");
  const effect = data.effect;
  out.push(`## ${mdText(t("report.effect.heading"))}`, "", `_${mdText(effect.intro)}_`, "");
  for (const note of effect.notes) out.push(mdText(note), "");
  if (effect.indicators.length > 0) out.push(mdTable(effectTable(effect)), "");
  effect.indicators.forEach((i, n) => {
    out.push(`### ${mdText(i.chart.title)}`, "");
    if (effectCharts[n]) out.push(`![${mdText(i.chart.alt)}](${effectCharts[n]})`, "");
    for (const s of effectSentences(i)) out.push(mdText(s), "");
  });
  return out.join("\n");
}
