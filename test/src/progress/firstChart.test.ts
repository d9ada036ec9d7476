// The first chart after start (issue 18): the service no longer loads the chart
// libraries at start (~40 MiB that `/logga` never uses), so the first chart of
// an answer loads them (~1 s) — and may take the time its answer has left
// rather than the usual CHART_TIME_BUDGET_MS, so the first /uppfoljning after
// start still carries its chart. Once they are loaded, the usual budget holds.
// A file of its own: the chart module must not have loaded its libraries yet.
import { describe, expect, it } from "vitest";
import { answerBy } from "../../../src/core/deadline.js";
import {
  barChartPng,
  CHAT_IMAGE_MAX_BYTES,
  ChartTooSlowError,
  SWEDISH_CHART_WORDS,
} from "../../../src/progress/chart.js";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];

function series(label: string) {
  return [
    {
      label,
      unitLabel: "timmar · mål 20 per vecka",
      bars: [
        { label: "v45", amount: 12, target: 20 },
        { label: "v46", amount: 22, target: 20 },
      ],
    },
  ];
}

describe("the first chart after start", () => {
  it("loads the chart libraries within the time its answer has left, not the chart's own budget", async () => {
    // a budget of 1 ms no chart meets, least of all one that first loads Vega; the answer has 60 s
    const png = await answerBy(60_000, () =>
      barChartPng(series("L1 Ökad polisiär närvaro på Torget"), SWEDISH_CHART_WORDS, ",", CHAT_IMAGE_MAX_BYTES, 1),
    );
    expect([...png.slice(0, 4)]).toEqual(PNG_SIGNATURE);
  }, 60_000);

  it("once the libraries are loaded, a chart has its own budget again (the answer goes without it)", async () => {
    await expect(
      answerBy(60_000, () =>
        barChartPng(series("L2 Trygghetsvandringar"), SWEDISH_CHART_WORDS, ",", CHAT_IMAGE_MAX_BYTES, 1),
      ),
    ).rejects.toBeInstanceOf(ChartTooSlowError);
  });
});
