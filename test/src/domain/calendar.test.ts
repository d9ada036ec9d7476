import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  dayInZone,
  daysBetween,
  isoWeek,
  isoWeekday,
  isValidDay,
  startOfIsoWeek,
} from "../../../src/domain/calendar.js";

describe("dayInZone", () => {
  it("reads an instant as a calendar day in Stockholm, winter and summer", () => {
    expect(dayInZone(new Date("2026-11-24T23:30:00Z"), "Europe/Stockholm")).toBe("2026-11-25");
    expect(dayInZone(new Date("2026-11-24T22:59:00Z"), "Europe/Stockholm")).toBe("2026-11-24");
    expect(dayInZone(new Date("2026-06-30T22:30:00Z"), "Europe/Stockholm")).toBe("2026-07-01");
    expect(dayInZone(new Date("2026-06-30T21:59:00Z"), "Europe/Stockholm")).toBe("2026-06-30");
  });

  it("handles the night of a daylight saving change", () => {
    expect(dayInZone(new Date("2026-03-29T00:30:00Z"), "Europe/Stockholm")).toBe("2026-03-29");
    expect(dayInZone(new Date("2026-10-25T00:30:00Z"), "Europe/Stockholm")).toBe("2026-10-25");
  });

  it("reads each instant afresh, though it remembers the last second read: midnight may fall just after it", () => {
    // 23:00:00.000Z is midnight in Stockholm in winter: one millisecond apart, two days
    expect(dayInZone(new Date("2026-11-24T22:59:59.999Z"), "Europe/Stockholm")).toBe("2026-11-24");
    expect(dayInZone(new Date("2026-11-24T23:00:00.000Z"), "Europe/Stockholm")).toBe("2026-11-25");
    expect(dayInZone(new Date("2026-11-24T22:59:59.000Z"), "Europe/Stockholm")).toBe("2026-11-24");
    expect(dayInZone(new Date("2026-11-24T22:59:59.999Z"), "America/New_York")).toBe("2026-11-24");
    const reference = (zone: string) =>
      new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" });
    const zones = ["Europe/Stockholm", "America/New_York", "Asia/Kolkata", "Pacific/Chatham", "UTC"];
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 0, 1) }),
            fc.integer({ min: -1500, max: 1500 }),
            fc.constantFrom(...zones),
          ),
          { minLength: 1, maxLength: 20 },
        ),
        (reads) => {
          for (const [ms, step, zone] of reads) {
            // across a quarter hour half the time: a zone's midnight falls on one (Asia/Kolkata +5:30, Pacific/Chatham +12:45)
            const near = step % 2 === 0 ? ms : ms - (ms % 900_000) + step;
            for (let at = near - 2000; at <= near + 2000; at += 250) {
              expect(dayInZone(new Date(at), zone)).toBe(reference(zone).format(new Date(at)));
            }
          }
        },
      ),
    );
  });

  it("works in other zones", () => {
    expect(dayInZone(new Date("2026-11-25T03:00:00Z"), "America/New_York")).toBe("2026-11-24");
    expect(dayInZone(new Date("2026-11-25T03:00:00Z"), "UTC")).toBe("2026-11-25");
  });
});

describe("isoWeek", () => {
  it.each([
    ["2026-11-25", 2026, 48],
    ["2026-01-01", 2026, 1],
    ["2027-01-01", 2026, 53],
    ["2026-12-31", 2026, 53],
    ["2027-01-04", 2027, 1],
    ["2024-12-30", 2025, 1],
    ["2021-01-03", 2020, 53],
    ["2021-01-04", 2021, 1],
    ["2025-12-28", 2025, 52],
    ["2026-03-01", 2026, 9],
  ])("%s is week %i of %i", (day, year, week) => {
    expect(isoWeek(day)).toEqual({ year, week });
  });
});

describe("weekdays and weeks", () => {
  it("numbers weekdays from Monday = 1 to Sunday = 7", () => {
    expect(isoWeekday("2026-11-23")).toBe(1);
    expect(isoWeekday("2026-11-25")).toBe(3);
    expect(isoWeekday("2026-11-29")).toBe(7);
    expect(isoWeekday("2024-02-29")).toBe(4);
  });

  it("finds the Monday of the week, across a year end", () => {
    expect(startOfIsoWeek("2026-11-25")).toBe("2026-11-23");
    expect(startOfIsoWeek("2026-11-23")).toBe("2026-11-23");
    expect(startOfIsoWeek("2026-11-29")).toBe("2026-11-23");
    expect(startOfIsoWeek("2027-01-01")).toBe("2026-12-28");
  });
});

