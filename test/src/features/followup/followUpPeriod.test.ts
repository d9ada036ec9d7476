// Follow-up periods as people type them, against a fixed "today".
import { describe, expect, it } from "vitest";
import {
  monthsOf,
  parseFollowUpPeriod,
  partsOf,
  periodLabel,
  previousPeriod,
  weeksOf,
} from "../../../../src/features/followup/followUpPeriod.js";

const TODAY = "2026-11-20";

describe("parseFollowUpPeriod", () => {
  it.each([
    ["", "month", "2026-11", "2026-11-01", "2026-11-30"],
    ["2026-11", "month", "2026-11", "2026-11-01", "2026-11-30"],
    ["2026-2", "month", "2026-02", "2026-02-01", "2026-02-28"],
    ["2024-02", "month", "2024-02", "2024-02-01", "2024-02-29"],
    ["2026-Q3", "quarter", "2026-Q3", "2026-07-01", "2026-09-30"],
    ["2026-q1", "quarter", "2026-Q1", "2026-01-01", "2026-03-31"],
    ["2026 K4", "quarter", "2026-Q4", "2026-10-01", "2026-12-31"],
    ["v47", "week", "2026-W47", "2026-11-16", "2026-11-22"],
    ["V47", "week", "2026-W47", "2026-11-16", "2026-11-22"],
    ["v. 47", "week", "2026-W47", "2026-11-16", "2026-11-22"],
    ["vecka 1", "week", "2026-W01", "2025-12-29", "2026-01-04"],
    // week 48 of this year is still ahead: the most recent week 48 is last year's
    ["v48", "week", "2025-W48", "2025-11-24", "2025-11-30"],
    ["w47", "week", "2026-W47", "2026-11-16", "2026-11-22"],
    ["2026-W47", "week", "2026-W47", "2026-11-16", "2026-11-22"],
    ["2026W05", "week", "2026-W05", "2026-01-26", "2026-02-01"],
    ["2020-W53", "week", "2020-W53", "2020-12-28", "2021-01-03"],
    ["2026", "year", "2026", "2026-01-01", "2026-12-31"],
    ["2026-03-01..2026-08-31", "range", "2026-03-01..2026-08-31", "2026-03-01", "2026-08-31"],
    ["2026-03-01 – 2026-08-31", "range", "2026-03-01..2026-08-31", "2026-03-01", "2026-08-31"],
    ["2026-03-01 - 2026-03-01", "range", "2026-03-01", "2026-03-01", "2026-03-01"],
    ["2026-11-05", "range", "2026-11-05", "2026-11-05", "2026-11-05"],
  ])("%j → %s %s (%s – %s)", (text, kind, key, from, to) => {
    const parsed = parseFollowUpPeriod(text, TODAY);
    expect(parsed).toEqual({ ok: true, period: { kind, key, from, to } });
  });

  it.each([
    "2026-13",
    "2026-00",
    "2026-Q5",
    "v54",
    "v0",
    "2025-W53", // 2025 has 52 ISO weeks
    "2026-08-31..2026-03-01", // backwards
    "2026-02-30..2026-03-01", // no such day
    "2020-01-01..2026-01-01", // longer than three years
    "november",
    "igår",
  ])("refuses %j", (text) => {
    expect(parseFollowUpPeriod(text, TODAY)).toEqual({ ok: false, text });
  });
});

describe("periods around a period", () => {
  const period = (text: string) => {
    const parsed = parseFollowUpPeriod(text, TODAY);
    if (!parsed.ok) throw new Error(text);
    return parsed.period;
  };

  it.each([
    ["2026-01", "2025-12"],
    ["2026-Q1", "2025-Q4"],
    ["2026-W01", "2025-W52"],
    ["2027-W01", "2026-W53"], // 2026 has 53 ISO weeks
    ["2026", "2025"],
    ["2026-03-01..2026-03-10", "2026-02-19..2026-02-28"],
  ])("before %s comes %s", (text, before) => {
    expect(previousPeriod(period(text)).key).toBe(before);
  });

  it("splits into months or weeks, clipped", () => {
    expect(monthsOf({ from: "2026-03-15", to: "2026-05-10" }).map((m) => [m.key, m.from, m.to])).toEqual([
      ["2026-03", "2026-03-15", "2026-03-31"],
      ["2026-04", "2026-04-01", "2026-04-30"],
      ["2026-05", "2026-05-01", "2026-05-10"],
    ]);
    expect(weeksOf({ from: "2026-11-01", to: "2026-11-10" }).map((w) => [w.key, w.from, w.to])).toEqual([
      ["2026-W44", "2026-11-01", "2026-11-01"],
      ["2026-W45", "2026-11-02", "2026-11-08"],
      ["2026-W46", "2026-11-09", "2026-11-10"],
    ]);
    expect(partsOf(period("2026-11")).map((p) => p.kind)).toEqual(["week", "week", "week", "week", "week", "week"]);
    expect(partsOf(period("2026-Q3")).map((p) => p.key)).toEqual(["2026-07", "2026-08", "2026-09"]);
  });

  it("labels periods the Swedish and the English way", () => {
    expect(periodLabel("sv", period("2026-11"))).toBe("november 2026");
    expect(periodLabel("en", period("2026-11"))).toBe("November 2026");
    expect(periodLabel("sv", period("2026-Q3"))).toBe("kvartal 3 2026");
    expect(periodLabel("sv", period("v47"))).toBe("v. 47 2026");
    expect(periodLabel("sv", period("2026-03-01..2026-08-31"))).toBe("2026-03-01 – 2026-08-31");
  });
});
