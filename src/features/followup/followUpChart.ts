// The follow-up chart: per activity a panel of bars (one per week or month)
// with each bar's own target marked, since targets change over time. Drawn as
// SVG (inline in the HTML report) and rendered to PNG with resvg for chat.
import { formatNumber, type Lang } from "../../i18n/index.js";
import { renderPng } from "../../progress/progressChart.js";
import { plainText } from "../../core/replyText.js";

export interface BarSeries {
  label: string;
  unitLabel: string;
  /** oldest first */
  bars: { label: string; amount: number; target: number | null }[];
}

const WIDTH = 760;
const PANEL = 132;
const TOP = 52;

/** Text as it reads (a translation's params carry stand-ins: replyText.ts), XML-escaped. */
function escapeXml(text: string): string {
  return plainText(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function value(amount: number): string {
  return formatNumber("sv", amount);
}

export function followUpChartSvg(title: string, series: BarSeries[], targetWord = "mål"): string {
  const height = TOP + Math.max(1, series.length) * PANEL + 24;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="DejaVu Sans, Arial, sans-serif" role="img">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="16" y="30" font-size="18" font-weight="bold" fill="#102a43">${escapeXml(title)}</text>`,
  ];
  series.forEach((s, index) => {
    const y0 = TOP + index * PANEL;
    const chartLeft = 250;
    const chartRight = WIDTH - 24;
    const baseY = y0 + PANEL - 30;
    const maxValue = Math.max(1, ...s.bars.map((b) => Math.max(b.amount, b.target ?? 0))) * 1.18;
    const scale = (PANEL - 46) / maxValue;
    const slot = (chartRight - chartLeft) / Math.max(1, s.bars.length);
    parts.push(
      `<text x="16" y="${y0 + 30}" font-size="13" font-weight="bold" fill="#243b53">${escapeXml(s.label.length > 30 ? `${s.label.slice(0, 29)}…` : s.label)}</text>`,
    );
    parts.push(`<text x="16" y="${y0 + 50}" font-size="12" fill="#486581">${escapeXml(s.unitLabel)}</text>`);
    parts.push(
      `<text x="16" y="${y0 + 68}" font-size="11" fill="#c53030">– – ${escapeXml(targetWord)}</text>`,
      `<line x1="${chartLeft}" y1="${baseY}" x2="${chartRight}" y2="${baseY}" stroke="#9fb3c8"/>`,
    );
    s.bars.forEach((b, i) => {
      const barHeight = b.amount * scale;
      const x = chartLeft + i * slot + slot * 0.2;
      const width = slot * 0.6;
      const met = b.target !== null && Math.round(b.amount * 10) >= Math.round(b.target * 10);
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${(baseY - barHeight).toFixed(1)}" width="${width.toFixed(1)}" height="${barHeight.toFixed(1)}" fill="${met ? "#2f855a" : "#2b6cb0"}"/>`,
        `<text x="${(x + width / 2).toFixed(1)}" y="${(baseY - barHeight - 4).toFixed(1)}" font-size="11" text-anchor="middle" fill="#102a43">${value(b.amount)}</text>`,
        `<text x="${(x + width / 2).toFixed(1)}" y="${baseY + 16}" font-size="11" text-anchor="middle" fill="#486581">${escapeXml(b.label)}</text>`,
      );
      if (b.target !== null) {
        const ty = baseY - b.target * scale;
        parts.push(
          `<line x1="${(x - slot * 0.12).toFixed(1)}" y1="${ty.toFixed(1)}" x2="${(x + width + slot * 0.12).toFixed(1)}" y2="${ty.toFixed(1)}" stroke="#c53030" stroke-dasharray="5 3" stroke-width="2"/>`,
        );
      }
    });
  });
  parts.push("</svg>");
  return parts.join("");
}

export function followUpChartPng(title: string, series: BarSeries[], targetWord?: string): Uint8Array {
  return renderPng(followUpChartSvg(title, series, targetWord));
}

/** What the chart shows, in words: its text alternative. */
export function chartSummary(lang: Lang, series: BarSeries[], targetWord: string): string {
  return series
    .map(
      (s) =>
        `${s.label} (${s.unitLabel}): ${s.bars
          .map(
            (b) =>
              `${b.label} ${formatNumber(lang, b.amount)}${b.target !== null ? ` (${targetWord} ${formatNumber(lang, b.target)})` : ""}`,
          )
          .join(", ")}`,
    )
    .join("; ");
}