describe("addDays and daysBetween", () => {
  it("crosses months, leap days and years", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(addDays("2026-11-25", 0)).toBe("2026-11-25");
    expect(addDays("2026-11-25", -365)).toBe("2025-11-25");
  });

  it("counts b − a, negative when b is earlier", () => {
    expect(daysBetween("2026-01-01", "2026-12-31")).toBe(364);
    expect(daysBetween("2026-11-25", "2026-11-20")).toBe(-5);
    expect(daysBetween("2026-03-28", "2026-03-30")).toBe(2);
  });

  it("keeps years before 100 as they are", () => {
    expect(addDays("0099-12-31", 1)).toBe("0100-01-01");
    expect(isValidDay("0004-02-29")).toBe(true);
  });
});

describe("isValidDay", () => {
  it.each([
    ["2026-11-25", true],
    ["2024-02-29", true],
    ["2000-02-29", true],
    ["2026-02-29", false],
    ["1900-02-29", false],
    ["2026-02-30", false],
    ["2026-11-31", false],
    ["2026-13-01", false],
    ["2026-00-10", false],
    ["2026-11-00", false],
    ["2026-1-01", false],
    ["26-11-25", false],
    ["2026-11-25T00:00", false],
    ["", false],
  ])("%s → %s", (day, valid) => {
    expect(isValidDay(day)).toBe(valid);
  });
});

// ── properties, against a simple reference ──

const DAY = fc
  .date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2200-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** The textbook ISO week: ordinal day, weekday, and the 52/53-week rule. */
function referenceIsoWeek(day: string): { year: number; week: number } {
  const date = new Date(`${day}T00:00:00Z`);
  const year = date.getUTCFullYear();
  const ordinal = (date.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1;
  const weekday = ((date.getUTCDay() + 6) % 7) + 1;
  const p = (y: number) => (y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400)) % 7;
  const weeksIn = (y: number) => (p(y) === 4 || p(y - 1) === 3 ? 53 : 52);
  const week = Math.floor((ordinal - weekday + 10) / 7);
  if (week < 1) return { year: year - 1, week: weeksIn(year - 1) };
  if (week > weeksIn(year)) return { year: year + 1, week: 1 };
  return { year, week };
}

describe("calendar properties", () => {
  it("isoWeek agrees with the textbook formula", () => {
    fc.assert(
      fc.property(DAY, (day) => {
        expect(isoWeek(day)).toEqual(referenceIsoWeek(day));
      }),
    );
  });

  it("addDays round-trips and agrees with daysBetween and Date", () => {
    fc.assert(
      fc.property(DAY, fc.integer({ min: -5000, max: 5000 }), (day, n) => {
        const later = addDays(day, n);
        expect(isValidDay(later)).toBe(true);
        expect(addDays(later, -n)).toBe(day);
        expect(daysBetween(day, later)).toBe(n);
        const viaDate = new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
        expect(later).toBe(viaDate);
      }),
    );
  });

  it("the next day is the next weekday, and the week starts on a Monday at most 6 days back", () => {
    fc.assert(
      fc.property(DAY, (day) => {
        expect(isoWeekday(addDays(day, 1))).toBe((isoWeekday(day) % 7) + 1);
        const monday = startOfIsoWeek(day);
        expect(isoWeekday(monday)).toBe(1);
        expect(daysBetween(monday, day)).toBe(isoWeekday(day) - 1);
        expect(isoWeek(monday)).toEqual(isoWeek(day));
      }),
    );
  });

  it("dayInZone in UTC is the date of the instant", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true }),
        (instant) => {
          expect(dayInZone(instant, "UTC")).toBe(instant.toISOString().slice(0, 10));
        },
      ),
    );
  });

  it("isValidDay accepts exactly what Date reads back unchanged", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (year, month, dayOfMonth) => {
          const day = `${year}-${String(month).padStart(2, "0")}-${String(dayOfMonth).padStart(2, "0")}`;
          const date = new Date(Date.UTC(year, month - 1, dayOfMonth));
          const roundTrips = month >= 1 && dayOfMonth >= 1 && date.toISOString().slice(0, 10) === day;
          expect(isValidDay(day)).toBe(roundTrips);
        },
      ),
    );
  });
});
