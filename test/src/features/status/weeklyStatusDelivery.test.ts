// The weekly status reaches every bound channel exactly once, over HTTP, on
// Slack (a fake Web API) and Teams (a fake Bot Framework connector): three
// service instances firing the same schedule on one database, repeated runs,
// a 429 with Retry-After, and downtime over the scheduled time.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Core, loadConfig, openCore } from "../../../../src/app/compose.js";
import { silentLogger } from "../../../../src/core/log.js";
import { DeliveryLedger } from "../../../../src/schedules/deliveryLedger.js";
import { JobRunner } from "../../../../src/schedules/jobRunner.js";
import { weeklyStatusJob } from "../../../../src/features/status/jobs.js";
import { Scheduler, scheduleEntries } from "../../../../src/schedules/scheduler.js";
import { preloadChartLibraries } from "../../../../src/progress/chart.js";
import { type Server, startServer } from "../../../../src/app/wiring.js";
import { startFakeSlack, type FakeSlack } from "../../../adapters/slack/support.js";
import { FakeConnector } from "../../../adapters/teams/support.js";
import { FakeClock } from "../../../support/core.js";
import { databaseKinds, freshDatabase } from "../../../support/databases.js";

const TEAMS_CHANNEL = "19:demoigturlag1@thread.tacv2";
const SLACK_CHANNELS = ["C0DEMOIG1", "C0DEMOIG2", "C0DEMOOMR1"];
// IG Turlag 3 and 4 have no channel: their status goes privately to Sara Nilsson and Mikael Holm
const PRIVATE = ["sara.nilsson", "mikael.holm"];

interface Instance {
  core: Core;
  server: Server;
  runner: JobRunner;
  ledger: DeliveryLedger;
}

