// The effect section of a kommun's follow-up: for the period, each indicator
// the kommun's promises aim at (or, when none names any, every indicator
// imported for the kommun) against the same months one year earlier (or a
// before-period the caller gives), and against the promise's comparison area.
//
// - Only whole months inside a period count. An imported figure is used when
//   its whole month, quarter or year lies inside the window; of the three
//   granularities the one covering most months is used (a tie: the finer),
//   so a month and the quarter holding it are never added together.
// - Counts: summed; compared by the rate ratio per month covered (Poisson,
//   log method, stats.ts). Shares: pooled over the figures by their n;
//   compared by the difference in percentage points (Wald).
// - A figure that was not imported is MISSING (value null), never 0.
// - Verdicts: "missing" (a side has no figure), "too-few" (counts: a side 0
//   or fewer than 10 events in all; shares: a side with fewer than 30
//   respondents), otherwise "decrease"/"increase" when the whole 95 %
//   interval lies on one side of no change, else "uncertain". The texts say
//   what the figures show and never that the promise caused a change.
import type { CoreContext } from "../../core/context.js";
import type { DayRange } from "../../domain/targetPeriod.js";
import { formatNumber, type Lang, markup, type Translate, translator } from "../../i18n/index.js";
import { effectChartSvg } from "./effectChart.js";
import { differenceOfDifferences, type Estimate, rateRatio, ratioOfRatios, shareDifference } from "./stats.js";
import { foldName, figuresOfKommun, type PromiseAim, promiseAims, type StoredFigure } from "./store.js";

/** Fewer events than this before and during together: too few to say anything. */
export const MIN_EVENTS = 10;
/** Fewer respondents than this in a survey: too few to say anything. */
export const MIN_RESPONDENTS = 30;

export type IndicatorKind = "count" | "share";
export type Verdict = "decrease" | "increase" | "uncertain" | "too-few" | "missing";

export interface Measure {
  /** count: the events in the months covered; share: percent 0–100; null = not imported (MISSING) */
  value: number | null;
  /** shares: respondents; counts: null */
  n: number | null;
  monthsCovered: number;
  monthsWanted: number;
  /** the imported periods the value is made of */
  periods: string[];
}

export interface ChangeEstimate extends Estimate {
  /** rateRatio / ratioOfRatios: during ÷ before; shareDifference / differenceInDifferences: percentage points */
  measure: "rateRatio" | "shareDifference" | "ratioOfRatios" | "differenceInDifferences";
}

export interface EffectComparison {
  area: string;
  before: Measure;
  during: Measure;
  /** the comparison area's own change */
  change: ChangeEstimate | null;
  /** the target area's change relative to the comparison area's */
  relative: ChangeEstimate | null;
  verdict: Verdict;
  text: string;
}

export interface EffectIndicator {
  indicator: string;
  kind: IndicatorKind;
  /** "" = the whole kommun */
  area: string;
  promiseIds: string[];
  before: Measure;
  during: Measure;
  change: ChangeEstimate | null;
  verdict: Verdict;
  text: string;
  /** "Uppgifter finns för 2 av 3 månader…", or null */
  coverageNote: string | null;
  comparison: EffectComparison | null;
  chart: { title: string; alt: string; svg: string };
}

export interface EffectWindow extends DayRange {
  months: string[];
}

export interface EffectSection {
  lang: Lang;
  during: EffectWindow;
  before: EffectWindow;
  /** true when the caller gave the before-period, false for the same months one year earlier */
  beforeGiven: boolean;
  /** "promises": what the promises aim at; "all": they name none, every imported indicator */
  selection: "promises" | "all";
  intro: string;
  /** the section's notes in order (selection, no whole month, nothing imported) */
  notes: string[];
  indicators: EffectIndicator[];
}

// ------------------------------------------------------------------ windows

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The whole months inside a range of days, "YYYY-MM", oldest first. */
export function wholeMonths(range: DayRange): string[] {
  const out: string[] = [];
  let year = Number(range.from.slice(0, 4));
  let month = Number(range.from.slice(5, 7));
  for (;;) {
    const first = `${year}-${pad(month)}-01`;
    const last = `${year}-${pad(month)}-${pad(lastDay(year, month))}`;
    if (first > range.to) break;
    if (first >= range.from && last <= range.to) out.push(`${year}-${pad(month)}`);
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
  }
  return out;
}

