// The charts in chat are legible where people see them: laid out by Vega-Lite
// for the width Teams and Slack show an image at, no text under 11 px there,
// no two texts overlapping, every name and figure in the picture, no title
// repeated in it, and small enough that a Teams card shows the picture (with
// 4–5 activities the round-1 chart was 38–46 KB as base64, over the card's cap,
// so only its text alternative was shown).
import { describe, expect, it } from "vitest";
import { renderReply } from "../../../adapters/teams/renderCard.js";
import {
  barChartPng,
  barChartSvg,
  CHAT_IMAGE_MAX_BYTES,
  DISPLAY_WIDTH,
  SWEDISH_CHART_WORDS,
  type TextItem,
} from "../../../src/progress/chart.js";
import { weeklyBars } from "../../../src/progress/progressChart.js";

const ACTIVITIES = [
  ["L1 Ökad polisiär närvaro på Torget", "timmar"],
  ["L2 Hastighetskontroller vid skolorna på Storgatan och Skolvägen", "tillfällen"],
  ["L3 Rattfyllerikontroller", "tillfällen"],
  ["L4 Trygghetsvandringar i centrum och Norrdalsparken tillsammans med kommunen", "tillfällen"],
  ["L5 Skolbesök", "tillfällen"],
];

function series(activities: number, bars: number) {
  return ACTIVITIES.slice(0, activities).map(([label, unitLabel], a) => ({
    label,
    unitLabel,
    bars: Array.from({ length: bars }, (_, i) => ({
      label: `v${44 + i}`,
      amount: ((a + 1) * (i + 3) * 7) % 23,
      target: a === 4 ? null : 10 + a,
    })),
  }));
}

function overlaps(a: TextItem, b: TextItem): boolean {
  const tolerance = 0.5;
  return a.x1 < b.x2 - tolerance && b.x1 < a.x2 - tolerance && a.y1 < b.y2 - tolerance && b.y1 < a.y2 - tolerance;
}

describe("bar charts for chat", () => {
  for (const [activities, bars] of [
    [1, 4],
    [4, 5],
    [5, 5],
    [5, 8],
  ] as const) {
    it(`${activities} activities × ${bars} bars: text ≥ 11 px at display width, nothing overlaps, every figure shown`, async () => {
      const data = series(activities, bars);
      const chart = await barChartSvg(data, SWEDISH_CHART_WORDS);
      const scale = DISPLAY_WIDTH / chart.width;
      expect(chart.width).toBeLessThanOrEqual(DISPLAY_WIDTH);
      for (const text of chart.texts) expect(text.fontSize * scale, text.text).toBeGreaterThanOrEqual(11);
      for (let i = 0; i < chart.texts.length; i++)
        for (let j = i + 1; j < chart.texts.length; j++)
          expect(overlaps(chart.texts[i], chart.texts[j]), `${chart.texts[i].text} × ${chart.texts[j].text}`).toBe(
            false,
          );
      // nothing runs outside the picture
      for (const text of chart.texts) {
        expect(text.x1, text.text).toBeGreaterThanOrEqual(0);
        expect(text.x2, text.text).toBeLessThanOrEqual(chart.width);
      }
      const all = chart.texts.map((t) => t.text).join("\n");
      for (const s of data) {
        // names wrap over lines but are all there
        for (const word of s.label.split(" ")) expect(all, s.label).toContain(word);
        expect(all).toContain(s.unitLabel);
        for (const b of s.bars) expect(all).toContain(`${b.label} / ${b.amount}`);
      }
      for (const word of ["nått målet", "under målet", "mål"]) expect(all).toContain(word);
    });
  }

  it("an activity with nothing done and no target per bar has a readable axis (0 to 1, not 0,000000)", async () => {
    const zero = {
      label: "L5 Rapportera brister",
      unitLabel: "tillfällen",
      bars: ["v48", "v49"].map((label) => ({ label, amount: 0, target: null })),
    };
    const chart = await barChartSvg([zero], SWEDISH_CHART_WORDS);
    const numbers = chart.texts.map((t) => t.text).filter((t) => /^[\d,\s]+$/.test(t));
    expect(numbers.filter((t) => /,\d{3,}/.test(t))).toEqual([]);
    expect(
      numbers.some((t) => /^1(,0)?$/.test(t)),
      numbers.join(" "),
    ).toBe(true);
  });

  it("fits a Teams card with five activities, so the card shows the picture", async () => {
    const png = await barChartPng(series(5, 5));
    expect(png.length).toBeLessThanOrEqual(CHAT_IMAGE_MAX_BYTES);
    expect([...png.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const messages = renderReply({
      text: "Uppföljning",
      blocks: [
        { kind: "heading", text: "Uppföljning Norrdals kommun – november 2026" },
        { kind: "text", text: "L1 Ökad polisiär närvaro på Torget: 20 av 85,7 h (23 %)" },
        { kind: "image", png, alt: "Diagram, utfört mot mål: …", title: "Norrdals kommun – november 2026" },
      ],
    });
    expect(JSON.stringify(messages)).toContain("data:image/png;base64,");
  });

  it("draws the weekly status with its weekly target on every week", () => {
    const bars = weeklyBars([
      { label: "L1", unitLabel: "timmar", weeks: [{ label: "v46", amount: 3 }], weeklyTarget: 20 },
    ]);
    expect(bars[0].bars).toEqual([{ label: "v46", amount: 3, target: 20 }]);
  });
});
