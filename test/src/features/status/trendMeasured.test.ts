// The trend in the weekly status and in the gruppchef digest shows only the
// weeks that were measured: the weeks before logging began (the bot taken
// into use Tuesday 24 November 2026, week 48) are "–", never 0, and neither
// the arrow nor the digest's average is drawn from them. In the console and
// as Slack renders the same reply.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderMessages } from "../../../../adapters/slack/renderBlocks.js";
import { replyAsPlainText } from "../../../../src/core/reply.js";
import { weeklyStatus } from "../../../../src/features/status/index.js";
import { openTestCore, type TestCore } from "../../../support/core.js";

describe("the trend shows only measured weeks", () => {
  let core: TestCore | null;
  beforeAll(async () => {
    core = await openTestCore("sqlite", { now: "2026-11-25T09:00:00Z" });
    if (!core) return;
    const say = (userId: string, text: string) => core?.bot.handleMessage({ platform: "console", userId, text });
    // the first entries of the LPO: L1 (hours) by IG Turlag 1
    await say("ali.hassan", "logga 2h närvaro torget");
    await say("ali.hassan", "logga 2h närvaro igår");
    core.clock.set("2026-12-01T08:00:00Z");
  });
  afterAll(async () => {
    await core?.drop();
  });

  /** IG Turlag 1's weekly status as sent at `at` (Swedish) */
  const ig1Status = (at: string, options?: { withChart: false }) =>
    weeklyStatus(core!.ctx, { id: "ig-1", name: "IG Turlag 1", lpoId: "norrdal" }, new Date(at), "sv", options);

  const texts = (reply: Parameters<typeof renderMessages>[0]) => [
    replyAsPlainText(reply),
    JSON.stringify(renderMessages(reply)),
  ];

  it("the weekly status: weeks 45–47 were not logged, the arrow is not drawn from them", async (ctx) => {
    if (!core) return ctx.skip();
    const reply = await ig1Status("2026-11-30T07:00:00Z", { withChart: false });
    for (const text of texts(reply)) {
      expect(text).toContain("Turlagets trend v. 45–48: – → – → – → 4 (– = före första loggningen)");
      expect(text).not.toContain("0 → 0 → 0 → 4");
      // L2 was not logged, but the LPO logged in week 48: that week was measured, 0
      expect(text).toContain("Turlagets trend v. 45–48: – → – → – → 0 (– = före första loggningen)");
    }
  });

  it("the status of the week before logging began: last week was not logged, not '0 av 4 h'", async (ctx) => {
    if (!core) return ctx.skip();
    const reply = await ig1Status("2026-11-23T07:00:00Z", { withChart: false });
    for (const text of texts(reply)) {
      expect(text).toContain("Förra veckan (v. 47): ingen loggning (före första loggningen)");
      expect(text).not.toContain("Förra veckan (v. 47): ert turlag: 0 av 4 h");
      expect(text).toContain("Turlagets trend v. 44–47: – → – → – → – (– = före första loggningen)");
    }
  });

  it("the chart draws no bar for a week before logging began, and its text says '–'", async (ctx) => {
    if (!core) return ctx.skip();
    const reply = await ig1Status("2026-11-30T07:00:00Z");
    const image = reply.blocks.find((b) => b.kind === "image");
    if (image?.kind !== "image") throw new Error("no chart");
    expect(image.alt).toContain("L1 Ökad polisiär närvaro på Torget: v45 –, v46 –, v47 –, v48 4");
  });

  it("the digest: the LPO's trend and the average are of the measured weeks only", async (ctx) => {
    if (!core) return ctx.skip();
    const reply = await core.bot.handleMessage({ platform: "console", userId: "anna.berg", text: "sammanfattning" });
    for (const text of texts(reply)) {
      expect(text).toContain(
        "Trend hela LPO v. 45–48: – → – → – → 4 (– = före första loggningen) · denna vecka 0 mot snittet 4 ↘",
      );
      expect(text).not.toContain("snittet 1");
      // the baseline is compared with the measured weeks, not with four weeks of which three were never logged
      expect(text).toContain(
        "Utgångsläge hela LPO 8 h per vecka; veckorna sedan loggningen började (v. 48) motsvarar 4 h per vecka ↘",
      );
      expect(text).not.toContain("0 → 0 → 0 → 4");
    }
  });
});