/** The same days one year earlier (29 February → 28 February). */
export function yearEarlier(range: DayRange): DayRange {
  const shift = (day: string, end: boolean) => {
    const year = Number(day.slice(0, 4)) - 1;
    const month = Number(day.slice(5, 7));
    const d = Math.min(Number(day.slice(8, 10)), lastDay(year, month));
    // the last day of a month stays the last day of that month
    const last = Number(day.slice(8, 10)) === lastDay(year + 1, month) && end ? lastDay(year, month) : d;
    return `${year}-${pad(month)}-${pad(last)}`;
  };
  return { from: shift(range.from, false), to: shift(range.to, true) };
}

function windowOf(range: DayRange): EffectWindow {
  return { from: range.from, to: range.to, months: wholeMonths(range) };
}

function monthsOfFigure(f: StoredFigure): string[] {
  const year = Number(f.firstMonth.slice(0, 4));
  const month = Number(f.firstMonth.slice(5, 7));
  return Array.from({ length: f.months }, (_, i) => {
    const m = month - 1 + i;
    return `${year + Math.floor(m / 12)}-${pad((m % 12) + 1)}`;
  });
}

/** One indicator in one area over a window: see the file header for which figures are used. */
export function measure(figures: StoredFigure[], window: EffectWindow, kind: IndicatorKind): Measure {
  const wanted = new Set(window.months);
  let best: StoredFigure[] = [];
  let bestCovered = 0;
  for (const size of [1, 3, 12]) {
    const inside = figures.filter((f) => f.months === size && monthsOfFigure(f).every((m) => wanted.has(m)));
    const covered = inside.reduce((n, f) => n + f.months, 0);
    if (covered > bestCovered) {
      best = inside;
      bestCovered = covered;
    }
  }
  const base = { monthsCovered: bestCovered, monthsWanted: window.months.length, periods: best.map((f) => f.period) };
  if (best.length === 0) return { value: null, n: null, ...base };
  if (kind === "count") return { value: best.reduce((s, f) => s + f.value, 0), n: null, ...base };
  const n = best.reduce((s, f) => s + (f.n ?? 0), 0);
  const value = n > 0 ? best.reduce((s, f) => s + f.value * (f.n ?? 0), 0) / n : null;
  return { value, n: value === null ? null : n, ...base };
}

// ------------------------------------------------------------- comparisons

interface Compared {
  change: ChangeEstimate | null;
  verdict: Verdict;
}

function countSample(m: Measure) {
  return { count: m.value ?? 0, exposure: m.monthsCovered };
}

function shareSample(m: Measure) {
  return { share: (m.value ?? 0) / 100, n: m.n ?? 0 };
}

function tooFew(kind: IndicatorKind, ...measures: Measure[]): boolean {
  if (kind === "share") return measures.some((m) => (m.n ?? 0) < MIN_RESPONDENTS);
  const [before, during] = measures;
  return measures.some((m) => (m.value ?? 0) === 0) || (before.value ?? 0) + (during.value ?? 0) < MIN_EVENTS;
}

function verdictOf(change: ChangeEstimate | null, noChange: number): Verdict {
  if (!change) return "too-few";
  if (change.ci95[1] < noChange) return "decrease";
  if (change.ci95[0] > noChange) return "increase";
  return "uncertain";
}

function compare(kind: IndicatorKind, before: Measure, during: Measure): Compared {
  if (before.value === null || during.value === null) return { change: null, verdict: "missing" };
  const change =
    kind === "count"
      ? withMeasure("rateRatio", rateRatio(countSample(before), countSample(during)))
      : withMeasure("shareDifference", points(shareDifference(shareSample(before), shareSample(during))));
  if (tooFew(kind, before, during)) return { change, verdict: "too-few" };
  return { change, verdict: verdictOf(change, kind === "count" ? 1 : 0) };
}

