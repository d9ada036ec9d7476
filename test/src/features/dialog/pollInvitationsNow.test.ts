// A poll created in a running service invites its recipients at once (not at
// the next scheduled run), through the platform senders, exactly once each.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Core, loadConfig, openCore } from "../../../../src/app/compose.js";
import { silentLogger } from "../../../../src/core/log.js";
import { registry } from "../../../../src/features/index.js";
import { type Server, startServer } from "../../../../src/app/wiring.js";
import { type FakeSlack, startFakeSlack, waitFor } from "../../../adapters/slack/support.js";
import { FakeClock } from "../../../support/core.js";
import { sqliteTestUrl } from "../../../support/databases.js";

describe("poll invitations from a running service", () => {
  let slack: FakeSlack;
  let core: Core;
  let server: Server;
  const clock = new FakeClock(new Date("2026-11-25T09:00:00Z"));

  beforeAll(async () => {
    slack = await startFakeSlack();
    const config = {
      ...loadConfig({
        DATABASE_URL: sqliteTestUrl("invitations"),
        LOG_LEVEL: "silent",
        SLACK_SIGNING_SECRET: "s3cret",
        SLACK_BOT_TOKEN: "xoxb-test",
        SLACK_API_URL: slack.apiUrl,
      }),
      port: 0,
    };
    core = await openCore(config, { logger: silentLogger, clock, platforms: "configured" });
    server = await startServer(core);
  });
  afterAll(async () => {
    await server.stop();
    await slack.close();
  });

  it("invites the ten people of IG Turlag 1 and 2 right after /dialog ny, once each", async () => {
    const outcome = await core.bot.submitForm({
      platform: "slack",
      userId: "U0DEMO003",
      formId: "poll",
      state: "",
      values: {
        kind: "vad",
        title: "Trygghet i Norrdal",
        concerns: "p:norrdal-2026",
        template: "standard-vad",
        groups: ["ig-1", "ig-2"],
        closesDay: "2026-12-02",
        closesTime: "16:00",
        anonymous: "ja",
        whatNext: "Jag tar upp svaren på APT.",
      },
    });
    expect(outcome.kind).toBe("done");
    // David Persson reads English; nobody has Teams yet, so Slack (the second route) carries them
    const invitations = () =>
      slack.callsOf("chat.postMessage").filter((c) => /^(Medarbetardialog|Staff dialogue) «/.test(String(c.args.text)));
    await waitFor(() => (invitations().length >= 10 ? true : undefined), "ten invitations", 10_000);
    // the scheduled run afterwards finds nothing left to send
    const { runner } = core;
    const again = await runner.run(registry.job("poll-invitations")!, clock.now());
    expect(again.sent).toBe(0);
    expect(invitations()).toHaveLength(10);
    expect(new Set(invitations().map((c) => c.args.channel)).size).toBe(10);
  });
});
