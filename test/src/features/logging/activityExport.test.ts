// The activity export never hands an operator's terminal or Excel what was
// hidden in a note: control characters (ESC, NUL, RTL override) are gone, a
// formula stays text, and personal data stored before masking was as strict
// as it is now is masked on the way out (JSON lines and CSV alike).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityExportRows, csvLine } from "../../../../src/features/logging/index.js";
import { openTestCore, type TestCore } from "../../../support/core.js";

describe("export activities", () => {
  let core: TestCore | null;
  beforeAll(async () => {
    core = await openTestCore("sqlite", { now: "2026-11-25T09:00:00Z" });
  });
  afterAll(async () => {
    await core?.drop();
  });

  it("cleans what an old database holds in a note before it reaches a terminal or Excel", async (ctx) => {
    if (!core) return ctx.skip();
    await core.bot.handleMessage({ platform: "console", userId: "ali.hassan", text: "logga 1h närvaro torget" });
    // as an older version could have stored it
    const hostile = '\u0000=HYPERLINK("http://x")\u001b[31m röd \u202Etxet 850101_1234 ring 070-123 45 67';
    await core.db.prisma.activityEntry.updateMany({ data: { note: hostile } });
    const rows = [];
    for await (const row of activityExportRows(core.db.prisma, "2026-11-01", "2026-11-30")) rows.push(row);
    expect(rows).toHaveLength(1);
    const line = csvLine(rows[0]);
    for (const text of [JSON.stringify(rows[0].note), line]) {
      expect(text).not.toMatch(/[\u0000\u001b\u202e]/);
      expect(text).not.toContain("850101");
      expect(text).not.toContain("070-123");
    }
    // the note's cell starts with an apostrophe, so Excel shows the formula as text
    expect(line).toContain(";\"'=HYPERLINK(");
  });
});
