// formatNumber answers the numbers a reply shows most (below 1000, no rounding
// needed) without Intl: its text must be Intl's, digit for digit, for every
// number, language and number of decimals.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Lang } from "../../../src/domain/lang.js";
import { formatNumber } from "../../../src/i18n/index.js";

const intl = (lang: Lang, value: number, decimals: number) =>
  new Intl.NumberFormat(lang === "sv" ? "sv-SE" : "en-GB", { maximumFractionDigits: decimals, useGrouping: true })
    .format(value)
    .replace(/\u2212/g, "-");

describe("formatNumber", () => {
  it("gives Intl's text for the numbers replies show, and at the edges", () => {
    // biome-ignore format: a table of numbers reads best packed
    const edges = [
      0, -0, 1, -1, 0.5, 1.5, -1.5, 12.5, 0.25, 0.125, 999, 999.5, 999.95, 999.96, 1000, 1000.5, 12345.5, -999.9,
      0.05, 0.04, 0.1 + 0.2, 2.675, 1.005, 1e-7, -1e-7, 5e-324, 1e21, 123456789, Number.NaN, Infinity, -Infinity,
      1 / 3, 2 / 3, 7.45, 7.55, -0.04, -0.05, 0.05, 0.95, 9.95, 99.95, -99.95, 999.5, 0.0001, 123.456, 1.45, 2.5, -2.5,
    ];
    for (const lang of ["sv", "en"] as const) {
      for (const decimals of [0, 1, 2]) {
        for (const value of edges) {
          expect(formatNumber(lang, value, decimals), `${lang} ${value} ${decimals}`).toBe(intl(lang, value, decimals));
        }
      }
    }
  });

  it("gives Intl's text for any number (property)", () => {
    const values = fc.oneof(
      fc.double({ noNaN: false }),
      fc.double({ min: -1200, max: 1200 }),
      fc.integer({ min: -20_000, max: 20_000 }).map((n) => n / 10),
      fc.integer({ min: -200_000, max: 200_000 }).map((n) => n / 100),
      fc.integer({ min: -10_000, max: 10_000 }).map((n) => n / 60),
      // decimal texts ending in 5 (ties in their shortest form) and long fractions
      fc
        .tuple(
          fc.integer({ min: -999, max: 999 }),
          fc.integer({ min: 0, max: 999_999 }),
          fc.integer({ min: 1, max: 6 }),
        )
        .map(([w, f, n]) =>
          Number(
            `${w}.${String(f)
              .padStart(6, "0")
              .slice(0, n - 1)}5`,
          ),
        ),
    );
    fc.assert(
      fc.property(
        fc.constantFrom<Lang>("sv", "en"),
        values,
        fc.integer({ min: 0, max: 3 }),
        (lang, value, decimals) => {
          expect(formatNumber(lang, value, decimals)).toBe(intl(lang, value, decimals));
        },
      ),
      { numRuns: 20_000 },
    );
  });
});
