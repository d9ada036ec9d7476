// The theme evaluation: the adjusted Rand index on known cases, the labelled
// file format, and `npm run eval:themes` on the officers' labelled set in
// test/fixtures (aim: coverage ≥ 0.85, ARI ≥ 0.6), printing its figures last.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { adjustedRandIndex, parseLabelled, scoreThemes } from "../../../../src/features/dialog/themeEval.js";
import { offlineThemes } from "../../../../src/features/dialog/themeSummary.js";

const FIXTURE = "test/fixtures/themes-officers.csv";

describe("theme evaluation", () => {
  it("computes the adjusted Rand index", () => {
    expect(adjustedRandIndex(["a", "a", "b", "b"], ["x", "x", "y", "y"])).toBe(1);
    // scikit-learn: adjusted_rand_score([0,0,1,1],[0,0,1,2]) = 0.5714…
    expect(adjustedRandIndex(["0", "0", "1", "1"], ["0", "0", "1", "2"])).toBeCloseTo(0.5714, 3);
    expect(adjustedRandIndex(["0", "0", "0", "0"], ["0", "1", "2", "3"])).toBe(0);
  });

  it("reads poll;answer;label with quoted fields", () => {
    const rows = parseLabelled('poll;answer;label\np1;"Tid; bemanning";resurser\n\np1;Larm;resurser\n');
    expect(rows).toEqual([
      { poll: "p1", answer: "Tid; bemanning", label: "resurser" },
      { poll: "p1", answer: "Larm", label: "resurser" },
    ]);
    expect(() => parseLabelled("poll;answer;label\nbara två;fält")).toThrow(/line 2/);
  });

  it("does not reward leaving answers in Övrigt", () => {
    const rows = parseLabelled(
      "poll;answer;label\np;Larm hela tiden;a\np;Larm igen;a\np;Mopeder;b\np;Mopeder på torget;b",
    );
    const nothing = scoreThemes(rows, (texts) => ({ themes: [], other: texts.length, source: "offline" }));
    expect(nothing).toMatchObject({ coverage: 0, ari: 0 });
  });

  it("meets the aims on the officers' labelled set", () => {
    const scores = scoreThemes(parseLabelled(readFileSync(FIXTURE, "utf8")), (t) => offlineThemes(t));
    expect(scores.answers).toBeGreaterThanOrEqual(60);
    expect(scores.coverage).toBeGreaterThanOrEqual(0.85);
    expect(scores.ari).toBeGreaterThanOrEqual(0.6);
  });

  it("npm run eval:themes prints the figures as its last line", async () => {
    const { stdout } = await promisify(execFile)("node", ["bin/run-ts.mjs", "bench/evalThemes.ts", FIXTURE]);
    const last = stdout.trim().split("\n").at(-1);
    expect(last).toMatch(/^themes: coverage \d\.\d\d, ari -?\d\.\d\d, purity \d\.\d\d$/);
  }, 30_000);
});