for (const kind of databaseKinds) {
  describe(`weekly status delivery on ${kind}`, () => {
    let db: { url: string; drop(): Promise<void> } | null;
    let slack: FakeSlack;
    const connector = new FakeConnector();
    const clock = new FakeClock(new Date("2026-11-23T06:00:00Z")); // Monday 07:00 in Stockholm, week 48
    const instances: Instance[] = [];

    beforeAll(async () => {
      db = await freshDatabase(kind);
      if (!db) return;
      slack = await startFakeSlack();
      // the service loads the chart libraries right after it starts (service.ts); so do these instances
      await preloadChartLibraries();
      await connector.start();
      // several instances in one process share one SQLite file badly (better-sqlite3 blocks the event
      // loop while waiting for a lock); SQLite deployments run one instance, PostgreSQL several
      for (const name of kind === "postgresql" ? ["a", "b", "c"] : ["a"]) {
        const config = {
          ...loadConfig({
            DATABASE_URL: db.url,
            LOG_LEVEL: "silent",
            LOFTESBOT_INSTANCE: `instance-${name}`,
            // Teams' local mode: the install below comes from this machine with a loopback service URL
            LOFTESBOT_TEAMS_LOCAL: "1",
            SLACK_SIGNING_SECRET: "s3cret",
            SLACK_BOT_TOKEN: "xoxb-test",
            SLACK_API_URL: slack.apiUrl,
          }),
          port: 0,
        };
        const core = await openCore(config, { logger: silentLogger, clock, platforms: "configured" });
        const server = await startServer(core);
        const ledger = new DeliveryLedger(core.db.prisma, config.instanceId);
        instances.push({
          core,
          server,
          ledger,
          runner: new JobRunner({ ctx: core.ctx, ledger, senders: server.senders }),
        });
      }
      // Löftesbot is installed in IG Turlag 1's Teams channel: the reference is stored
      const install = {
        type: "conversationUpdate",
        id: "install-ig1",
        channelId: "msteams",
        serviceUrl: connector.url,
        from: { id: "29:anna", aadObjectId: "00290f12-1a3a-4bee-b515-f5fb060e9290" },
        recipient: { id: "28:loftesbot", name: "Löftesbot" },
        conversation: { id: TEAMS_CHANNEL, conversationType: "channel", isGroup: true, tenantId: "tenant-1" },
        membersAdded: [{ id: "28:loftesbot" }],
        channelData: { tenant: { id: "tenant-1" }, team: { id: TEAMS_CHANNEL }, channel: { id: TEAMS_CHANNEL } },
      };
      const res = await fetch(`http://127.0.0.1:${instances[0].server.port}/api/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(install),
      });
      expect(res.status).toBe(200);
      // some work to report
      clock.set("2026-11-18T10:00:00Z");
      await instances[0].core.bot.handleMessage({
        platform: "console",
        userId: "ali.hassan",
        text: "logga 2h närvaro",
      });
      clock.set("2026-11-23T06:00:00Z");
    });

    afterAll(async () => {
      for (const i of instances) await i.server.stop();
      await connector.stop();
      await slack?.close();
      await db?.drop();
    });

    const postsTo = (channel: string) => slack.callsOf("chat.postMessage").filter((c) => c.args.channel === channel);
    const teamsPosts = () =>
      connector
        .sent()
        .filter((c) => c.conversationId === TEAMS_CHANNEL && JSON.stringify(c.body).includes("Veckostatus"));
    const instance = (n: number) => instances[n % instances.length];

    it("three instances firing the same schedule post exactly one status per channel", async (ctx) => {
      if (!db) return ctx.skip();
      const at = clock.now();
      const outcomes = await Promise.all([0, 1, 2].map((n) => instance(n).runner.run(weeklyStatusJob, at)));
      for (const channel of SLACK_CHANNELS) expect(postsTo(channel), channel).toHaveLength(1);
      expect(teamsPosts()).toHaveLength(1);
      const sent = outcomes.reduce((n, o) => n + o.sent, 0);
      expect(sent).toBe(SLACK_CHANNELS.length + 1 + PRIVATE.length);
      // nobody silently left out: each unbound group's gruppchef gets its status once, with the hint to bind
      const ledger = await instances[0].core.db.prisma.delivery.findMany({
        where: { job: "weekly-status", period: "2026-W48", recipient: { startsWith: "person:" } },
        orderBy: { recipient: "asc" },
      });
      expect(ledger.map((d) => [d.recipient, d.status])).toEqual([
        ["person:mikael.holm:group:ig-4", "sent"],
        ["person:sara.nilsson:group:ig-3", "sent"],
      ]);
      // Teams first (the police's main platform): each gets it privately, with the one line on binding a channel
      const privately = connector
        .sent()
        .map((c) => JSON.stringify(c.body))
        .filter((body) => body.includes("har ingen kopplad kanal, så statusen kommer privat till dig"));
      expect(privately).toHaveLength(2);
      expect(privately.filter((body) => body.includes("/loftesbot koppla ig-3"))).toHaveLength(1);
      expect(privately.filter((body) => body.includes("/loftesbot koppla ig-4"))).toHaveLength(1);
      const ig1 = postsTo("C0DEMOIG1")[0].args;
      expect(String(ig1.text)).toContain("Veckostatus medborgarlöften – IG Turlag 1, v. 48");
      expect(String(ig1.text)).toContain("Förra veckan (v. 47): ert turlag: 2 av 4 h · hela LPO: 2 av 20 h");
      expect(JSON.stringify(ig1.blocks)).toContain("Logga");
      // the chart goes up as an image in the status's thread, once per channel
      const uploads = slack.callsOf("files.completeUploadExternal");
      expect(uploads.map((u) => u.args.channel_id).sort()).toEqual([...SLACK_CHANNELS].sort());
      expect(slack.callsOf("file_upload").every((u) => Number(u.args.bytes) > 1000)).toBe(true);
      // Teams shows it in the card
      expect(JSON.stringify(teamsPosts()[0].body)).toContain("data:image/png;base64,");
      const card = JSON.stringify(teamsPosts()[0].body);
      expect(card).toContain("AdaptiveCard");
      expect(card).toContain("IG Turlag 1");
    });

    it("a repeated run (and `jobs run` on another instance) posts nothing more", async (ctx) => {
      if (!db) return ctx.skip();
      const before = slack.callsOf("chat.postMessage").length + teamsPosts().length;
      const again = await instance(1).runner.run(weeklyStatusJob, clock.now());
      // the job plans every minute: what the ledger holds as sent (channels and private) is left out before
      // anything is claimed or built
      expect(again).toMatchObject({ planned: 0, sent: 0 });
      expect(slack.callsOf("chat.postMessage").length + teamsPosts().length).toBe(before);
      const counts = await instance(2).ledger.summary("weekly-status", "2026-W48");
      expect(counts.sent).toBe(SLACK_CHANNELS.length + 1 + PRIVATE.length);
    });

    it("a 429 with Retry-After, then success, delivers one message", async (ctx) => {
      if (!db) return ctx.skip();
      clock.set("2026-11-30T06:00:00Z"); // week 49
      slack.script("chat.postMessage", {
        status: 429,
        headers: { "retry-after": "1" },
        body: { ok: false, error: "ratelimited" },
      });
      const started = Date.now();
      const outcome = await instances[0].runner.run(weeklyStatusJob, clock.now());
      expect(outcome.failed).toBe(0);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      const week49 = slack.callsOf("chat.postMessage").filter((c) => String(c.args.text).includes("v. 49"));
      // one 429 answered, then each channel got exactly one status
      for (const channel of SLACK_CHANNELS) {
        const delivered = week49.filter((c) => c.args.channel === channel);
        expect(delivered.length, channel).toBeGreaterThanOrEqual(1);
      }
      expect(week49.length).toBe(SLACK_CHANNELS.length + 1);
      expect((await instances[0].ledger.summary("weekly-status", "2026-W49")).sent).toBe(
        SLACK_CHANNELS.length + 1 + PRIVATE.length,
      );
    });

    it("a platform that keeps failing is recorded as failed with the reason and retried on the next run", async (ctx) => {
      if (!db) return ctx.skip();
      clock.set("2026-12-07T06:00:00Z"); // week 50
      connector.failures.push(
        { status: 500 },
        { status: 500 },
        { status: 500 },
        { status: 500 },
        { status: 500 },
        { status: 500 },
      );
      const first = await instances[0].runner.run(weeklyStatusJob, clock.now());
      expect(first.failed).toBe(1);
      const failed = await instances[0].core.db.prisma.delivery.findFirst({
        where: { period: "2026-W50", status: "failed" },
      });
      expect(failed?.recipient).toBe(`teams:channel:${TEAMS_CHANNEL}`);
      expect(failed?.lastError).toBeTruthy();
      connector.failures.length = 0;
      const mark = connector.mark();
      const second = await instance(1).runner.run(weeklyStatusJob, clock.now());
      expect(second).toMatchObject({ planned: 1, sent: 1, failed: 0 });
      expect(connector.sent(mark).filter((p) => JSON.stringify(p.body).includes("v. 50"))).toHaveLength(1);
    });

    it("downtime over the send time: caught up once in the same week, recorded as skipped when the week is over", async (ctx) => {
      if (!db) return ctx.skip();
      const { core, runner, ledger } = instance(2);
      const scheduler = new Scheduler(core.ctx, runner, ledger, [weeklyStatusJob]);
      const entries = scheduleEntries([weeklyStatusJob], await runner.lpos());
      // down over Monday 14 Dec 07:00 (week 51), back on Wednesday: sent now, once
      clock.set("2026-12-16T09:00:00Z");
      await scheduler.catchUp(entries);
      await scheduler.catchUp(entries);
      const week51 = slack.callsOf("chat.postMessage").filter((c) => String(c.args.text).includes("v. 51"));
      expect(week51).toHaveLength(SLACK_CHANNELS.length);
      // down from before Monday 21 Dec (week 52) until Tuesday 29 Dec (week 53): week 52 is over, week 53 not yet due
      clock.set("2026-12-28T05:00:00Z"); // Monday 06:00, before the 07:00 send
      await scheduler.catchUp(entries);
      const skipped = await core.db.prisma.delivery.findMany({ where: { period: "2026-W52" } });
      expect(skipped.length).toBe(SLACK_CHANNELS.length + 1 + PRIVATE.length);
      expect(skipped.every((d) => d.status === "skipped" && /missed/.test(d.lastError ?? ""))).toBe(true);
      expect(slack.callsOf("chat.postMessage").filter((c) => String(c.args.text).includes("v. 52"))).toHaveLength(0);
    });
  });
}
