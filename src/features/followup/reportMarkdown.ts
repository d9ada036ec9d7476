// The report as Markdown: the same sections as the HTML, the charts as PNG
// files beside it (by name), table cells with "|" and line breaks escaped.
import { translator } from "../../i18n/index.js";
import type { ReportData } from "./reportData.js";
import {
  activityFacts,
  hasPartialMonth,
  monthTable,
  periodText,
  pollRows,
  summaryTable,
  type Table,
} from "./reportTables.js";

function mdCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function mdTable(table: Table): string {
  const align = table.head.map((_, i) => (table.numeric.includes(i) ? "---:" : "---"));
  return [
    `| ${table.head.map(mdCell).join(" | ")} |`,
    `| ${align.join(" | ")} |`,
    ...table.rows.map((r) => `| ${r.map(mdCell).join(" | ")} |`),
  ].join("\n");
}

/** `charts`: promise id → the chart's PNG file name beside the Markdown file. */
export function reportMarkdown(data: ReportData, charts: Map<string, string>): string {
  const t = translator(data.lang);
  const out: string[] = [
    `# ${t("report.title", { kommun: data.kommun.name })}`,
    "",
    `_${t("report.meta", { lpo: data.lpoName, period: periodText(data), generated: data.generated })}_`,
    "",
    t("report.intro"),
    "",
  ];
  if (data.promises.length === 0) out.push(t("report.noPromises"), "");
  else {
    out.push(`## ${t("report.summary")}`, "", mdTable(summaryTable(data)), "");
    for (const p of data.promises) {
      out.push(`## ${p.title}`, "", `_${p.from} – ${p.to}_`, "");
      const file = charts.get(p.id);
      if (file) out.push(`![${mdCell(p.chart.alt).replace(/[[\]]/g, "")}](${file})`, "");
      for (const a of p.activities) {
        out.push(`### ${a.activity.code} ${a.activity.name}`, "");
        for (const f of activityFacts(data, a)) out.push(`- ${f}`);
        out.push("", mdTable(monthTable(data, a)), "");
      }
    }
    if (hasPartialMonth(data)) out.push(`_${t("report.partNote")}_`, "");
  }
  out.push(`## ${t("report.pollsHeading")}`, "");
  if (data.polls.length === 0) out.push(t("report.noPolls"), "");
  else {
    const polls = pollRows(data);
    out.push(mdTable(polls.table), "");
    for (const o of polls.outcomes) {
      out.push(`### ${o.title}`, "");
      if (o.whatNext) out.push(`**${t("report.whatNext")}** ${o.whatNext}`, "");
      out.push(`**${t("report.followUp")}** ${o.followUp ?? t("report.noFollowUp")}`, "");
    }
  }
  for (const section of ["quality", "effect"] as const) {
    out.push(`## ${t(`report.${section}.heading`)}`, "", `_${t(`report.${section}.hint`)}_`, "", "…", "", "…", "");
  }
  return out.join("\n");
}
