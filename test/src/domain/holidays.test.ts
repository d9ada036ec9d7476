// Swedish public holidays 2026–2030 against a table written by hand from the
// authoritative source, not from the library under test:
//   Lag (1989:253) om allmänna helgdagar, 1 § — nyårsdagen, trettondedag jul,
//   långfredagen, påskdagen, annandag påsk, Kristi himmelsfärdsdag, första maj,
//   pingstdagen, nationaldagen, midsommardagen (the Saturday 20–26 June), alla
//   helgons dag (the Saturday 31 Oct–6 Nov), juldagen, annandag jul (and every
//   Sunday, which is a weekend day here) — plus the three eves the product
//   treats as days off though the law does not list them: julafton,
//   midsommarafton (the Friday before midsommardagen) and nyårsafton.
// Easter Sundays (Gregorian computus): 2026-04-05, 2027-03-28, 2028-04-16,
// 2029-04-01, 2030-04-21; Kristi himmelsfärd = Easter + 39, pingst = Easter + 49.
import { describe, expect, it } from "vitest";
import { holidayOn, isWorkingDay, nextWorkingDay, swedishHolidays } from "../../../src/domain/holidays.js";

const TABLE: Record<number, [string, string][]> = {
  2026: [
    ["01-01", "nyårsdagen"],
    ["01-06", "trettondedag jul"],
    ["04-03", "långfredagen"],
    ["04-05", "påskdagen"],
    ["04-06", "annandag påsk"],
    ["05-01", "första maj"],
    ["05-14", "Kristi himmelsfärdsdag"],
    ["05-24", "pingstdagen"],
    ["06-06", "nationaldagen"],
    ["06-19", "midsommarafton"],
    ["06-20", "midsommardagen"],
    ["10-31", "alla helgons dag"],
    ["12-24", "julafton"],
    ["12-25", "juldagen"],
    ["12-26", "annandag jul"],
    ["12-31", "nyårsafton"],
  ],
  2027: [
    ["01-01", "nyårsdagen"],
    ["01-06", "trettondedag jul"],
    ["03-26", "långfredagen"],
    ["03-28", "påskdagen"],
    ["03-29", "annandag påsk"],
    ["05-01", "första maj"],
    ["05-06", "Kristi himmelsfärdsdag"],
    ["05-16", "pingstdagen"],
    ["06-06", "nationaldagen"],
    ["06-25", "midsommarafton"],
    ["06-26", "midsommardagen"],
    ["11-06", "alla helgons dag"],
    ["12-24", "julafton"],
    ["12-25", "juldagen"],
    ["12-26", "annandag jul"],
    ["12-31", "nyårsafton"],
  ],
  2028: [
    ["01-01", "nyårsdagen"],
    ["01-06", "trettondedag jul"],
    ["04-14", "långfredagen"],
    ["04-16", "påskdagen"],
    ["04-17", "annandag påsk"],
    ["05-01", "första maj"],
    ["05-25", "Kristi himmelsfärdsdag"],
    ["06-04", "pingstdagen"],
    ["06-06", "nationaldagen"],
    ["06-23", "midsommarafton"],
    ["06-24", "midsommardagen"],
    ["11-04", "alla helgons dag"],
    ["12-24", "julafton"],
    ["12-25", "juldagen"],
    ["12-26", "annandag jul"],
    ["12-31", "nyårsafton"],
  ],
  2029: [
    ["01-01", "nyårsdagen"],
    ["01-06", "trettondedag jul"],
    ["03-30", "långfredagen"],
    ["04-01", "påskdagen"],
    ["04-02", "annandag påsk"],
    ["05-01", "första maj"],
    ["05-10", "Kristi himmelsfärdsdag"],
    ["05-20", "pingstdagen"],
    ["06-06", "nationaldagen"],
    ["06-22", "midsommarafton"],
    ["06-23", "midsommardagen"],
    ["11-03", "alla helgons dag"],
    ["12-24", "julafton"],
    ["12-25", "juldagen"],
    ["12-26", "annandag jul"],
    ["12-31", "nyårsafton"],
  ],
  2030: [
    ["01-01", "nyårsdagen"],
    ["01-06", "trettondedag jul"],
    ["04-19", "långfredagen"],
    ["04-21", "påskdagen"],
    ["04-22", "annandag påsk"],
    ["05-01", "första maj"],
    ["05-30", "Kristi himmelsfärdsdag"],
    ["06-06", "nationaldagen"],
    ["06-09", "pingstdagen"],
    ["06-21", "midsommarafton"],
    ["06-22", "midsommardagen"],
    ["11-02", "alla helgons dag"],
    ["12-24", "julafton"],
    ["12-25", "juldagen"],
    ["12-26", "annandag jul"],
    ["12-31", "nyårsafton"],
  ],
};

describe("Swedish public holidays and eves (Lag 1989:253 + jul-, midsommar-, nyårsafton)", () => {
  for (const [year, days] of Object.entries(TABLE)) {
    it(`${year}: exactly the table, with its names`, () => {
      const expected = days.map(([md, name]) => ({ day: `${year}-${md}`, name }));
      expect(swedishHolidays(Number(year))).toEqual(expected);
    });
  }

  it("knows the days the issue names, and that annandag pingst is no longer one (since 2005)", () => {
    expect(holidayOn("2026-12-25")?.name).toBe("juldagen"); // a Friday
    expect(holidayOn("2027-06-25")?.name).toBe("midsommarafton"); // a Friday
    expect(holidayOn("2027-05-17")).toBeNull(); // annandag pingst
    expect(holidayOn("2026-11-30")).toBeNull();
  });

  it("the next working day skips weekends, holidays and eves", () => {
    expect(nextWorkingDay("2026-12-25")).toBe("2026-12-28"); // juldagen (Fri) → Monday
    expect(nextWorkingDay("2027-06-25")).toBe("2027-06-28"); // midsommarafton (Fri) → Monday
    expect(nextWorkingDay("2026-04-06")).toBe("2026-04-07"); // annandag påsk (Mon) → Tuesday
    expect(nextWorkingDay("2026-12-23")).toBe("2026-12-28"); // over julafton, juldagen, annandag jul, the weekend
    expect(nextWorkingDay("2030-12-31")).toBe("2031-01-02"); // nyårsafton → over nyårsdagen
    expect(isWorkingDay("2026-12-24")).toBe(false);
    expect(isWorkingDay("2026-12-28")).toBe(true);
    expect(isWorkingDay("2026-11-28")).toBe(false); // a Saturday
  });
});
