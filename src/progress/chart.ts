// Bar charts of done against target per activity, laid out by Vega-Lite and
// drawn by Vega as SVG server-side (no browser, no canvas, offline), then
// rendered to PNG by resvg. Used by the weekly status and the follow-up.
//
// Invariants:
// - legible where people see it: the chart is laid out for DISPLAY_WIDTH
//   logical pixels — the narrowest width Teams (a card on a phone) and Slack
//   (an image preview) show it at — and no text in it is smaller than
//   MIN_FONT_PX there; the PNG has PIXEL_RATIO times as many pixels when that
//   fits the caller's byte budget (a Teams card carries it inline), fewer
//   (never below 1×) when not;
// - nothing overlaps: Vega lays out titles, axes and legend (text widths
//   measured with DejaVu Sans' advance widths, the font resvg draws with);
//   long activity names wrap onto more lines, never run into anything;
// - the title is not in the picture (the message or page around it carries
//   it), and every figure in it is also in the text alternative the caller
//   sends with it.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { ResvgRenderOptions } from "@resvg/resvg-js";
import type { TopLevelSpec } from "vega-lite";
import { timeLeftMs } from "../core/deadline.js";
import { plainText } from "../core/replyText.js";

export const DISPLAY_WIDTH = 360;
export const MIN_FONT_PX = 13;
export const PIXEL_RATIO = 2;
const FONT = "DejaVu Sans";
const TITLE_FONT_PX = 14;
const PANEL_HEIGHT = 70;

export interface BarChartSeries {
  /** e.g. "L1 Ökad polisiär närvaro på Torget" */
  label: string;
  /** e.g. "timmar", or "timmar · mål 20 per vecka" */
  unitLabel: string;
  /** oldest first; amount null: not measured (before logging began), drawn as no bar and "–", never 0 */
  bars: { label: string; amount: number | null; target: number | null }[];
}

/** The words in the chart's legend, in the reader's language. */
export interface ChartWords {
  /** the red marks: "mål" */
  target: string;
  /** a bar that reached its target: "nått målet" */
  met: string;
  /** a bar below its target: "under målet" */
  under: string;
}

export const SWEDISH_CHART_WORDS: ChartWords = { target: "mål", met: "nått målet", under: "under målet" };

const COLOURS = { met: "#2f855a", under: "#2b6cb0", none: "#718096", target: "#c53030" };

// DejaVu Sans advance widths in em (from the font's hmtx table, rounded up)
const NARROW = new Set([..."iljI.,:;'!|() ftr[]"]);
const WIDE = new Set([..."mwMWÅÄÖåäö%@"]);

/** The width of a line of DejaVu Sans text in pixels (bold is about a tenth wider); errs a little wide. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const c of text) {
    if (c === " ") em += 0.32;
    else if (NARROW.has(c)) em += 0.4;
    else if (WIDE.has(c)) em += 0.98;
    else if (/[A-ZÅÄÖ]/.test(c)) em += 0.78;
    else if (/\d/.test(c)) em += 0.64;
    else em += 0.64;
  }
  return Math.ceil(em * fontSize * (bold ? 1.12 : 1));
}

type Vega = typeof import("vega");
type VegaLite = typeof import("vega-lite");
type Sharp = typeof import("sharp").default;
type Resvg = typeof import("@resvg/resvg-js").Resvg;
let libraries: Promise<{ vega: Vega; vegaLite: VegaLite; sharp: Sharp; Resvg: Resvg }> | undefined;

let librariesLoaded = false;

/**
 * Vega, Vega-Lite, resvg and sharp (~40 MiB resident), loaded on the first chart — not at start, neither by the
 * CLI nor by the service, whose `/logga` never draws one. A chart-bearing command starts the loading as its
 * request arrives (startLoadingCharts), and the first chart may take the time its answer has left (barChartPng).
 * Vega measures text with a canvas when there is one and guesses otherwise; it is given the font's widths instead.
 */
function load() {
  libraries ??= (async () => {
    const [vega, vegaLite, sharp, resvg] = await Promise.all([
      import("vega"),
      import("vega-lite"),
      import("sharp"),
      import("@resvg/resvg-js"),
    ]);
    const metrics = (vega as unknown as { textMetrics: unknown }).textMetrics as {
      width: (item: { text?: unknown; fontSize?: number; fontWeight?: unknown }, text?: unknown) => number;
    };
    metrics.width = (item, text) => {
      const value = text ?? item.text;
      const lines = Array.isArray(value) ? value.map(String) : [String(value ?? "")];
      const bold = item.fontWeight === "bold" || Number(item.fontWeight) >= 600;
      return Math.max(0, ...lines.map((line) => textWidth(line, item.fontSize ?? 11, bold)));
    };
    fonts();
    librariesLoaded = true;
    return { vega, vegaLite, sharp: sharp.default, Resvg: resvg.Resvg };
  })();
  return libraries;
}

