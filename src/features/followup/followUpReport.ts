// `loftesbot report --kommun K --from D --to D [--out DIR]`: the written
// follow-up of a kommun's promises for a period, as one self-contained HTML
// file (charts embedded as PNG data URIs, with their text alternative) and as
// Markdown (charts as PNG files beside it): per activity what was done per
// month against target and baseline, per group, the resources behind it
// (hours, people), the dialogue polls held and what came of them, and blank
// sections for the quality (prestation) and effect (effekt) assessment.
// Every report written is audited (`followup.view`, kind "report").
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Core } from "../../app/compose.js";
import { dayInZone, isValidDay } from "../../domain/calendar.js";
import {
  type FollowUpPeriod,
  monthOf,
  monthsOf,
  parseFollowUpPeriod,
  periodLabel,
  rangePeriod,
  shortLabel,
} from "./followUpPeriod.js";
import { formatAmount, formatNumber, type Lang, translator } from "../../i18n/index.js";
import type { ActivityInScope } from "../../storage/organisationRepository.js";
import type { CoreContext } from "../../core/context.js";
import {
  activitiesOfKommun,
  doneOf,
  FollowUpCalculator,
  groupsToShow,
  type KommunRef,
  matchKommun,
  percent,
  type RangeFigures,
  resourcesText,
  shown,
  targetText,
  unitWord,
} from "./followUp.js";
import { type BarSeries, chartSummary, followUpChartPng } from "./followUpChart.js";
import { type PollSummary, pollSummaries, responseRate } from "./followUpPolls.js";

export interface ReportActivity {
  activity: ActivityInScope;
  total: RangeFigures;
  months: { month: FollowUpPeriod; figures: RangeFigures }[];
  groups: { id: string | null; name: string | null }[];
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
  polls: PollSummary[];
  pollThreshold: number;
  timeZone: string;
}

