// /lofte for a kommunpolis (issue 14): every promise of the LPO's kommuner,
// every activity whatever group does it, and a promise that starts next year
// (just created: its targets, no progress) — not only their own group's. A
// medarbetare still sees the activities of their groups. In the console and
// as Slack renders the same reply.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderMessages } from "../../../../adapters/slack/renderBlocks.js";
import { replyAsPlainText } from "../../../../src/core/reply.js";
import { openTestCore, type TestCore } from "../../../support/core.js";

describe("/lofte", () => {
  let core: TestCore | null;
  beforeAll(async () => {
    core = await openTestCore("sqlite", { now: "2026-11-25T09:00:00Z" });
    if (!core) return;
    await core.db.prisma.citizenPromise.create({
      data: {
        id: "norrdal-2027",
        kommunId: "norrdal",
        title: "Medborgarlöfte Norrdal 2027",
        fromDay: "2027-01-01",
        toDay: "2027-12-31",
        activities: {
          create: [
            {
              code: "L1",
              name: "Trygg hamn",
              unit: "timmar",
              targets: { create: [{ amount: 10, unit: "timmar", per: "vecka", validFrom: "2027-01-01" }] },
            },
          ],
        },
      },
    });
  });
  afterAll(async () => {
    await core?.drop();
  });

  const lofte = async (userId: string) => {
    const reply = await core!.bot.handleMessage({ platform: "console", userId, text: "lofte" });
    return [replyAsPlainText(reply), JSON.stringify(renderMessages(reply))];
  };

  it("a kommunpolis sees the kommun's promises: all activities, and next year's promise", async (ctx) => {
    if (!core) return ctx.skip();
    for (const text of await lofte("erik.johansson")) {
      expect(text).toContain("Medborgarlöfte Norrdal 2026");
      // L2 and L3 are done by the IG groups, not by the kommunpolis's own (Områdespolisgruppen)
      expect(text).toContain("L2 Hastighetskontroller");
      expect(text).toContain("L3 Rattfyllerikontroller");
      expect(text).toContain("L5 Rapportera brister");
      // and Åsby, the LPO's other kommun
      expect(text).toContain("Åsby");
      expect(text).toContain("Medborgarlöfte Norrdal 2027");
      expect(text).toContain("Börjar 2027-01-01");
      expect(text).toContain("L1 Trygg hamn – mål 10 h per vecka");
    }
  });

  it("a medarbetare sees the activities of their groups", async (ctx) => {
    if (!core) return ctx.skip();
    const [text] = await lofte("ali.hassan");
    expect(text).toContain("L1 Ökad polisiär närvaro");
    expect(text).not.toContain("L5 Rapportera brister");
    expect(text).not.toContain("Medborgarlöfte Norrdal 2027");
  });
});
