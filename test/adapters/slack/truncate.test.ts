// A label too long for Slack is never cut inside a parenthesis (issue 14: an
// option read "L3 Rattfyllerikontroller (tillfällen"): it is cut before it.
import { describe, expect, it } from "vitest";
import { truncate } from "../../../adapters/slack/renderBlocks.js";

describe("truncate", () => {
  it("cuts before an open parenthesis it would split", () => {
    const label = "L3 Rattfyllerikontroller på infarterna till Norrdal och Åsby (tillfällen per månad)";
    const cut = truncate(label, 75);
    expect(cut).toBe("L3 Rattfyllerikontroller på infarterna till Norrdal och Åsby…");
    expect(Array.from(cut).length).toBeLessThanOrEqual(75);
    // a closed parenthesis inside the kept part stays
    expect(truncate("Hastighet (L2) vid skolorna på Storgatan och Skolvägen", 30)).toBe(
      "Hastighet (L2) vid skolorna p…",
    );
    expect(truncate("kort", 75)).toBe("kort");
  });
});
