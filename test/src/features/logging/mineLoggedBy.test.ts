// /mina says who logged an entry a colleague logged for you with `med`
// (issue 14: the week's list did not show it), and nothing for your own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { replyAsPlainText } from "../../../../src/core/reply.js";
import { consoleMentions } from "../../../../adapters/console/mentions.js";
import { openTestCore, type TestCore } from "../../../support/core.js";

describe("/mina: who logged it", () => {
  let core: TestCore | null;
  beforeAll(async () => {
    core = await openTestCore("sqlite", { now: "2026-11-25T09:00:00Z" });
  });
  afterAll(async () => {
    await core?.drop();
  });
  const say = async (personId: string, text: string) =>
    replyAsPlainText(
      await core!.bot.handleMessage({ platform: "console", userId: personId, text, mentions: consoleMentions(text) }),
    );

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
    await core!.db.prisma.person.update({ where: { id: "emma.lund" }, data: { lang: "en" } });
    expect(await say("emma.lund", "/mina")).toContain("(logged by Ali Hassan)");
  });
});