export async function followUpReportData(
  ctx: CoreContext,
  kommun: KommunRef,
  period: FollowUpPeriod,
  lang: Lang,
): Promise<ReportData> {
  const t = translator(lang);
  const now = ctx.clock.now();
  const today = dayInZone(now, ctx.timeZone);
  const calc = new FollowUpCalculator(ctx, today);
  const lpo = await ctx.prisma.lpo.findUnique({ where: { id: kommun.lpoId }, select: { name: true } });
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
    const targets = await ctx.prisma.activityTarget.findMany({
      where: { activityId: activity.id },
      orderBy: [{ validFrom: "asc" }, { createdAt: "asc" }],
    });
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
    promise.activities.push({
      activity,
      total,
      months: rows,
      groups: groupsToShow(total, lpoGroups, { kind: "all" }),
      changes,
    });
  }
  for (const promise of promises) {
    const series: BarSeries[] = promise.activities.map((a) => ({
      label: `${a.activity.code} ${a.activity.name}`,
      unitLabel: unitWord(t, a.total.unit),
      bars: a.months.map((m) => ({
        label: shortLabel(lang, m.month),
        amount: m.figures.done,
        target: m.figures.target,
      })),
    }));
    const title = t("report.chartTitle", { title: promise.title, period: periodLabel(lang, period) });
    let png: Uint8Array | null = null;
    try {
      png = followUpChartPng(title, series, t("followup.targetWord"));
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
  const polls = (await pollSummaries(ctx, { lpoId: kommun.lpoId, kommunId: kommun.id })).filter(
    (p) =>
      dayInZone(p.opensAt, ctx.timeZone) <= period.to &&
      dayInZone(p.closedAt ?? p.closesAt, ctx.timeZone) >= period.from,
  );
  const time = new Intl.DateTimeFormat("sv-SE", { timeZone: ctx.timeZone, hour: "2-digit", minute: "2-digit" }).format(
    now,
  );
  return {
    lang,
    kommun,
    lpoName: lpo?.name ?? kommun.lpoId,
    period,
    generated: `${today} ${time}`,
    promises,
    polls,
    pollThreshold: ctx.pollMinResponses,
    timeZone: ctx.timeZone,
  };
}

// ----------------------------------------------------------------- shared

interface Table {
  head: string[];
  rows: string[][];
  /** columns aligned right (numbers) */
  numeric: number[];
}

function num(lang: Lang, value: number | null): string {
  return value === null ? "–" : formatNumber(lang, value);
}

function pct(value: number | null): string {
  return value === null ? "–" : `${value} %`;
}

function summaryTable(data: ReportData): Table {
  const t = translator(data.lang);
  const { lang } = data;
  const rows: string[][] = [];
  for (const p of data.promises)
    for (const a of p.activities)
      rows.push([
        `${a.activity.code} ${a.activity.name}`,
        unitWord(t, a.total.unit),
        num(lang, a.total.done),
        num(lang, a.total.target),
        pct(percent(a.total.done, a.total.target)),
        num(lang, a.total.baseline),
        formatNumber(lang, a.total.minutes / 60),
        String(a.total.people),
      ]);
  return {
    head: [
      t("report.col.activity"),
      t("report.col.unit"),
      t("report.col.done"),
      t("report.col.target"),
      t("report.col.share"),
      t("report.col.baseline"),
      t("report.col.hours"),
      t("report.col.people"),
    ],
    rows,
    numeric: [2, 3, 4, 5, 6, 7],
  };
}

function monthTable(data: ReportData, a: ReportActivity): Table {
  const t = translator(data.lang);
  const { lang } = data;
  const groupName = (g: { name: string | null }) => g.name ?? t("followup.noGroup");
  const rows = a.months.map((m) => [
    periodLabel(lang, m.month) + (partial(m.month) ? "*" : ""),
    num(lang, m.figures.done),
    num(lang, m.figures.target),
    pct(percent(m.figures.done, m.figures.target)),
    num(lang, m.figures.baseline),
    ...a.groups.map((g) => num(lang, m.figures.byGroup.get(g.id) ?? 0)),
    formatNumber(lang, m.figures.minutes / 60),
    String(m.figures.people),
  ]);
  rows.push([
    t("report.total"),
    num(lang, a.total.done),
    num(lang, a.total.target),
    pct(percent(a.total.done, a.total.target)),
    num(lang, a.total.baseline),
    ...a.groups.map((g) => num(lang, a.total.byGroup.get(g.id) ?? 0)),
    formatNumber(lang, a.total.minutes / 60),
    String(a.total.people),
  ]);
  const groupColumns = a.groups.map(groupName);
  return {
    head: [
      t("report.col.month"),
      t("report.col.done"),
      t("report.col.target"),
      t("report.col.share"),
      t("report.col.baseline"),
      ...groupColumns,
      t("report.col.hours"),
      t("report.col.people"),
    ],
    rows,
    numeric: rows[0] ? rows[0].map((_, i) => i).filter((i) => i > 0) : [],
  };
}

/** A month cut by the period's start or end. */
function partial(month: FollowUpPeriod): boolean {
  const whole = monthOf(month.from);
  return whole.from !== month.from || whole.to !== month.to;
}

function hasPartialMonth(data: ReportData): boolean {
  return data.promises.some((p) => p.activities.some((a) => a.months.some((m) => partial(m.month))));
}

/** "november 2026 (2026-11-01 – 2026-11-30)", or just the dates for a range */
function periodText(data: ReportData): string {
  const label = periodLabel(data.lang, data.period);
  return data.period.kind === "range" ? label : `${label} (${data.period.from} – ${data.period.to})`;
}

function activityFacts(data: ReportData, a: ReportActivity): string[] {
  const t = translator(data.lang);
  const { lang } = data;
  const facts: string[] = [];
  if (a.total.targetInForce)
    facts.push(t("report.targetInForce", { target: targetText(lang, t, a.total.targetInForce) }));
  for (const c of a.changes)
    facts.push(t("report.targetChanged", { from: c.validFrom, target: c.text, before: c.before ?? "–" }));
  facts.push(
    a.total.target === null
      ? t("report.doneNoTarget", { done: formatAmount(lang, a.total.unit, a.total.done) })
      : t("report.done", {
          doneOf: doneOf(lang, t, a.total),
          percent: percent(a.total.done, a.total.target) ?? 0,
        }),
  );
  facts.push(
    a.total.baseline === null
      ? t("report.noBaseline")
      : t("report.baseline", {
          baseline: formatAmount(lang, a.total.unit, shown(a.total.baseline)),
          source: a.activity.baselineAmount !== null ? t("report.baselineGiven") : t("report.baselineLogged"),
        }),
  );
  facts.push(`${resourcesText(lang, t, a.total)}.`);
  if (!a.total.active) facts.push(t("followup.notRunning", { from: a.activity.promiseFrom, to: a.activity.promiseTo }));
  return facts;
}

function pollRows(data: ReportData): {
  table: Table;
  outcomes: { title: string; whatNext: string; followUp: string | null }[];
} {
  const t = translator(data.lang);
  const rows = data.polls.map((p) => [
    p.title,
    p.kind === "hur" ? t("report.pollHow") : t("report.pollWhat"),
    `${dayInZone(p.opensAt, data.timeZone)} – ${dayInZone(p.closedAt ?? p.closesAt, data.timeZone)}`,
    p.status === "open" ? t("monthly.pollOpen") : p.followUp ? t("monthly.pollFedBack") : t("monthly.pollAwaiting"),
    String(p.asked),
    p.answered !== null
      ? `${p.answered} (${responseRate(p.answered, p.asked)} %)`
      : t("report.pollFew", { threshold: data.pollThreshold }),
  ]);
  return {
    table: {
      head: [
        t("report.col.poll"),
        t("report.col.kind"),
        t("report.col.open"),
        t("report.col.status"),
        t("report.col.asked"),
        t("report.col.answered"),
      ],
      rows,
      numeric: [4],
    },
    outcomes: data.polls.map((p) => ({ title: p.title, whatNext: p.whatNext, followUp: p.followUp })),
  };
}

// -------------------------------------------------------------------- HTML

function escapeHtml(text: string): string {
  return text
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
    ...table.rows.map((r) => `<tr>${r.map((c, i) => cell("td", c, i)).join("")}</tr>`),
    "</tbody></table>",
  ].join("\n");
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
          `<figure><img src="data:image/png;base64,${Buffer.from(p.chart.png).toString("base64")}" alt="${escapeHtml(p.chart.alt)}" width="760"><figcaption>${escapeHtml(p.chart.title)}</figcaption></figure>`,
        );
      for (const a of p.activities) {
        body.push(`<h3>${escapeHtml(`${a.activity.code} ${a.activity.name}`)}</h3>`);
        body.push(
          `<ul>${activityFacts(data, a)
            .map((f) => `<li>${escapeHtml(f)}</li>`)
            .join("")}</ul>`,
        );
        body.push(htmlTable(monthTable(data, a)));
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
      body.push(
        `<p><strong>${escapeHtml(t("report.followUp"))}</strong> ${escapeHtml(o.followUp ?? t("report.noFollowUp"))}</p>`,
      );
    }
  }
  for (const section of ["quality", "effect"] as const) {
    body.push(`<h2>${escapeHtml(t(`report.${section}.heading`))}</h2>`);
    body.push(`<p class="hint">${escapeHtml(t(`report.${section}.hint`))}</p>`);
    body.push(`<div class="blank"></div>`);
  }
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
tbody tr:last-child td { font-weight: bold; }
.meta, .note, .hint { color: #486581; font-size: .9rem; }
figure { margin: 1rem 0; } img { max-width: 100%; height: auto; }
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

// ---------------------------------------------------------------- Markdown

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

// -------------------------------------------------------------- the files

export interface WrittenReport {
  html: string;
  markdown: string;
  charts: string[];
}

export async function writeFollowUpReport(
  ctx: CoreContext,
  kommun: KommunRef,
  period: FollowUpPeriod,
  outDir: string,
  lang: Lang,
): Promise<WrittenReport> {
  const data = await followUpReportData(ctx, kommun, period, lang);
  const dir = resolve(outDir);
  mkdirSync(dir, { recursive: true });
  const base = `${lang === "sv" ? "uppfoljning" : "follow-up"}-${kommun.id}-${period.from}_${period.to}`;
  const charts = new Map<string, string>();
  const chartPaths: string[] = [];
  for (const p of data.promises) {
    if (!p.chart.png) continue;
    const name = `${base}-${p.id}.png`;
    writeFileSync(join(dir, name), p.chart.png);
    charts.set(p.id, name);
    chartPaths.push(join(dir, name));
  }
  const html = join(dir, `${base}.html`);
  const markdown = join(dir, `${base}.md`);
  writeFileSync(html, reportHtml(data));
  writeFileSync(markdown, reportMarkdown(data, charts));
  await ctx.audit.record(null, "followup.view", kommun.id, {
    kind: "report",
    from: period.from,
    to: period.to,
    activities: data.promises.reduce((n, p) => n + p.activities.length, 0),
    polls: data.polls.length,
  });
  return { html, markdown, charts: chartPaths };
}

/** The `report` operator command; prints the paths written. */
export async function runReportCommand(core: Core, args: string[], out: (text: string) => void): Promise<number> {
  const usage =
    "report --kommun K (--from YYYY-MM-DD --to YYYY-MM-DD | --period 2026-11|2026-Q3|2026-W47) [--out DIR] [--lang sv|en]";
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args,
      options: {
        kommun: { type: "string" },
        from: { type: "string" },
        to: { type: "string" },
        period: { type: "string" },
        out: { type: "string" },
        lang: { type: "string" },
        db: { type: "string" },
      },
      strict: true,
    }).values as Record<string, string | undefined>;
  } catch (error) {
    out(`loftesbot report: ${error instanceof Error ? error.message : String(error)}\n${usage}`);
    return 2;
  }
  const ctx = core.ctx;
  const kommuner = await ctx.prisma.kommun.findMany({
    select: { id: true, name: true, lpoId: true },
    orderBy: { id: "asc" },
  });
  const kommun = values.kommun ? matchKommun(kommuner, values.kommun) : null;
  if (!kommun) {
    out(`loftesbot report: --kommun must be one of ${kommuner.map((k) => k.id).join(", ") || "(none)"}\n${usage}`);
    return 2;
  }
  const today = dayInZone(ctx.clock.now(), ctx.timeZone);
  let period: FollowUpPeriod;
  if (values.from || values.to) {
    const from = values.from ?? "";
    const to = values.to ?? today;
    if (!isValidDay(from) || !isValidDay(to) || to < from) {
      out(`loftesbot report: --from and --to are dates like 2026-03-01, --from not after --to\n${usage}`);
      return 2;
    }
    period = rangePeriod(from, to);
  } else {
    const parsed = parseFollowUpPeriod(values.period ?? "", today);
    if (!parsed.ok) {
      out(`loftesbot report: "${parsed.text}" is not a period\n${usage}`);
      return 2;
    }
    period = parsed.period;
  }
  const lang = values.lang ?? ctx.defaultLang;
  if (lang !== "sv" && lang !== "en") {
    out(`loftesbot report: --lang is sv or en\n${usage}`);
    return 2;
  }
  const written = await writeFollowUpReport(ctx, kommun, period, values.out ?? ".", lang);
  out(written.html);
  out(written.markdown);
  for (const chart of written.charts) out(chart);
  return 0;
}
