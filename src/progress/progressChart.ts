// The weekly status chart: per activity its last weeks against the weekly
// target, laid out and rendered by src/progress/chart.ts (Vega-Lite, resvg).
// The message that carries it always says the same in text, and carries the
// title (the picture does not repeat it).
import {
  type BarChartSeries,
  barChartPng,
  CHART_TIME_BUDGET_MS,
  CHAT_IMAGE_MAX_BYTES,
  type ChartWords,
  SWEDISH_CHART_WORDS,
} from "./chart.js";

export interface ChartSeries {
  label: string;
  unitLabel: string;
  /** oldest first; null: a week before logging began (no bar, "–") */
  weeks: { label: string; amount: number | null }[];
  /** the target expressed per week, when there is one */
  weeklyTarget: number | null;
}

/** The weekly series as the bars of the shared chart: each week against the weekly target. */
export function weeklyBars(series: ChartSeries[]): BarChartSeries[] {
  return series.map((s) => ({
    label: s.label,
    unitLabel: s.unitLabel,
    bars: s.weeks.map((w) => ({ label: w.label, amount: w.amount, target: s.weeklyTarget })),
  }));
}

/**
 * The chart as PNG for chat, within what a Teams card carries and, by
 * default, the time an answer has (ChartTooSlowError); a scheduled message
 * passes a longer time (or none).
 */
export async function progressChartPng(
  series: ChartSeries[],
  words: ChartWords = SWEDISH_CHART_WORDS,
  decimal = ",",
  withinMs = CHART_TIME_BUDGET_MS,
): Promise<Uint8Array> {
  return barChartPng(weeklyBars(series), words, decimal, CHAT_IMAGE_MAX_BYTES, withinMs);
}
