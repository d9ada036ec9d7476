// The activity export never hands an operator's terminal or Excel what was
// hidden in a note: control characters (ESC, NUL, RTL override) are gone, a
// formula stays text, and personal data stored before masking was as strict
// as it is now is masked on the way out (JSON lines and CSV alike).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityExportRows, csvHeader, csvLine } from "../../../../src/features/logging/index.js";
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

describe("export activities agrees with the bot", () => {
  let core: TestCore | null;
  beforeAll(async () => {
    core = await openTestCore("sqlite", { now: "2026-11-25T09:00:00Z" });
  });
  afterAll(async () => {
    await core?.drop();
  });

  it("an occasion done together is one occasion; hours are person-hours (summed as README says)", async (ctx) => {
    if (!core) return ctx.skip();
    const say = (text: string) => core?.bot.handleMessage({ platform: "console", userId: "ali.hassan", text });
    const occasion = await say("logga ratta med @emma.lund");
    expect(JSON.stringify(occasion)).toContain("1 tillfälle");
    await say("logga 2h närvaro torget med @emma.lund");
    const rows = [];
    for await (const row of activityExportRows(core.db.prisma, "2026-11-01", "2026-11-30")) rows.push(row);
    expect(rows).toHaveLength(4);
    const ratta = rows.filter((r) => r.unit === "tillfällen");
    const hours = rows.filter((r) => r.unit === "timmar");
    // the rows of one line share a batch; the logger's row is primary
    expect(new Set(ratta.map((r) => r.batch)).size).toBe(1);
    expect(ratta.filter((r) => r.primary).map((r) => r.person)).toEqual(["ali.hassan"]);
    // occasions: sum `occasions` (the bot said 1 tillfälle); each person's part is `count`
    expect(ratta.reduce((s, r) => s + (r.occasions ?? 0), 0)).toBe(1);
    expect(ratta.find((r) => r.person === "emma.lund")?.count).toBe(1);
    // hours: sum `minutes` / 60 over all rows
    expect(hours.reduce((s, r) => s + (r.minutes ?? 0), 0) / 60).toBe(4);
    // the CSV carries the same columns for Excel
    expect(csvHeader()).toContain(";batch;primary;");
    expect(csvHeader()).toContain(";count;occasions;");
    const emmaLine = csvLine(ratta.find((r) => r.person === "emma.lund") as (typeof rows)[number]);
    expect(emmaLine).toMatch(/;1;0;/);
  });
});
