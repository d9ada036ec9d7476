// The follow-up chart: per activity a panel of bars (one per week or month)
// with each bar's own target marked, since targets change over time. Laid out
// and rendered by src/progress/chart.ts (Vega-Lite, resvg); the title is the
// message's or the report's, not repeated in the picture, and chartSummary
// says in words every figure the chart shows.
import { formatNumber, type Lang } from "../../i18n/index.js";
import {
  type BarChartSeries,
  barChartPng,
  CHART_TIME_BUDGET_MS,
  CHAT_IMAGE_MAX_BYTES,
  type ChartWords,
  SWEDISH_CHART_WORDS,
} from "../../progress/chart.js";

export type BarSeries = BarChartSeries;

/**
 * The chart as PNG: for chat within what a Teams card carries and the time an answer has (else
 * ChartTooSlowError: the text says it all); for a report file at full resolution, however long it takes.
 */
export async function followUpChartPng(
  series: BarSeries[],
  words: ChartWords = SWEDISH_CHART_WORDS,
  lang: Lang = "sv",
  forChat = true,
): Promise<Uint8Array> {
  return barChartPng(
    series,
    words,
    lang === "sv" ? "," : ".",
    forChat ? CHAT_IMAGE_MAX_BYTES : Number.POSITIVE_INFINITY,
    forChat ? CHART_TIME_BUDGET_MS : Number.POSITIVE_INFINITY,
  );
}

/** What the chart shows, in words: its text alternative. */
export function chartSummary(lang: Lang, series: BarSeries[], targetWord: string): string {
  return series
    .map(
      (s) =>
        `${s.label} (${s.unitLabel}): ${s.bars
          .map(
            (b) =>
              `${b.label} ${b.amount === null ? "–" : formatNumber(lang, b.amount)}${b.target !== null ? ` (${targetWord} ${formatNumber(lang, b.target)})` : ""}`,
          )
          .join(", ")}`,
    )
    .join("; ");
}
