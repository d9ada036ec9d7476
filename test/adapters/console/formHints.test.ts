// The console's hints around a form field speak the person's language
// (issue 14): no "(tom rad behåller)" or "ÅÅÅÅ-MM-DD" in an English form.
import { describe, expect, it } from "vitest";
import { fieldPrompt } from "../../../adapters/console/renderText.js";

describe("console form hints", () => {
  it("are English for a person who reads English, Swedish otherwise", () => {
    const kept = fieldPrompt({ kind: "text", name: "title", label: "Title", initial: "Old" }, "en");
    const date = fieldPrompt({ kind: "date", name: "closes", label: "Last day" }, "en");
    for (const text of [kept, date]) expect(text).not.toMatch(/tom rad|valfritt|ÅÅÅÅ/);
    expect(kept).toContain("[Old] (empty line keeps it)");
    expect(date).toContain("Last day (YYYY-MM-DD) (optional, empty line skips):");
    expect(fieldPrompt({ kind: "date", name: "closes", label: "Sista dag", required: true }, "sv")).toBe(
      "Sista dag (ÅÅÅÅ-MM-DD):",
    );
  });
});
