// The weekly status says "(1 loggning)", not "(1 loggningar)" (issue 14), in
// the console's rendering and in Slack's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderMessages } from "../../../../adapters/slack/renderBlocks.js";
import { replyAsPlainText } from "../../../../src/core/reply.js";
import { weeklyStatus } from "../../../../src/features/status/index.js";
import { openTestCore, type TestCore } from "../../../support/core.js";

describe("weekly status texts", () => {
  let core: TestCore | null;
  beforeAll(async () => {
    core = await openTestCore("sqlite", { now: "2026-11-25T09:00:00Z" });
  });
  afterAll(async () => {
    await core?.drop();
  });

  it("one entry last week is '1 loggning'", async (ctx) => {
    if (!core) return ctx.skip();
    await core.bot.handleMessage({ platform: "console", userId: "ali.hassan", text: "logga 2h närvaro 2026-11-18" });
    const reply = await weeklyStatus(
      core.ctx,
      { id: "ig-1", name: "IG Turlag 1", lpoId: "norrdal" },
      new Date("2026-11-23T07:00:00Z"),
      "sv",
      { withChart: false },
    );
    for (const text of [replyAsPlainText(reply), JSON.stringify(renderMessages(reply))]) {
      expect(text).toContain("(1 loggning)");
      expect(text).not.toContain("(1 loggningar)");
    }
  });
});