function withMeasure(measure: ChangeEstimate["measure"], e: Estimate | null): ChangeEstimate | null {
  return e ? { measure, estimate: e.estimate, ci95: e.ci95 } : null;
}

/** A difference of shares (0–1) in percentage points. */
function points(e: Estimate | null): Estimate | null {
  return e ? { estimate: e.estimate * 100, ci95: [e.ci95[0] * 100, e.ci95[1] * 100] } : null;
}

function compareAreas(
  kind: IndicatorKind,
  target: { before: Measure; during: Measure },
  other: { before: Measure; during: Measure },
): Compared {
  const all = [target.before, target.during, other.before, other.during];
  if (all.some((m) => m.value === null)) return { change: null, verdict: "missing" };
  const relative =
    kind === "count"
      ? withMeasure(
          "ratioOfRatios",
          ratioOfRatios(
            { before: countSample(target.before), during: countSample(target.during) },
            { before: countSample(other.before), during: countSample(other.during) },
          ),
        )
      : withMeasure(
          "differenceInDifferences",
          points(
            differenceOfDifferences(
              { before: shareSample(target.before), during: shareSample(target.during) },
              { before: shareSample(other.before), during: shareSample(other.during) },
            ),
          ),
        );
  if (tooFew(kind, target.before, target.during) || tooFew(kind, other.before, other.during))
    return { change: relative, verdict: "too-few" };
  return { change: relative, verdict: verdictOf(relative, kind === "count" ? 1 : 0) };
}

// -------------------------------------------------------------------- words

/** A measure as a person reads it: "120", "12,3/mån", "23,5 % (n = 412)", "saknas". */
export function measureText(t: Translate, lang: Lang, kind: IndicatorKind, m: Measure, perMonth: boolean): string {
  if (m.value === null) return t("effect.missingValue");
  if (kind === "share") return t("effect.shareValue", { value: formatNumber(lang, m.value), n: m.n ?? 0 });
  if (perMonth) return t("effect.perMonth", { value: formatNumber(lang, m.value / Math.max(1, m.monthsCovered)) });
  return formatNumber(lang, m.value, 0);
}

function missingWhich(t: Translate, before: Measure, during: Measure): string {
  if (before.value === null && during.value === null) return t("effect.missing.both");
  return t(before.value === null ? "effect.missing.before" : "effect.missing.during");
}

function signed(lang: Lang, value: number, decimals: number): string {
  const text = formatNumber(lang, Math.abs(value), decimals);
  if (text === formatNumber(lang, 0, decimals)) return text;
  return value < 0 ? `−${text}` : `+${text}`;
}

/** The words for a comparison of before and during (or of two areas: `area` set). */
function changeText(
  t: Translate,
  lang: Lang,
  kind: IndicatorKind,
  compared: Compared,
  values: { before: string; during: string },
  area: string | null,
  missing: string,
): string {
  const { change, verdict } = compared;
  if (verdict === "missing")
    return area === null
      ? t("effect.missing", { which: missing })
      : t("effect.comparison.missing", { area, which: missing });
  if (verdict === "too-few" || !change)
    return area === null ? t(`effect.${kind}.tooFew`, values) : t("effect.comparison.tooFew", { area });
  const [lo, hi] = change.ci95;
  const params: Record<string, string> = { ...values };
  if (area !== null) params.area = area;
  if (kind === "count") {
    // ratios in percent: 0,67 → −33 %
    const pct = (r: number) => Math.round((r - 1) * 100);
    if (verdict === "decrease")
      Object.assign(params, { pct: String(-pct(change.estimate)), lo: String(-pct(hi)), hi: String(-pct(lo)) });
    else if (verdict === "increase")
      Object.assign(params, { pct: String(pct(change.estimate)), lo: String(pct(lo)), hi: String(pct(hi)) });
    else
      Object.assign(params, {
        change: signed(lang, pct(change.estimate), 0),
        lo: signed(lang, pct(lo), 0),
        hi: signed(lang, pct(hi), 0),
      });
    const key = verdict === "decrease" ? "decrease" : verdict === "increase" ? "increase" : "uncertain";
    return area === null ? t(`effect.count.${key}`, params) : t(`effect.comparison.${key}`, params);
  }
  const num = (v: number) => formatNumber(lang, v, 1);
  if (verdict === "decrease") Object.assign(params, { pct: num(-change.estimate), lo: num(-hi), hi: num(-lo) });
  else if (verdict === "increase") Object.assign(params, { pct: num(change.estimate), lo: num(lo), hi: num(hi) });
  else
    Object.assign(params, {
      change: signed(lang, change.estimate, 1),
      lo: signed(lang, lo, 1),
      hi: signed(lang, hi, 1),
    });
  if (area === null)
    return t(
      `effect.share.${verdict === "decrease" ? "decrease" : verdict === "increase" ? "increase" : "uncertain"}`,
      params,
    );
  return t(
    `effect.comparison.${verdict === "decrease" ? "shareDecrease" : verdict === "increase" ? "shareIncrease" : "shareUncertain"}`,
    params,
  );
}

