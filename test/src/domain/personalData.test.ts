import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays } from "../../../src/domain/calendar.js";
import { maskPersonalData } from "../../../src/domain/personalData.js";

describe("maskPersonalData: personnummer", () => {
  it.each([
    ["800101-1234", "[personnummer]"],
    ["19800101-1234", "[personnummer]"],
    ["198001011234", "[personnummer]"],
    ["8001011234", "[personnummer]"],
    ["800101+1234", "[personnummer]"],
    ["800101 1234", "[personnummer]"],
    ["19800101 1234", "[personnummer]"],
    ["800101 - 1234", "[personnummer]"],
    ["1980-01-01-1234", "[personnummer]"],
    // samordningsnummer: day + 60
    ["800161-1234", "[personnummer]"],
    ["19800191-1234", "[personnummer]"],
    // a wrong check digit is still masked
    ["800101-1235", "[personnummer]"],
    ["pnr:800101-1234.", "pnr:[personnummer]."],
    ["kontroll av 800101-1234 vid torget", "kontroll av [personnummer] vid torget"],
    ["föraren (19751224-4321) nykter", "föraren ([personnummer]) nykter"],
  ])("%s → %s", (input, expected) => {
    const result = maskPersonalData(input);
    expect(result.text).toBe(expected);
    expect(result.masked).toEqual(["personnummer"]);
  });
});

describe("maskPersonalData: registration numbers", () => {
  it.each([
    ["ABC 123", "[regnummer]"],
    ["ABC123", "[regnummer]"],
    ["abc 12d", "[regnummer]"],
    ["abc123", "[regnummer]"],
    ["XYZ 99A", "[regnummer]"],
    ["ABC-123", "[regnummer]"],
    ["Abc 123", "[regnummer]"],
    ["stoppade bil ABC 123 på Storgatan", "stoppade bil [regnummer] på Storgatan"],
    ["(MLB843)", "([regnummer])"],
    ["OCH 123", "[regnummer]"],
  ])("%s → %s", (input, expected) => {
    const result = maskPersonalData(input);
    expect(result.text).toBe(expected);
    expect(result.masked).toEqual(["regnummer"]);
  });
});

describe("maskPersonalData: what is not personal data", () => {
  it.each([
    "1,5h",
    "2026-11-20",
    "2026-11-20 kl 1430",
    "90 min",
    "x3",
    "L2",
    "kl 14:30",
    "ring 112",
    "var 120 i 70",
    "och 100 personer",
    "kom 200 besökare",
    "Storgatan 12",
    "ABCD 123",
    "AB 123",
    "ABC 1234",
    "abc12",
    "800101-123",
    "801301-1234",
    "800132-1234",
    "Ökad polisiär närvaro på Torget, lugnt",
    "trygghetsvandring med 12 boende",
    "rattfylleri 3 st, 0,2 promille",
    "U0ABC123",
    "",
  ])("%s stays as it is", (input) => {
    expect(maskPersonalData(input)).toEqual({ text: input, masked: [] });
  });
});

describe("maskPersonalData: the masked list", () => {
  it("lists each kind once, in the order first found", () => {
    expect(maskPersonalData("ABC 123 och 800101-1234, DEF 456").masked).toEqual(["regnummer", "personnummer"]);
    expect(maskPersonalData("800101-1234 ABC 123").masked).toEqual(["personnummer", "regnummer"]);
    expect(maskPersonalData("ABC 123, DEF 456").text).toBe("[regnummer], [regnummer]");
  });
});

// ── properties ──

const BIRTH_DAY = fc
  .integer({ min: 0, max: 200 * 366 })
  .map((n) => addDays("1850-01-01", n))
  .filter((d) => d < "2026-12-01");

const PERSONNUMMER = fc
  .record({
    birthDay: BIRTH_DAY,
    samordning: fc.boolean(),
    lastFour: fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, "0")),
    withCentury: fc.boolean(),
    separator: fc.constantFrom("-", "+", "", " "),
  })
  .map(({ birthDay, samordning, lastFour, withCentury, separator }) => {
    const [year, month, day] = birthDay.split("-") as [string, string, string];
    const dayPart = samordning ? String(Number(day) + 60) : day;
    const datePart = `${withCentury ? year : year.slice(2)}${month}${dayPart}`;
    return { written: `${datePart}${separator}${lastFour}`, digits: `${datePart}${lastFour}` };
  });

/** Text around the number: letters, Swedish letters, spaces, punctuation, no digits. */
const TEXT = fc.string({
  unit: fc.constantFrom(..."abcxyzåäöABCÅÖ .,:;-+()!?\n\t/#@".split("")),
  maxLength: 30,
});

const WORDS = fc
  .array(fc.constantFrom("kontroll", "av", "förare", "pnr", "vid", "torget", "nykter", "L3", "1,5h", "idag"), {
    maxLength: 6,
  })
  .map((words) => words.join(" "));

describe("maskPersonalData properties", () => {
  it("never lets a personnummer through, in any form, in any text", () => {
    fc.assert(
      fc.property(TEXT, PERSONNUMMER, TEXT, (before, pnr, after) => {
        const result = maskPersonalData(`${before}${pnr.written}${after}`);
        expect(result.text.replace(/\D/g, "")).not.toContain(pnr.digits.slice(-10));
        expect(result.text).not.toMatch(/\d/);
        expect(result.masked).toContain("personnummer");
      }),
      { numRuns: 2000 },
    );
  });

  it("masks a personnummer between ordinary words of a note", () => {
    fc.assert(
      fc.property(WORDS, PERSONNUMMER, WORDS, (before, pnr, after) => {
        const result = maskPersonalData(`${before} ${pnr.written} ${after}`);
        expect(result.text).toContain("[personnummer]");
        expect(result.text.match(/\d{10,12}/g) ?? []).toEqual([]);
        expect(result.text).not.toContain(pnr.written);
      }),
    );
  });

  it("is idempotent and leaves text without digits unchanged", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const once = maskPersonalData(text);
        expect(maskPersonalData(once.text).text).toBe(once.text);
        if (!/\d/.test(text)) expect(once).toEqual({ text, masked: [] });
      }),
    );
  });
});
