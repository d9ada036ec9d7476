// A chart of weekly progress against target per activity, drawn as SVG and
// rendered to PNG server-side with resvg (no browser, no native canvas, works
// offline). The message that carries it always says the same in text.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { Resvg, type ResvgRenderOptions } from "@resvg/resvg-js";
import { plainText } from "../core/replyText.js";

export interface ChartSeries {
  label: string;
  unitLabel: string;
  /** oldest first */
  weeks: { label: string; amount: number }[];
  /** the target expressed per week, when there is one */
  weeklyTarget: number | null;
}

const WIDTH = 720;
const PANEL = 120;
const TOP = 48;

/** Text as it reads (a translation's params carry stand-ins: replyText.ts), XML-escaped. */
function escapeXml(text: string): string {
  return plainText(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function formatValue(value: number): string {
  return (Math.round(value * 10) / 10).toString().replace(".", ",");
}

export function progressChartSvg(title: string, series: ChartSeries[]): string {
  const height = TOP + series.length * PANEL + 16;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="DejaVu Sans, Arial, sans-serif">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="16" y="30" font-size="18" font-weight="bold" fill="#102a43">${escapeXml(title)}</text>`,
  ];
  series.forEach((s, index) => {
    const y0 = TOP + index * PANEL;
    const chartLeft = 260;
    const chartRight = WIDTH - 24;
    const baseY = y0 + PANEL - 28;
    const maxValue = Math.max(1, s.weeklyTarget ?? 0, ...s.weeks.map((w) => w.amount)) * 1.15;
    const scale = (PANEL - 44) / maxValue;
    const slot = (chartRight - chartLeft) / Math.max(1, s.weeks.length);
    parts.push(
      `<text x="16" y="${y0 + 30}" font-size="13" font-weight="bold" fill="#243b53">${escapeXml(s.label.length > 30 ? `${s.label.slice(0, 29)}…` : s.label)}</text>`,
    );
    parts.push(`<text x="16" y="${y0 + 50}" font-size="12" fill="#486581">${escapeXml(s.unitLabel)}</text>`);
    parts.push(`<line x1="${chartLeft}" y1="${baseY}" x2="${chartRight}" y2="${baseY}" stroke="#9fb3c8"/>`);
    s.weeks.forEach((w, i) => {
      const barHeight = w.amount * scale;
      const x = chartLeft + i * slot + slot * 0.2;
      const met = s.weeklyTarget !== null && w.amount >= s.weeklyTarget;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${(baseY - barHeight).toFixed(1)}" width="${(slot * 0.6).toFixed(1)}" height="${barHeight.toFixed(1)}" fill="${met ? "#2f855a" : "#2b6cb0"}"/>`,
      );
      parts.push(
        `<text x="${(x + slot * 0.3).toFixed(1)}" y="${(baseY - barHeight - 4).toFixed(1)}" font-size="11" text-anchor="middle" fill="#102a43">${formatValue(w.amount)}</text>`,
      );
      parts.push(
        `<text x="${(x + slot * 0.3).toFixed(1)}" y="${baseY + 16}" font-size="11" text-anchor="middle" fill="#486581">${escapeXml(w.label)}</text>`,
      );
    });
    if (s.weeklyTarget !== null) {
      const ty = baseY - s.weeklyTarget * scale;
      parts.push(
        `<line x1="${chartLeft}" y1="${ty.toFixed(1)}" x2="${chartRight}" y2="${ty.toFixed(1)}" stroke="#c53030" stroke-dasharray="6 4" stroke-width="2"/>`,
      );
      parts.push(
        `<text x="${chartLeft - 8}" y="${(ty + 4).toFixed(1)}" font-size="11" text-anchor="end" fill="#c53030">mål ${formatValue(s.weeklyTarget)}</text>`,
      );
    }
  });
  parts.push("</svg>");
  return parts.join("");
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
        ? { fontFiles: files, loadSystemFonts: false, defaultFontFamily: "DejaVu Sans" }
        : { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" };
  }
  return fontOptions;
}

/** The most recent renders by SVG text: the charts of a run repeat (every group of a kommun gets the same one). */
const rendered = new Map<string, Uint8Array>();
const RENDERED_MAX = 256;

export function renderPng(svg: string): Uint8Array {
  let png = rendered.get(svg);
  if (png) {
    // most recently used last
    rendered.delete(svg);
  } else {
    png = new Resvg(svg, { font: fonts(), fitTo: { mode: "original" } }).render().asPng();
    if (rendered.size >= RENDERED_MAX) rendered.delete(rendered.keys().next().value as string);
  }
  rendered.set(svg, png);
  // a copy: the caller owns what it gets
  return png.slice();
}

export function progressChartPng(title: string, series: ChartSeries[]): Uint8Array {
  return renderPng(progressChartSvg(title, series));
}
