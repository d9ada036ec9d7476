import { describe, expect, it } from "vitest";
import { nextRun, previousRun } from "../../../src/schedules/cron.js";

const tz = "Europe/Stockholm";

describe("cron in Europe/Stockholm", () => {
  it.each([
    ["0 7 * * 1", "2026-11-25T12:00:00Z", "2026-11-23T06:00:00.000Z", "2026-11-30T06:00:00.000Z"],
    ["0 13 * * 5", "2026-11-25T12:00:00Z", "2026-11-20T12:00:00.000Z", "2026-11-27T12:00:00.000Z"],
    ["0 8 1 * *", "2026-11-25T12:00:00Z", "2026-11-01T07:00:00.000Z", "2026-12-01T07:00:00.000Z"],
    // summer time: 07:00 in Stockholm is 05:00 UTC
    ["0 7 * * 1", "2026-06-10T12:00:00Z", "2026-06-08T05:00:00.000Z", "2026-06-15T05:00:00.000Z"],
    ["*/15 9-10 * * 1-5", "2026-11-25T09:20:00Z", "2026-11-25T09:15:00.000Z", "2026-11-25T09:30:00.000Z"],
  ])("%s around %s", (expression, now, previous, next) => {
    expect(previousRun(expression, new Date(now), tz)?.toISOString()).toBe(previous);
    expect(nextRun(expression, new Date(now), tz)?.toISOString()).toBe(next);
  });

  it("the scheduled minute itself counts as the previous run", () => {
    expect(previousRun("0 7 * * 1", new Date("2026-11-23T06:00:30Z"), tz)?.toISOString()).toBe(
      "2026-11-23T06:00:00.000Z",
    );
  });

  it("refuses an invalid expression", () => {
    expect(() => previousRun("61 * * * *", new Date(), tz)).toThrow(/invalid cron/);
  });
});
