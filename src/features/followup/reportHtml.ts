// The report as one self-contained HTML file: the charts embedded as PNG data
// URIs with their text alternative, every text escaped, the quality
// (prestation) scorecards, and the effect section (effekt) with each
// indicator's chart inlined as SVG (reportEffect.ts).
import { plainText } from "../../core/replyText.js";
import { translator } from "../../i18n/index.js";
import { DISPLAY_WIDTH } from "../../progress/chart.js";
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

/** A page has room: the chart a third larger than in chat (its text 17–19 px), sharp at its double resolution. */
const REPORT_CHART_WIDTH = Math.round((DISPLAY_WIDTH * 4) / 3);

/** Text as it reads (the stand-ins of translated params turned back into characters), HTML-escaped. */
function escapeHtml(text: string): string {
  return plainText(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

function htmlTable(table: Table): string {
  const cell = (tag: string, text: string, i: number) =>
    `<${tag}${table.numeric.includes(i) ? ' class="num"' : ""}>${escapeHtml(text)}</${tag}>`;
  return [
    "<table>",
    `<thead><tr>${table.head.map((h, i) => cell("th", h, i)).join("")}</tr></thead>`,
    "<tbody>",
    ...table.rows.map(
      (r, row) =>
        `<tr${table.totalRow && row === table.rows.length - 1 ? ' class="total"' : ""}>${r.map((c, i) => cell("td", c, i)).join("")}</tr>`,
    ),
    "</tbody></table>",
  ].join("\n");
}

/** The effect section: introduction, notes, a table of every indicator, then each one's chart and sentences. */
function effectHtml(data: ReportData): string[] {
  const t = translator(data.lang);
  const effect = data.effect;
  const out = [`<h2>${escapeHtml(t("report.effect.heading"))}</h2>`, `<p class="hint">${escapeHtml(effect.intro)}</p>`];
  for (const note of effect.notes) out.push(`<p>${escapeHtml(note)}</p>`);
  if (effect.indicators.length === 0) return out;
  out.push(htmlTable(effectTable(effect)));
  for (const i of effect.indicators) {
    out.push(`<h3>${escapeHtml(i.chart.title)}</h3>`);
    // the SVG is ours (effectChart.ts escapes every text in it)
    out.push(`<figure role="img" aria-label="${escapeHtml(i.chart.alt)}">${i.chart.svg}</figure>`);
    for (const s of effectSentences(i)) out.push(`<p>${escapeHtml(s)}</p>`);
  }
  return out;
}

export function reportHtml(data: ReportData): string {
  const t = translator(data.lang);
  const title = t("report.title", { kommun: data.kommun.name });
  const body: string[] = [
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="meta">${escapeHtml(
      t("report.meta", { lpo: data.lpoName, period: periodText(data), generated: data.generated }),
    )}</p>`,
    `<p>${escapeHtml(t("report.intro"))}</p>`,
  ];
  if (data.promises.length === 0) body.push(`<p>${escapeHtml(t("report.noPromises"))}</p>`);
  else {
    body.push(`<h2>${escapeHtml(t("report.summary"))}</h2>`, htmlTable(summaryTable(data)));
    for (const p of data.promises) {
      body.push(`<h2>${escapeHtml(p.title)}</h2>`, `<p class="meta">${escapeHtml(`${p.from} – ${p.to}`)}</p>`);
      if (p.chart.png)
        body.push(
          `<figure><img src="data:image/png;base64,${Buffer.from(p.chart.png).toString("base64")}" alt="${escapeHtml(p.chart.alt)}" width="${REPORT_CHART_WIDTH}"><figcaption>${escapeHtml(p.chart.title)}</figcaption></figure>`,
        );
      for (const a of p.activities) {
        body.push(`<h3>${escapeHtml(`${a.activity.code} ${a.activity.name}`)}</h3>`);
        body.push(
          `<ul>${activityFacts(data, a)
            .map((f) => `<li>${escapeHtml(f)}</li>`)
            .join("")}</ul>`,
        );
        body.push(htmlTable(monthTable(data, a)));
        if (a.parts.some((g) => g.id !== null))
          body.push(
            `<p class="meta">${escapeHtml(t("report.groupsHeading"))}</p>`,
            htmlTable(groupShareTable(data, a)),
          );
      }
    }
    if (hasPartialMonth(data)) body.push(`<p class="note">${escapeHtml(t("report.partNote"))}</p>`);
  }
  const polls = pollRows(data);
  body.push(`<h2>${escapeHtml(t("report.pollsHeading"))}</h2>`);
  if (data.polls.length === 0) body.push(`<p>${escapeHtml(t("report.noPolls"))}</p>`);
  else {
    body.push(htmlTable(polls.table));
    for (const o of polls.outcomes) {
      body.push(`<h3>${escapeHtml(o.title)}</h3>`);
      if (o.whatNext)
        body.push(`<p><strong>${escapeHtml(t("report.whatNext"))}</strong> ${escapeHtml(o.whatNext)}</p>`);
      if (o.youSaid) body.push(`<p><strong>${escapeHtml(t("report.youSaid"))}</strong> ${escapeHtml(o.youSaid)}</p>`);
      body.push(
        `<p><strong>${escapeHtml(t("report.followUp"))}</strong> ${escapeHtml(o.followUp ?? t("report.noFollowUp"))}</p>`,
      );
    }
  }
  const quality = qualityTables(data.lang, data.kommun.id, data.quality, data.timeZone);
  body.push(`<h2>${escapeHtml(t("report.quality.heading"))}</h2>`, `<p class="hint">${escapeHtml(quality.intro)}</p>`);
  if (quality.promises.length === 0) body.push(`<p>${escapeHtml(t("report.noPromises"))}</p>`);
  else body.push(`<p>${escapeHtml(quality.counts)}</p>`);
  for (const p of quality.promises)
    body.push(`<h3>${escapeHtml(p.title)}</h3>`, htmlTable(p.table).replace("<table>", '<table class="quality">'));
  body.push(...effectHtml(data));
  return `<!DOCTYPE html>
<html lang="${data.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #102a43; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { border-bottom: 2px solid #d9e2ec; padding-bottom: .2rem; margin-top: 2rem; } h3 { margin-bottom: .3rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid #bcccdc; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f0f4f8; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: bold; }
.meta, .note, .hint { color: #486581; font-size: .9rem; }
figure { margin: 1rem 0; } img, figure svg { max-width: 100%; height: auto; }
.blank { border: 1px dashed #9fb3c8; min-height: 8rem; margin-bottom: 1rem; }
@media print { .blank { min-height: 12rem; } }
</style>
</head>
<body>
${body.join("\n")}
</body>
</html>
`;
}
