// After a line, the reply shows the standing of the period the entry counts
// in (its week, month …), named, not the current one; the group's part the way
// the weekly status says it, and the LPO's total labelled as the whole LPO
// (issue 14: a back-dated line answered "IG Turlag 1: 0 h denna vecka", and
// "totalt 38,1/20 h" did not say it was the whole LPO).
import { describe, expect, it } from "vitest";
import { sayInConsole, useTestCore } from "../../../support/core.js";

describe("the standing after a line", () => {
  const testCore = useTestCore("sqlite", { now: "2026-11-25T09:00:00Z" });
  const say = async (personId: string, text: string) => (await sayInConsole(testCore()!, personId, text)).text;

  it("a back-dated line shows the week it counts in, named, with the group's part and the whole LPO", async () => {
    const text = await say("ali.hassan", "/logga 3h närvaro 2026-11-03");
    expect(text).toContain("(2026-11-03, v. 45)");
    expect(text).toContain("v. 45: IG Turlag 1: 3 av 4 h · hela LPO: 3 av 20 h");
    expect(text).not.toContain("denna vecka");
    expect(text).not.toContain("totalt");
  });

  it("a line for today shows this week, without the back-dated hours", async () => {
    const text = await say("ali.hassan", "/logga 1h närvaro");
    expect(text).toContain("denna vecka: IG Turlag 1: 1 av 4 h · hela LPO: 1 av 20 h");
  });

  it("a line in an earlier month shows that month", async () => {
    const text = await say("ali.hassan", "/logga 2st hastighet 2026-10-15");
    expect(text).toMatch(/oktober 2026: .*hela LPO: 2 av \d+ tillfällen/);
    expect(text).not.toContain("denna månad");
  });
});