// ------------------------------------------------------------------ section

interface Aim {
  key: string;
  areaKey: string;
  comparisonKey: string | null;
  promiseIds: string[];
}

/** Which (indicator, area) pairs to show, with their comparison areas; see the file header. */
function aimsOf(promises: PromiseAim[], figures: StoredFigure[]): { aims: Aim[]; selection: "promises" | "all" } {
  const pairs = new Map<string, Set<string>>();
  for (const f of figures) {
    if (!pairs.has(f.key)) pairs.set(f.key, new Set());
    pairs.get(f.key)?.add(f.areaKey);
  }
  const aims = new Map<string, Aim>();
  const naming = promises.filter((p) => p.indicators.length > 0 || p.areas.length > 0);
  const add = (key: string, areaKey: string, comparisonKey: string | null, promiseId: string | null) => {
    const id = `${key}\u0000${areaKey}`;
    const aim = aims.get(id) ?? { key, areaKey, comparisonKey: null, promiseIds: [] };
    if (comparisonKey !== null && comparisonKey !== areaKey && aim.comparisonKey === null)
      aim.comparisonKey = comparisonKey;
    if (promiseId !== null && !aim.promiseIds.includes(promiseId)) aim.promiseIds.push(promiseId);
    aims.set(id, aim);
  };
  if (naming.length === 0) {
    for (const [key, areas] of pairs) for (const areaKey of areas) add(key, areaKey, null, null);
    return { aims: [...aims.values()], selection: "all" };
  }
  for (const p of naming) {
    const keys = p.indicators.length > 0 ? p.indicators.map(foldName) : [...pairs.keys()];
    const wantedAreas = p.areas.map(foldName);
    const comparison = p.comparisonArea === null ? null : foldName(p.comparisonArea);
    for (const key of keys) {
      const areas = wantedAreas.length > 0 ? wantedAreas : [...(pairs.get(key) ?? new Set<string>())];
      // an indicator named but never imported still shows, as MISSING
      for (const areaKey of areas.length > 0 ? areas : [""]) add(key, areaKey, comparison, p.id);
    }
  }
  return { aims: [...aims.values()], selection: "promises" };
}

export interface EffectOptions {
  kommun: { id: string; name: string };
  period: DayRange;
  /** the before-period; the same days one year earlier when not given */
  before?: DayRange;
  lang: Lang;
}