/** Loads the chart libraries and the fonts ahead of the first chart (tests; a scheduled job needs not). */
export async function preloadChartLibraries(): Promise<void> {
  await load();
}

/**
 * Starts loading the chart libraries without waiting: called by a chart-bearing command (/uppfoljning, a
 * forwarded status) as its request arrives, so the loading runs while the command reads its figures.
 * A failure shows at the chart, where it is handled.
 */
export function startLoadingCharts(): void {
  load().catch(() => undefined);
}

/** Words of `text` in lines no wider than `width` at `fontSize` (a word longer than a line is cut with "…"). */
export function wrapText(text: string, width: number, fontSize: number, maxLines = 3, bold = false): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (textWidth(candidate, fontSize, bold) <= width) line = candidate;
    else {
      if (line) lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  const fitted = lines.slice(0, maxLines).map((l) => {
    let out = l;
    while (textWidth(out, fontSize, bold) > width && out.length > 1) out = `${out.slice(0, -2)}…`;
    return out;
  });
  if (lines.length > maxLines) {
    let last = `${fitted[maxLines - 1]}…`;
    while (textWidth(last, fontSize, bold) > width && last.length > 2) last = `${last.slice(0, -2)}…`;
    fitted[maxLines - 1] = last;
  }
  return fitted;
}

function formatAmount(amount: number, decimal: string): string {
  return (Math.round(amount * 10) / 10).toString().replace(".", decimal);
}

/** The Vega-Lite specification of the chart: one panel per activity, stacked, one legend on top. */
export function barChartSpec(series: BarChartSeries[], words: ChartWords, decimal = ","): TopLevelSpec {
  const plotWidth = DISPLAY_WIDTH - 56;
  const domain = [words.met, words.under, words.target];
  const range = [COLOURS.met, COLOURS.under, COLOURS.target];
  const panels = series.map((s) => {
    const values = s.bars.map((b, i) => ({
      key: `${i}`,
      axisLabel: `${plainText(b.label)}|${b.amount === null ? "–" : formatAmount(b.amount, decimal)}`,
      amount: b.amount,
      target: b.target,
      status:
        b.target === null || b.amount === null
          ? "–"
          : Math.round(b.amount * 10) >= Math.round(b.target * 10)
            ? words.met
            : words.under,
    }));
    const empty = values.every((v) => !v.amount && !v.target);
    // under each bar its label and amount, two lines (no figure drawn over a target mark)
    const x = {
      field: "key",
      type: "ordinal" as const,
      sort: null,
      axis: { title: null, labelAngle: 0, labelExpr: labelLookup(values), labelOverlap: true },
    };
    return {
      title: {
        text: wrapText(plainText(s.label), DISPLAY_WIDTH - 24, TITLE_FONT_PX, 3, true),
        subtitle: wrapText(plainText(s.unitLabel), DISPLAY_WIDTH - 24, MIN_FONT_PX, 2),
      },
      width: plotWidth,
      height: PANEL_HEIGHT,
      data: { values },
      layer: [
        {
          mark: { type: "bar" as const, width: { band: 0.6 } },
          encoding: {
            x,
            y: {
              field: "amount",
              type: "quantitative" as const,
              axis: { title: null, tickCount: 3 },
              // a panel of zeros without a target would get the domain [0, 0] and an axis label "0,000000"
              scale: empty ? { domain: [0, 1] } : {},
            },
            color: {
              field: "status",
              type: "nominal" as const,
              scale: { domain: [...domain, "–"], range: [...range, COLOURS.none] },
              legend: { title: null, values: domain },
            },
          },
        },
        {
          transform: [{ filter: "datum.target !== null" }],
          mark: { type: "tick" as const, thickness: 3, bandSize: 0.8 },
          encoding: {
            x,
            y: { field: "target", type: "quantitative" as const },
            color: { datum: words.target },
          },
        },
      ],
    };
  });
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    vconcat: panels,
    spacing: 18,
    padding: 8,
    background: "#ffffff",
    config: {
      // the axis' numbers written as in the text beside it (2,5 in Swedish)
      locale: { number: { decimal, thousands: decimal === "," ? "\u00a0" : ",", grouping: [3], currency: ["", ""] } },
      font: FONT,
      view: { stroke: null },
      axis: { labelFontSize: MIN_FONT_PX, titleFontSize: MIN_FONT_PX, labelColor: "#243b53", domainColor: "#9fb3c8" },
      legend: { orient: "top", labelFontSize: MIN_FONT_PX, symbolType: "square", direction: "horizontal" },
      title: {
        anchor: "start",
        fontSize: TITLE_FONT_PX,
        fontWeight: "bold",
        color: "#102a43",
        subtitleFontSize: MIN_FONT_PX,
        subtitleColor: "#486581",
        offset: 6,
      },
      tick: { color: COLOURS.target },
    },
  } as unknown as TopLevelSpec;
}

