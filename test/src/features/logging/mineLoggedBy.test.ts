// /mina says who logged an entry a colleague logged for you with `med`
// (issue 14: the week's list did not show it), and nothing for your own.
import { describe, expect, it } from "vitest";
import { sayInConsole, useTestCore } from "../../../support/core.js";

describe("/mina: who logged it", () => {
  const testCore = useTestCore("sqlite", { now: "2026-11-25T09:00:00Z" });
  const say = async (personId: string, text: string) => (await sayInConsole(testCore()!, personId, text)).text;

  it("names the colleague on the week's entry they logged for me, and nobody on my own", async () => {
    await say("ali.hassan", "/logga 2h närvaro med @emma.lund");
    await say("emma.lund", "/logga 1h närvaro igår");
    const emma = await say("emma.lund", "/mina");
    expect(emma).toContain("2026-11-25: 2 h på L1 Ökad polisiär närvaro på Torget (loggat av Ali Hassan)");
    expect(emma).toMatch(/2026-11-24: 1 h på L1 Ökad polisiär närvaro på Torget(?! \(loggat av)/);
    const ali = await say("ali.hassan", "/mina");
    expect(ali).toContain("2026-11-25: 2 h på L1 Ökad polisiär närvaro på Torget");
    expect(ali).not.toContain("loggat av");
  });

  it("says it in English too", async () => {
    await testCore()!.db.prisma.person.update({ where: { id: "emma.lund" }, data: { lang: "en" } });
    expect(await say("emma.lund", "/mina")).toContain("(logged by Ali Hassan)");
  });
});
