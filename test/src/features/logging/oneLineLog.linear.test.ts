// The one-line parser's cost grows linearly with the line, whatever is typed:
// long runs of commas, spaces, dots, mentions, `<at>` tags, digits or
// activity words. Checked with the parser's own step meter (deterministic:
// steps per character bounded, twice the text at most about twice the steps),
// and on 200 KB lines: the answer a 2 KB line of the same shape gets, within the
// same steps per character. No time here: how long a parse takes, and how that
// grows from 100 to 200 KB, is measured by bench/parser.ts.
import { describe, expect, it } from "vitest";
import {
  type ActivityCandidate,
  type LogLineContext,
  type LogLineResult,
  parseLogLine,
} from "../../../../src/features/logging/oneLineLog.js";

const TORGET: ActivityCandidate = {
  id: "norrdal-2026/L1",
  code: "L1",
  name: "Ökad polisiär närvaro på Torget",
  aliases: ["närvaro", "torget", "synlighet", "trygghets vandring"],
  unit: "timmar",
};
const HASTIGHET: ActivityCandidate = {
  id: "norrdal-2026/L2",
  code: "L2",
  name: "Hastighetskontroller",
  aliases: ["hastighet", "fartkontroll"],
  unit: "tillfällen",
};
const ctx: LogLineContext = { today: "2026-11-25", activities: [TORGET, HASTIGHET] };

/** Shapes that made the old parser quadratic, and some that did not. */
// biome-ignore format: a table reads best packed
const SHAPES: [name: string, make: (size: number) => string][] = [
  ["commas", (n) => ",".repeat(n)],
  ["1h närvaro, then commas", (n) => `1h närvaro ${",".repeat(n)}`],
  ["spaces", (n) => `1h närvaro${" ".repeat(n)}x`],
  ["dots then a letter", (n) => `1h närvaro ${".".repeat(n)}x`],
  ["exclamation marks then a letter", (n) => `1h närvaro ${"!".repeat(n)}x`],
  ["med @a repeated", (n) => `1h närvaro ${"med @a ".repeat(n / 7)}`],
  ["med @a, then semicolons", (n) => `1h närvaro med @a ${";".repeat(n)}x`],
  ["distinct mentions", (n) => `1h närvaro med ${Array.from({ length: n / 8 }, (_, i) => `@p${i}`).join(" ")}`],
  ["unclosed <at> tags", (n) => `1h närvaro ${"<at>x ".repeat(n / 6)}`],
  ["<at> without spaces", (n) => `1h närvaro ${"<at>".repeat(n / 4)}`],
  ["digits", (n) => `1h närvaro ${"1".repeat(n)}`],
  ["activity words", (n) => `1h ${"närvaro ".repeat(n / 8)}`],
  ["phrase alias words", (n) => `1h ${"trygghets vandring ".repeat(n / 19)}`],
  ["leading punctuation words", (n) => `${"- ".repeat(n / 2)}1h närvaro`],
  ["signed amounts", (n) => `närvaro 1h ${"-1 ".repeat(n / 3)}`],
];

/** What a line comes to, apart from what grows with it (the note, the mentions). */
function outcome(result: LogLineResult): Record<string, unknown> {
  if (!result.ok) return { error: result.error.code };
  const { activity, minutes, count, day } = result.value;
  return { activity: activity.id, minutes, count, day };
}

function stepsFor(text: string): number {
  const meter = { steps: 0 };
  parseLogLine(text, { ...ctx, meter });
  return meter.steps;
}

describe("parseLogLine is linear in the length of the line", () => {
  it.each(SHAPES)("%s: the step meter grows linearly", (_name, make) => {
    const n = 50_000;
    const single = stepsFor(make(n));
    const double = stepsFor(make(2 * n));
    expect(single).toBeGreaterThan(0);
    // a bounded number of steps per character…
    expect(single).toBeLessThanOrEqual(40 * n);
    // …and twice the text costs at most about twice the steps (a quadratic loop would cost four times)
    expect(double).toBeLessThanOrEqual(2.2 * single + 1_000);
  });

  it.each(SHAPES)("%s: 200 KB gets the answer 2 KB gets, in at most 40 steps a character", (_name, make) => {
    const text = make(200_000);
    const meter = { steps: 0 };
    const result = parseLogLine(text, { ...ctx, meter });
    expect(outcome(result)).toEqual(outcome(parseLogLine(make(2_000), ctx)));
    expect(meter.steps).toBeLessThanOrEqual(40 * text.length);
  });
});
