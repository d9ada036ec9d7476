// fitLabel: a choice's label shortened before its suffix, never through it
// (issue 17: "… Skolvägen (tillfällen" in the Teams log form).
import { describe, expect, it } from "vitest";
import { fitLabel } from "../../../src/core/reply.js";

describe("fitLabel", () => {
  it("keeps the suffix whole and shortens the name with …", () => {
    const label = fitLabel(
      "L2 Hastighetskontroller vid skolorna på Storgatan och Skolvägen i Norrdal",
      " (tillfällen)",
      75,
    );
    expect([...label].length).toBeLessThanOrEqual(75);
    expect(label.endsWith("… (tillfällen)") || label.endsWith("(tillfällen)")).toBe(true);
    const long = fitLabel("x".repeat(100), " (tillfällen)", 75);
    expect(long).toBe(`${"x".repeat(61)}… (tillfällen)`);
    expect([...long].length).toBe(75);
  });

  it("leaves a short label as it is", () => {
    expect(fitLabel("L1 Närvaro", " (timmar)", 75)).toBe("L1 Närvaro (timmar)");
  });
});
