// The chat platform misbehaves while the weekly status goes out: Slack answers
// some channels with 429 (Retry-After), 500, `ok: false` internal errors, and
// answers so slowly that the sender gives up. Deliveries are retried, none is
// duplicated and none lost: after the faulty run and a clean one, each bound
// channel got exactly one status.
//
// The faulty run is in-process (a JobRunner with a SlackSender whose timeout
// and backoff are short enough for a test); the clean runs are the operator's
// `loftesbot jobs run weekly-status --at …` in its own process on the same
// database, so the delivery ledger is what carries the state across.
//
// A slow answer models a Slack that did not take the message: the fake posts
// nothing for a request the sender abandoned before the answer. (If Slack had
// posted it anyway, the retry would post it again: chat.postMessage has no
// idempotency key — see the report.)
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SlackSender } from "../../adapters/slack/slackSender.js";
import { silentLogger } from "../../src/core/log.js";
import { importOrganisationText } from "../../src/organisation/organisationStore.js";
import { DeliveryLedger } from "../../src/schedules/deliveryLedger.js";
import { JobRunner } from "../../src/schedules/jobRunner.js";
import { weeklyStatusJob } from "../../src/features/status/jobs.js";
import { runLoftesbot } from "../support/cli.js";
import { openTestCore, type TestCore } from "../support/core.js";
import { type DatabaseKind, databaseKinds } from "../support/databases.js";
import { BOT_TOKEN, SECRET } from "./support.js";

const AT = "2026-11-23T06:00:00Z"; // Monday 07:00 in Stockholm, week 48
const EXTRA_GROUPS = 10;

type Behaviour =
  | { kind: "429"; retryAfter: number }
  | { kind: "500" }
  | { kind: "platform-error"; error: string }
  | { kind: "slow"; ms: number };

