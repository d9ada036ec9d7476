// What the report's HTML and Markdown share: the tables (a summary of every
// activity, a month table per activity, the polls), the facts listed per
// activity and the period's wording. A month cut by the period's start or end
// is marked with "*" (explained under the tables).
import { dayInZone } from "../../domain/calendar.js";
import type { Lang } from "../../domain/lang.js";
import { type FollowUpPeriod, monthOf, periodLabel } from "./followUpPeriod.js";
import { formatAmount, formatNumber, translator } from "../../i18n/index.js";
import { percent, type RangeFigures, shown } from "./figures.js";
import { responseRate } from "./followUpPolls.js";
import { doneOf, pollStateText, resourcesText, targetText, unitWord, wholePeriodText } from "./presentation.js";
import type { ReportActivity, ReportData } from "./reportData.js";

export interface Table {
  head: string[];
  rows: string[][];
  /** columns aligned right (numbers) */
  numeric: number[];
  /** the last row sums the rows above it (shown bold); only a table with a real total sets it */
  totalRow?: boolean;
}

function num(lang: Lang, value: number | null): string {
  return value === null ? "–" : formatNumber(lang, value);
}

function pct(value: number | null): string {
  return value === null ? "–" : `${value} %`;
}

export function summaryTable(data: ReportData): Table {
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

export function monthTable(data: ReportData, a: ReportActivity): Table {
  const t = translator(data.lang);
  const { lang } = data;
  const groupName = (g: { name: string | null }) => g.name ?? t("followup.noGroup");
  const rows = a.months.map((m) => [
    periodLabel(lang, m.month) + (partial(m.month) ? "*" : ""),
    // a month before logging began was not measured: never a 0
    m.figures.unlogged ? t("report.unlogged") : num(lang, m.figures.done),
    num(lang, m.figures.target),
    m.figures.unlogged ? "–" : pct(percent(m.figures.done, m.figures.target)),
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
    totalRow: true,
  };
}

/** How the group's share was decided: "20 % enligt löftet", "25 % efter antal medlemmar (5 av 20)". */
function shareCell(data: ReportData, f: RangeFigures): string {
  const t = translator(data.lang);
  const share = f.share;
  if (!share) return t("report.share.none");
  const pct = formatNumber(data.lang, Math.round(share.fraction * 1000) / 10);
  if (share.basis === "explicit") return t("report.share.explicit", { pct });
  if (share.basis === "members" && share.members)
    return t("report.share.members", { pct, members: share.members.group, total: share.members.total });
  return t("report.share.equal", { pct, groups: share.groups });
}

/**
 * Each group's part of the activity's target for the whole period: its share
 * and how it was decided, its done against its part, and its own baseline;
 * the last row is the whole LPO's.
 */
export function groupShareTable(data: ReportData, a: ReportActivity): Table {
  const t = translator(data.lang);
  const { lang } = data;
  const rows = a.parts
    .filter((g) => g.id !== null)
    .map((g) => [
      g.name ?? t("followup.noGroup"),
      shareCell(data, g.figures),
      g.figures.unlogged ? t("report.unlogged") : num(lang, g.figures.done),
      num(lang, g.figures.target === null ? null : shown(g.figures.target)),
      g.figures.unlogged ? "–" : pct(percent(g.figures.done, g.figures.target)),
      num(lang, g.figures.baseline === null ? null : shown(g.figures.baseline)),
    ]);
  rows.push([
    t("followup.wholeLpo"),
    "100 %",
    a.total.unlogged ? t("report.unlogged") : num(lang, a.total.done),
    num(lang, a.total.target === null ? null : shown(a.total.target)),
    a.total.unlogged ? "–" : pct(percent(a.total.done, a.total.target)),
    num(lang, a.total.baseline === null ? null : shown(a.total.baseline)),
  ]);
  return {
    head: [
      t("report.col.group"),
      t("report.col.groupShare"),
      t("report.col.done"),
      t("report.col.groupTarget"),
      t("report.col.share"),
      t("report.col.baseline"),
    ],
    rows,
    numeric: [2, 3, 4, 5],
  };
}

/** A month cut by the period's start or end. */
function partial(month: FollowUpPeriod): boolean {
  const whole = monthOf(month.from);
  return whole.from !== month.from || whole.to !== month.to;
}

export function hasPartialMonth(data: ReportData): boolean {
  return data.promises.some((p) => p.activities.some((a) => a.months.some((m) => partial(m.month))));
}

/** "november 2026 (2026-11-01 – 2026-11-30)", or just the dates for a range */
export function periodText(data: ReportData): string {
  const label = periodLabel(data.lang, data.period);
  return data.period.kind === "range" ? label : `${label} (${data.period.from} – ${data.period.to})`;
}

export function activityFacts(data: ReportData, a: ReportActivity): string[] {
  const t = translator(data.lang);
  const { lang } = data;
  const facts: string[] = [];
  if (a.total.targetInForce)
    facts.push(t("report.targetInForce", { target: targetText(lang, t, a.total.targetInForce) }));
  for (const c of a.changes)
    facts.push(t("report.targetChanged", { from: c.validFrom, target: c.text, before: c.before ?? "–" }));
  const whole = wholePeriodText(lang, t, a.total);
  facts.push(
    whole
      ? t("report.doneWhole", { done: formatAmount(lang, a.total.unit, a.total.done), whole })
      : a.total.unlogged
        ? t("report.doneUnlogged", { doneOf: doneOf(lang, t, a.total) })
        : a.total.target === null
          ? t("report.doneNoTarget", { done: formatAmount(lang, a.total.unit, a.total.done) })
          : t("report.done", {
              doneOf: doneOf(lang, t, a.total),
              percent: percent(a.total.done, a.total.target) ?? "–",
            }),
  );
  facts.push(
    a.total.baseline === null
      ? a.total.baselineUntil !== null
        ? t("report.baselinePending", { until: a.total.baselineUntil })
        : t("report.noBaseline")
      : t("report.baseline", {
          baseline: formatAmount(lang, a.total.unit, shown(a.total.baseline)),
          source: a.activity.baselineAmount !== null ? t("report.baselineGiven") : t("report.baselineLogged"),
        }),
  );
  facts.push(`${resourcesText(lang, t, a.total)}.`);
  if (!a.total.active) facts.push(t("followup.notRunning", { from: a.activity.promiseFrom, to: a.activity.promiseTo }));
  return facts;
}

export function pollRows(data: ReportData): {
  table: Table;
  outcomes: { title: string; whatNext: string; youSaid: string | null; followUp: string | null }[];
} {
  const t = translator(data.lang);
  const rows = data.polls.map((p) => [
    p.title,
    `${p.kind === "hur" ? t("report.pollHow") : t("report.pollWhat")}${p.anonymous ? "" : ` (${t("report.pollNamed")})`}`,
    `${dayInZone(p.opensAt, data.timeZone)} – ${dayInZone(p.closedAt ?? p.closesAt, data.timeZone)}`,
    pollStateText(t, p),
    String(p.asked),
    p.answered !== null
      ? `${p.answered} (${responseRate(p.answered, p.asked) ?? "–"} %)`
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
    outcomes: data.polls.map((p) => ({
      title: p.title,
      whatNext: p.whatNext,
      youSaid: p.youSaid,
      followUp: p.followUp,
    })),
  };
}
