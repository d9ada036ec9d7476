// The effect chart of one indicator: per area (the aimed-at area, then the
// comparison area) two bars, before and during, each with its value written
// above it; a MISSING figure is written "saknas" with no bar (never a bar of
// 0). Counts are drawn as counts, or per month when the two periods cover a
// different number of months; shares in percent. The conclusion is the
// caption below. Drawn as SVG 640 px wide, every text 12 px or more at that
// width; the HTML report inlines it, the Markdown report links it as a file,
// chat gets it as PNG (resvg).
import { plainText } from "../../core/replyText.js";
import { formatNumber, type Lang, translator } from "../../i18n/index.js";

/** What the chart needs of a measure (effect.ts's Measure has more). */
interface Measure {
  value: number | null;
  monthsCovered: number;
}
type IndicatorKind = "count" | "share";

export interface EffectChartInput {
  indicator: string;
  area: string;
  kind: IndicatorKind;
  perMonth: boolean;
  groups: { label: string; before: Measure; during: Measure }[];
  caption: string;
}

const WIDTH = 640;
const PLOT_TOP = 64;
const PLOT_HEIGHT = 180;

function escapeXml(text: string): string {
  return plainText(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Splits a caption into lines of at most `max` characters, at spaces. */
function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of plainText(text).split(/\s+/)) {
    if (line && `${line} ${word}`.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function shown(kind: IndicatorKind, m: Measure, perMonth: boolean): number | null {
  if (m.value === null) return null;
  if (kind === "count" && perMonth) return m.value / Math.max(1, m.monthsCovered);
  return m.value;
}

export function effectChartSvg(lang: Lang, input: EffectChartInput): { title: string; alt: string; svg: string } {
  const t = translator(lang);
  const title = `${plainText(input.indicator)} – ${plainText(input.area)}`;
  const unit =
    input.kind === "share"
      ? t("effect.chart.percent")
      : t(input.perMonth ? "effect.chart.perMonth" : "effect.chart.count");
  const values = input.groups.flatMap((g) => [
    shown(input.kind, g.before, input.perMonth),
    shown(input.kind, g.during, input.perMonth),
  ]);
  const max = Math.max(1, ...values.map((v) => v ?? 0)) * 1.15;
  const captionLines = wrap(input.caption, 88);
  const baseY = PLOT_TOP + PLOT_HEIGHT;
  const height = baseY + 52 + captionLines.length * 18 + 12;
  const fmt = (v: number) => formatNumber(lang, v, input.kind === "share" || input.perMonth ? 1 : 0);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="DejaVu Sans, Arial, sans-serif" role="img">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="16" y="28" font-size="17" font-weight="bold" fill="#102a43">${escapeXml(title.length > 60 ? `${title.slice(0, 59)}…` : title)}</text>`,
    `<text x="16" y="50" font-size="13" fill="#486581">${escapeXml(unit)}</text>`,
    `<rect x="${WIDTH - 200}" y="38" width="14" height="14" fill="#9fb3c8"/>`,
    `<text x="${WIDTH - 180}" y="50" font-size="13" fill="#243b53">${escapeXml(t("effect.chart.before"))}</text>`,
    `<rect x="${WIDTH - 110}" y="38" width="14" height="14" fill="#2b6cb0"/>`,
    `<text x="${WIDTH - 90}" y="50" font-size="13" fill="#243b53">${escapeXml(t("effect.chart.during"))}</text>`,
    `<line x1="16" y1="${baseY}" x2="${WIDTH - 16}" y2="${baseY}" stroke="#9fb3c8"/>`,
  ];
  const slot = (WIDTH - 32) / Math.max(1, input.groups.length);
  input.groups.forEach((g, i) => {
    const center = 16 + slot * i + slot / 2;
    const barWidth = Math.min(90, slot / 3);
    [
      { m: g.before, x: center - barWidth - 6, fill: "#9fb3c8" },
      { m: g.during, x: center + 6, fill: "#2b6cb0" },
    ].forEach(({ m, x, fill }) => {
      const v = shown(input.kind, m, input.perMonth);
      const mid = (x + barWidth / 2).toFixed(1);
      if (v === null) {
        parts.push(
          `<text x="${mid}" y="${baseY - 8}" font-size="13" font-style="italic" text-anchor="middle" fill="#c53030">${escapeXml(t("effect.missingValue"))}</text>`,
        );
        return;
      }
      const h = (v / max) * PLOT_HEIGHT;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${(baseY - h).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${h.toFixed(1)}" fill="${fill}"/>`,
        `<text x="${mid}" y="${(baseY - h - 6).toFixed(1)}" font-size="14" text-anchor="middle" fill="#102a43">${escapeXml(fmt(v))}</text>`,
      );
    });
    const label = g.label.length > 40 ? `${g.label.slice(0, 39)}…` : g.label;
    parts.push(
      `<text x="${center.toFixed(1)}" y="${baseY + 22}" font-size="13" text-anchor="middle" fill="#243b53">${escapeXml(label)}</text>`,
    );
  });
  captionLines.forEach((line, i) => {
    parts.push(`<text x="16" y="${baseY + 52 + i * 18}" font-size="13" fill="#102a43">${escapeXml(line)}</text>`);
  });
  parts.push("</svg>");
  const summary = input.groups
    .map((g) => {
      const v = (m: Measure) => {
        const x = shown(input.kind, m, input.perMonth);
        return x === null ? t("effect.missingValue") : fmt(x);
      };
      return `${g.label}: ${t("effect.chart.before")} ${v(g.before)}, ${t("effect.chart.during")} ${v(g.during)}`;
    })
    .join("; ");
  return {
    title,
    alt: t("effect.chart.alt", { indicator: input.indicator, summary: `${summary} (${unit})` }),
    svg: parts.join(""),
  };
}