/** A Slack Web API that answers each channel's successive chat.postMessage calls from a script. */
class ScriptedSlack {
  readonly scripts = new Map<string, Behaviour[]>();
  /** messages Slack took: answered 200 ok:true to a client still waiting */
  readonly delivered: { channel: string; text: string }[] = [];
  /** every call, with what happened to it */
  readonly calls: { channel: string; outcome: string }[] = [];
  private server: Server | null = null;
  apiUrl = "";

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", async () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const args = String(req.headers["content-type"]).includes("json")
          ? (JSON.parse(body || "{}") as Record<string, string>)
          : Object.fromEntries(new URLSearchParams(body));
        const method = (req.url ?? "").split("?")[0].replace(/^\/api\//, "");
        const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
          res.writeHead(status, { "content-type": "application/json", ...headers });
          res.end(JSON.stringify(payload));
        };
        if (method !== "chat.postMessage") return answer(200, { ok: true });
        const channel = String(args.channel);
        const behaviour = this.scripts.get(channel)?.shift();
        if (behaviour?.kind === "429") {
          this.calls.push({ channel, outcome: "429" });
          return answer(429, { ok: false, error: "ratelimited" }, { "retry-after": String(behaviour.retryAfter) });
        }
        if (behaviour?.kind === "500") {
          this.calls.push({ channel, outcome: "500" });
          return answer(500, { ok: false, error: "internal_error" });
        }
        if (behaviour?.kind === "platform-error") {
          this.calls.push({ channel, outcome: behaviour.error });
          return answer(200, { ok: false, error: behaviour.error });
        }
        if (behaviour?.kind === "slow") {
          await new Promise((r) => setTimeout(r, behaviour.ms));
          if (res.destroyed || req.socket.destroyed) {
            this.calls.push({ channel, outcome: "abandoned" });
            return;
          }
        }
        this.calls.push({ channel, outcome: behaviour ? "slow-ok" : "ok" });
        this.delivered.push({ channel, text: String(args.text ?? "") });
        answer(200, { ok: true, channel, ts: `1764000000.${String(this.delivered.length).padStart(6, "0")}` });
      });
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    this.apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  }

  deliveredTo(channel: string): number {
    return this.delivered.filter((d) => d.channel === channel).length;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

/** A second LPO with many groups, each bound to a Slack channel. */
function manyChannelsOrganisation(): string {
  const groups = Array.from({ length: EXTRA_GROUPS }, (_, i) => i + 1);
  return [
    "lpo: { id: vasterby, name: LPO Västerby }",
    "kommuner:",
    "  - { id: vasterby, name: Västerby kommun }",
    "groups:",
    ...groups.flatMap((g) => [
      `  - id: vb-${g}`,
      `    name: Västerby grupp ${g}`,
      "    kind: ig",
      `    lead: vb.chef${g}`,
      `    channels: { slack: C0VB${String(g).padStart(4, "0")} }`,
    ]),
    "people:",
    ...groups.flatMap((g) => [
      `  - id: vb.chef${g}`,
      `    name: Chef ${g} Västerby`,
      "    roles: [gruppchef]",
      `    groups: [vb-${g}]`,
    ]),
    "promises:",
    "  - id: vasterby-2026",
    "    kommun: vasterby",
    "    title: Medborgarlöfte Västerby 2026",
    "    from: 2026-01-01",
    "    to: 2026-12-31",
    "    activities:",
    "      - code: L1",
    "        name: Närvaro vid stationen",
    "        aliases: [stationen]",
    "        target: { amount: 10, unit: timmar, per: vecka }",
    "",
  ].join("\n");
}

for (const kind of databaseKinds) {
  describe(`weekly status through a failing Slack on ${kind}`, () => {
    let core: TestCore | null = null;
    let slack: ScriptedSlack;
    let channels: string[] = [];

    beforeAll(async () => {
      core = await openTestCore(kind as DatabaseKind, { now: AT });
      if (!core) return;
      slack = new ScriptedSlack();
      await slack.start();
      const outcome = await importOrganisationText(core.db.prisma, manyChannelsOrganisation(), "2026-11-01");
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
      await core.ctx.organisation.bindChannel("slack", "C0DEMOIG3", "ig-3");
      await core.ctx.organisation.bindChannel("slack", "C0DEMOIG4", "ig-4");
      // Slack only: Teams has its own fault tests (teamsSender.test.ts)
      await core.db.prisma.channelBinding.deleteMany({ where: { platform: "teams" } });
      channels = (await core.db.prisma.channelBinding.findMany({ orderBy: { channelId: "asc" } })).map(
        (b) => b.channelId,
      );
    });

    afterAll(async () => {
      await slack?.stop();
      await core?.drop();
    });

    it("a faulty run delivers what it can, retrying; a clean run the rest; each channel gets one status", async (ctx) => {
      if (!core) return ctx.skip();
      expect(channels.length).toBe(5 + EXTRA_GROUPS);
      const scripts: Behaviour[][] = [
        [{ kind: "429", retryAfter: 1 }],
        [{ kind: "500" }, { kind: "500" }],
        [{ kind: "slow", ms: 2_500 }],
        [{ kind: "500" }, { kind: "429", retryAfter: 1 }, { kind: "slow", ms: 300 }],
        [{ kind: "platform-error", error: "internal_error" }],
        [{ kind: "429", retryAfter: 1 }, { kind: "429", retryAfter: 1 }, { kind: "500" }],
        // these never get through in the first run: 5 attempts, a Retry-After too long to wait for, all too slow
        [{ kind: "500" }, { kind: "500" }, { kind: "500" }, { kind: "500" }, { kind: "500" }],
        [{ kind: "429", retryAfter: 120 }],
        Array.from({ length: 5 }, () => ({ kind: "slow" as const, ms: 2_500 })),
        [],
      ];
      const giveUp = new Set<string>();
      channels.forEach((channel, i) => {
        const script = scripts[i % scripts.length];
        slack.scripts.set(
          channel,
          script.map((b) => ({ ...b })),
        );
        if (i % scripts.length >= 6 && i % scripts.length <= 8) giveUp.add(channel);
      });

      const sender = new SlackSender({
        botToken: BOT_TOKEN,
        apiUrl: slack.apiUrl,
        logger: silentLogger,
        timeoutMs: 1_500,
        backoffMs: 200,
        minIntervalMs: 100,
        maxRetryAfterMs: 5_000,
      });
      const ledger = new DeliveryLedger(core.db.prisma, "fault-instance");
      const runner = new JobRunner({ ctx: core.ctx, ledger, senders: { slack: sender } });
      const first = await runner.run(weeklyStatusJob, new Date(AT));
      expect(first).toMatchObject({ failed: giveUp.size, unsendable: 0 });
      // this week's status to every channel; last week's, never sent on this fresh database, is recorded as skipped
      expect(first.planned - first.skipped).toBe(channels.length);
      expect(first.sent).toBe(channels.length - giveUp.size);
      for (const channel of channels) expect(slack.deliveredTo(channel), channel).toBe(giveUp.has(channel) ? 0 : 1);
      // the faults really happened, and were retried
      const outcomes = slack.calls.map((c) => c.outcome);
      for (const o of ["429", "500", "internal_error", "abandoned", "slow-ok"]) expect(outcomes).toContain(o);
      const failed = await core.db.prisma.delivery.findMany({ where: { job: "weekly-status", status: "failed" } });
      expect(failed.map((d) => d.recipient).sort()).toEqual([...giveUp].map((c) => `slack:channel:${c}`).sort());
      expect(failed.every((d) => d.lastError)).toBe(true);

      // Slack is well again; the operator runs the job from the command line, twice
      for (const script of slack.scripts.values()) script.length = 0;
      const env = {
        DATABASE_URL: core.db.url,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_API_URL: slack.apiUrl,
        LOFTESBOT_SECRET: "fault-test-secret",
      };
      const clean = await runLoftesbot(["jobs", "run", "weekly-status", "--at", AT], { env, timeoutMs: 120_000 });
      expect(clean.code, clean.stderr + clean.stdout).toBe(0);
      // what the ledger holds as sent is left out before planning: only the three that failed are planned again
      expect(clean.stdout).toContain(`planned ${giveUp.size}, sent ${giveUp.size}, already delivered 0, failed 0`);
      const again = await runLoftesbot(["jobs", "run", "weekly-status", "--at", AT], { env, timeoutMs: 120_000 });
      expect(again.code, again.stderr + again.stdout).toBe(0);
      expect(again.stdout).toContain("planned 0, sent 0");

      for (const channel of channels) expect(slack.deliveredTo(channel), channel).toBe(1);
      expect(slack.delivered.every((d) => d.text.includes("v. 48"))).toBe(true);
      expect((await ledger.summary("weekly-status", "2026-W48")).sent).toBe(channels.length);
    });
  });
}