/** The effect section for a kommun and period (pure data; the report and the chat render it). */
export async function effectSection(ctx: CoreContext, options: EffectOptions): Promise<EffectSection> {
  const { kommun, lang } = options;
  const t = translator(lang);
  const during = windowOf(options.period);
  const before = windowOf(options.before ?? yearEarlier(options.period));
  const figures = await figuresOfKommun(ctx, kommun.id);
  const promises = await promiseAims(ctx, kommun.id, options.period);
  const { aims, selection } = aimsOf(promises, figures);
  const beforeText = options.before
    ? t("effect.givenBefore", { from: before.from, to: before.to })
    : t("effect.sameMonths", { from: before.from, to: before.to });
  const notes: string[] = [];
  if (selection === "all" && aims.length > 0) notes.push(t("effect.selectionAll", { kommun: kommun.name }));
  if (during.months.length === 0) notes.push(t("effect.noMonths", { from: during.from, to: during.to }));
  if (aims.length === 0) notes.push(t("effect.none", { kommun: kommun.name }));
  const indicators: EffectIndicator[] = [];
  for (const aim of aims) {
    const series = figures.filter((f) => f.key === aim.key);
    const inArea = (areaKey: string) => series.filter((f) => f.areaKey === areaKey);
    const named = series[0];
    const kind: IndicatorKind = named && named.n !== null ? "share" : "count";
    const indicator =
      named?.indicator ?? promises.flatMap((p) => p.indicators).find((i) => foldName(i) === aim.key) ?? aim.key;
    const areaName = (areaKey: string) =>
      inArea(areaKey)[0]?.area ??
      promises.flatMap((p) => [...p.areas, p.comparisonArea ?? ""]).find((a) => foldName(a) === areaKey) ??
      areaKey;
    const area = areaName(aim.areaKey);
    const b = measure(inArea(aim.areaKey), before, kind);
    const d = measure(inArea(aim.areaKey), during, kind);
    const perMonth = kind === "count" && b.monthsCovered !== d.monthsCovered;
    const values = {
      before: measureText(t, lang, kind, b, perMonth),
      during: measureText(t, lang, kind, d, perMonth),
    };
    const compared = compare(kind, b, d);
    const text = changeText(t, lang, kind, compared, values, null, missingWhich(t, b, d));
    const partial = [b, d].some((m) => m.value !== null && m.monthsCovered < m.monthsWanted);
    const coverageNote =
      kind === "count" && partial && compared.verdict !== "missing"
        ? t("effect.partial", {
            covered: `${b.monthsCovered} + ${d.monthsCovered}`,
            wanted: `${b.monthsWanted} + ${d.monthsWanted}`,
          })
        : null;
    let comparison: EffectComparison | null = null;
    if (aim.comparisonKey !== null) {
      const cArea = areaName(aim.comparisonKey);
      const cb = measure(inArea(aim.comparisonKey), before, kind);
      const cd = measure(inArea(aim.comparisonKey), during, kind);
      const cPerMonth = kind === "count" && cb.monthsCovered !== cd.monthsCovered;
      const cValues = {
        before: measureText(t, lang, kind, cb, cPerMonth),
        during: measureText(t, lang, kind, cd, cPerMonth),
      };
      const own = compare(kind, cb, cd);
      const rel = compareAreas(kind, { before: b, during: d }, { before: cb, during: cd });
      comparison = {
        area: cArea,
        before: cb,
        during: cd,
        change: own.change,
        relative: rel.change,
        verdict: rel.verdict,
        text: changeText(t, lang, kind, rel, cValues, cArea || t("effect.wholeKommun"), missingWhich(t, cb, cd)),
      };
    }
    const chart = effectChartSvg(lang, {
      indicator,
      area: area || t("effect.wholeKommun"),
      kind,
      perMonth:
        perMonth ||
        (comparison !== null &&
          kind === "count" &&
          comparison.before.monthsCovered !== comparison.during.monthsCovered),
      groups: [
        { label: area || t("effect.wholeKommun"), before: b, during: d },
        ...(comparison
          ? [
              {
                label: t("effect.chart.comparison", { area: comparison.area || t("effect.wholeKommun") }),
                before: comparison.before,
                during: comparison.during,
              },
            ]
          : []),
      ],
      caption: text,
    });
    indicators.push({
      indicator,
      kind,
      area,
      promiseIds: aim.promiseIds,
      before: b,
      during: d,
      change: compared.change,
      verdict: compared.verdict,
      text,
      coverageNote,
      comparison,
      chart,
    });
  }
  indicators.sort((x, y) => x.indicator.localeCompare(y.indicator, "sv") || x.area.localeCompare(y.area, "sv"));
  return {
    lang,
    during,
    before,
    beforeGiven: options.before !== undefined,
    selection,
    intro: t("effect.intro", { period: `${during.from} – ${during.to}`, before: markup(beforeText) }),
    notes,
    indicators,
  };
}
