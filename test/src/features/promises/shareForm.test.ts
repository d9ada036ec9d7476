// Reading the groups' parts of an activity's target from the promise form
// (issue 15): by id or name, a decimal comma that stays a decimal, thirds
// rounded to two decimals accepted, and stored weights shown as parts of the
// target. Every refusal says what is wrong with an example and gives no parts.
import { describe, expect, it } from "vitest";
import { translator } from "../../../../src/i18n/index.js";
import { partsOfTarget, sharesText } from "../../../../src/features/promises/forms.js";
import { readShares, type ShareRules } from "../../../../src/features/promises/shareForm.js";

const t = translator("sv");
const groups = [
  { id: "ig-1", name: "IG Turlag 1" },
  { id: "ig-2", name: "IG Turlag 2" },
  { id: "ig-3", name: "IG Turlag 3" },
];
const rules = (over: Partial<ShareRules> = {}): ShareRules => ({
  lang: "sv",
  groups,
  groupIds: ["ig-1", "ig-2"],
  amount: 10,
  unit: "timmar",
  ...over,
});
const read = (shares: string, over: Partial<ShareRules> = {}) => {
  const errors: Record<string, string> = {};
  const spec = readShares(t, { shares }, rules(over), errors);
  return { spec, errors };
};

describe("the groups' parts in the promise form", () => {
  it("reads ids and names, a decimal comma, and ';' or ',' between groups", () => {
    for (const text of ["ig-1: 1,5, ig-2: 8,5", "IG Turlag 1 = 1,5; ig-2 8,5 h", "ig-2: 8.5\nig-1: 1.5"]) {
      const { spec, errors } = read(text);
      expect(errors, text).toEqual({});
      expect(spec.shares, text).toEqual({ "ig-1": 1.5, "ig-2": 8.5 });
    }
  });

  it("accepts a target in thirds written with two decimals, but not a part more", () => {
    const thirds = { groupIds: ["ig-1", "ig-2", "ig-3"], amount: 20 };
    expect(read("ig-1: 6,67, ig-2: 6,67, ig-3: 6,66", thirds).errors).toEqual({});
    expect(read("ig-1: 6,67, ig-2: 6,67, ig-3: 6,67", thirds).errors).toEqual({});
    expect(read("ig-1: 6,7, ig-2: 6,7, ig-3: 6,7", thirds).errors.shares).toBe(
      "Andelarna blir tillsammans 20,1 h, men målet är 20 h. De ska summera till målet, t.ex. `ig-1: 6,67, ig-2: 6,67, ig-3: 6,67`.",
    );
  });

  it("refuses with an example and keeps no parts", () => {
    for (const [text, message] of [
      ["ig-1: 4, ig-1: 6", "ig-1 har fått två andelar."],
      ["ig-9: 5, ig-2: 5", "ig-9 är inte en av aktivitetens grupper (ig-1, ig-2)."],
      ["ig-1 fem", '"ig-1 fem" går inte att läsa som en grupps andel.'],
    ]) {
      const { spec, errors } = read(text);
      expect(errors.shares, text).toContain(message);
      expect(errors.shares, text).toContain("`ig-1: 5, ig-2: 5`");
      expect(spec.shares, text).toEqual({});
    }
    expect(read("x", {}).errors.shareBasis).toBeUndefined();
    const errors: Record<string, string> = {};
    readShares(t, { shareBasis: "lottning" }, rules(), errors);
    expect(errors.shareBasis).toContain('"lottning" är ingen grund för att dela målet');
  });

  it("shows stored weights as each group's part of the target", () => {
    // an organisation file may give weights: 1 and 1 of a 20 h target are 10 h each
    expect(partsOfTarget({ "ig-1": 1, "ig-2": 1 }, 20)).toEqual({ "ig-1": 10, "ig-2": 10 });
    expect(sharesText("sv", { "ig-1": 1, "ig-2": 3 }, 10)).toBe("ig-1: 2,5, ig-2: 7,5");
  });
});