/** Vega expression: the two-line axis label (name, then amount) of a bar by its key. */
function labelLookup(values: { key: string; axisLabel: string }[]): string {
  const table = JSON.stringify(Object.fromEntries(values.map((v) => [v.key, v.axisLabel.split("|")])));
  return `${table}[datum.value]`;
}

/** Vega-Lite's warnings go to the console; a chart's are no operator's business. */
const quietLogger = {
  level: (_?: number) => quietLogger,
  error: () => quietLogger,
  warn: () => quietLogger,
  info: () => quietLogger,
  debug: () => quietLogger,
} as unknown as NonNullable<Parameters<VegaLite["compile"]>[1]>["logger"];

export interface TextItem {
  text: string;
  fontSize: number;
  /** bounds in logical pixels */
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface RenderedChart {
  svg: string;
  width: number;
  height: number;
  /** every text drawn, with its bounds (for checks of size and overlap) */
  texts: TextItem[];
}

/** Lays out and draws the chart as SVG (logical pixels, DISPLAY_WIDTH wide). */
export async function barChartSvg(series: BarChartSeries[], words: ChartWords, decimal = ","): Promise<RenderedChart> {
  const { vega, vegaLite } = await load();
  const compiled = vegaLite.compile(barChartSpec(series, words, decimal), { logger: quietLogger }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none", logLevel: vega.None });
  await view.runAsync();
  const svg = await view.toSVG();
  const texts: TextItem[] = [];
  const visit = (item: Record<string, unknown>, dx: number, dy: number) => {
    const items = (item.items ?? []) as Record<string, unknown>[];
    const mark = item.marktype as string | undefined;
    for (const child of items) {
      const b = child.bounds as { x1: number; y1: number; x2: number; y2: number } | undefined;
      if (mark === "text" && b && child.text !== undefined && child.text !== "" && (child.opacity ?? 1) !== 0) {
        const value = Array.isArray(child.text) ? child.text.join(" / ") : String(child.text);
        if (value.trim())
          texts.push({
            text: value,
            fontSize: Number(child.fontSize ?? 11),
            x1: b.x1 + dx,
            y1: b.y1 + dy,
            x2: b.x2 + dx,
            y2: b.y2 + dy,
          });
      }
      const ox = mark === "group" ? Number(child.x ?? 0) : 0;
      const oy = mark === "group" ? Number(child.y ?? 0) : 0;
      visit(child, dx + ox, dy + oy);
    }
  };
  // the scene is translated by the padding and whatever the layout put left of and above the origin
  const [ox, oy] = (view as unknown as { origin(): [number, number] }).origin();
  visit((view.scenegraph() as unknown as { root: Record<string, unknown> }).root, ox, oy);
  const size = /<svg[^>]*width="(\d+(?:\.\d+)?)"[^>]*height="(\d+(?:\.\d+)?)"/.exec(svg);
  view.finalize();
  return { svg, width: Number(size?.[1] ?? DISPLAY_WIDTH), height: Number(size?.[2] ?? 0), texts };
}

const FONT_ROOT = "/usr/share/fonts";
const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"];

/** The DejaVu Sans files (regular, and bold for the titles) under `root`, searched once; [] when there are none. */
export function findDejaVuSans(root = FONT_ROOT): string[] {
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.shift() as string;
    let names: { name: string; isDirectory(): boolean }[];
    try {
      names = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    if (names.some((n) => n.name === FONT_FILES[0] && !n.isDirectory()))
      return FONT_FILES.filter((f) => names.some((n) => n.name === f)).map((f) => join(dir, f));
    for (const n of names) if (n.isDirectory()) pending.push(join(dir, n.name));
  }
  return [];
}

let fontOptions: ResvgRenderOptions["font"] | undefined;

/**
 * The fonts resvg renders with: DejaVu Sans loaded from its files (the search runs once per process) — scanning
 * every system font on each render cost ~5 ms a chart; the system fonts only when DejaVu Sans is not installed.
 */
function fonts(): ResvgRenderOptions["font"] {
  if (!fontOptions) {
    const files = findDejaVuSans();
    fontOptions =
      files.length > 0
        ? { fontFiles: files, loadSystemFonts: false, defaultFontFamily: FONT }
        : { loadSystemFonts: true, defaultFontFamily: FONT };
  }
  return fontOptions;
}

/** The most recent renders by SVG text and budget: the charts of a run repeat (every group of a kommun gets the same one). */
const rendered = new Map<string, Uint8Array>();
/** The most recent layouts by their input (Vega's layout is the slow part). */
const laidOut = new Map<string, RenderedChart>();
const RENDERED_MAX = 256;

/**
 * The SVG as PNG at PIXEL_RATIO times its logical width, or at a smaller ratio (down to 1) that keeps the PNG
 * within `maxBytes`; at 1 it is returned whatever its size (the caller then shows the text alone).
 * resvg draws it; sharp (libimagequant) stores it with a palette of 64 colours, a third of the bytes of
 * full colour for a chart's few flat colours, without dithering.
 */
export async function renderPng(svg: string, width: number, maxBytes = Number.POSITIVE_INFINITY): Promise<Uint8Array> {
  const key = `${maxBytes}\u0000${svg}`;
  let png = rendered.get(key);
  if (png) rendered.delete(key);
  else {
    const { sharp, Resvg } = await load();
    const height = Number(/height="(\d+(?:\.\d+)?)"/.exec(svg)?.[1] ?? width);
    // one rendering where the estimate holds (a palette PNG of a chart takes about 0.03 bytes a pixel)
    let ratio = Math.max(1, Math.min(PIXEL_RATIO, Math.sqrt(maxBytes / (0.03 * width * height))));
    for (;;) {
      const full = new Resvg(svg, { font: fonts(), fitTo: { mode: "width", value: Math.round(width * ratio) } })
        .render()
        .asPng();
      png = new Uint8Array(
        await sharp(full).png({ palette: true, colours: 64, dither: 0, compressionLevel: 9, effort: 4 }).toBuffer(),
      );
      if (png.length <= maxBytes || ratio <= 1) break;
      ratio = Math.max(1, ratio * Math.sqrt(maxBytes / png.length) * 0.95);
    }
    if (rendered.size >= RENDERED_MAX) rendered.delete(rendered.keys().next().value as string);
  }
  rendered.set(key, png as Uint8Array);
  // a copy: the caller owns what it gets
  return (png as Uint8Array).slice();
}

/**
 * What an image may weigh in a chat message: a Teams card carries it as base64 inside at most
 * DEFAULT_BUDGET_BYTES (36 000) with the message's text, so 20 000 bytes of PNG (about 26 700 as base64)
 * leave room for a weekly status's text with each group's share and why the promise exists (up to about
 * 7 KB of card JSON, the private one to a gruppchef with its hint included).
 */
export const CHAT_IMAGE_MAX_BYTES = 20_000;

/**
 * How long an answer waits for its chart: the answer must come within 2.5 s, and its text already says
 * everything the chart shows. A chart still being drawn then is finished in the background (and kept for
 * the next answer), and this one goes without it. The first chart after start, which loads the chart
 * libraries, may use what its answer has left instead (less FIRST_CHART_MARGIN_MS).
 */
export const CHART_TIME_BUDGET_MS = 1_200;

/** What the first chart leaves of its answer's time: the rest of the answer is built and sent in it. */
export const FIRST_CHART_MARGIN_MS = 400;

export class ChartTooSlowError extends Error {}

/** The chart as PNG for chat, within CHAT_IMAGE_MAX_BYTES where a smaller rendering allows, and within `withinMs`. */
export async function barChartPng(
  series: BarChartSeries[],
  words: ChartWords = SWEDISH_CHART_WORDS,
  decimal = ",",
  maxBytes = CHAT_IMAGE_MAX_BYTES,
  withinMs = Number.POSITIVE_INFINITY,
): Promise<Uint8Array> {
  const work = (async () => {
    const key = JSON.stringify([series, words, decimal]);
    let chart = laidOut.get(key);
    if (chart) laidOut.delete(key);
    else {
      chart = await barChartSvg(series, words, decimal);
      if (laidOut.size >= RENDERED_MAX) laidOut.delete(laidOut.keys().next().value as string);
    }
    laidOut.set(key, chart);
    return await renderPng(chart.svg, chart.width, maxBytes);
  })();
  if (!Number.isFinite(withinMs)) return work;
  // the first chart after start loads its libraries (~1 s): it may use the time its answer has left, so the
  // first /uppfoljning carries its chart; once they are loaded a chart has the usual budget
  const left = librariesLoaded ? undefined : timeLeftMs();
  const budget = left === undefined ? withinMs : Math.max(withinMs, left - FIRST_CHART_MARGIN_MS);
  // a chart that fails after the answer went is nobody's error
  work.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ChartTooSlowError(`chart not drawn within ${budget} ms`)), budget);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
