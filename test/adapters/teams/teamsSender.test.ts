// The Teams sender: proactive posts to a bound channel and to a person's 1:1
// chat through a fake connector, retries with Retry-After, and the rate limits.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTeamsConnector, type TeamsConnector } from "../../../adapters/teams/teamsApp.js";
import { backoffDelay, retryAfterMs, SlidingWindows, TeamsRateLimiter } from "../../../adapters/teams/rateLimit.js";
import { type Core, loadConfig, openCore } from "../../../src/app/compose.js";
import type { Reply } from "../../../src/core/reply.js";
import type { Service } from "../../../src/app/service.js";
import { startServer } from "../../../src/app/wiring.js";
import {
  BOT_ID,
  CHANNEL_ID,
  cardOf,
  cardText,
  checkSentActivity,
  FakeConnector,
  message,
  PEOPLE,
  post,
  TEAM_ID,
  TENANT,
} from "./support.js";

let core: Core;
let service: Service;
let botUrl: string;
let teams: TeamsConnector;
const connector = new FakeConnector();
const sleeps: number[] = [];

const weekly: Reply = {
  text: "Veckostatus för IG Turlag 1: 14/20 h på L1.",
  blocks: [
    { kind: "heading", text: "Veckostatus v. 48" },
    { kind: "progress", label: "L1", done: 14, target: 20, text: "IG Turlag 1: 14/20 h på L1 denna vecka." },
  ],
};

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "loftesbot-teams-sender-"));
  const config = {
    ...loadConfig({ DATABASE_URL: `file:${join(dir, "t.db")}`, LOG_LEVEL: "silent", LOFTESBOT_TEAMS_LOCAL: "1" }),
    port: 0,
  };
  core = await openCore(config, { platforms: "configured" });
  service = await startServer(core);
  botUrl = `http://127.0.0.1:${service.port}`;
  await connector.start();
  // the sender a scheduled job would use, with a recording sleep (Retry-After is honoured, not waited out)
  teams = createTeamsConnector({
    config: core.config.teams!,
    prisma: core.db.prisma,
    logger: core.logger,
    lang: core.ctx.defaultLang,
    sender: {
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    },
  });
});

afterAll(async () => {
  for (const call of connector.sent()) checkSentActivity(call.body);
  await service?.stop();
  await connector.stop();
});

async function installInTeam(): Promise<void> {
  const update = {
    type: "conversationUpdate",
    id: "install-team",
    channelId: "msteams",
    serviceUrl: connector.url,
    from: { id: `29:${PEOPLE.anna.aad}`, aadObjectId: PEOPLE.anna.aad },
    recipient: { id: BOT_ID, name: "Löftesbot" },
    conversation: { id: CHANNEL_ID, conversationType: "channel", isGroup: true, tenantId: TENANT },
    membersAdded: [{ id: BOT_ID }],
    channelData: { tenant: { id: TENANT }, team: { id: TEAM_ID }, channel: { id: CHANNEL_ID } },
  };
  expect((await post(botUrl, update)).status).toBe(200);
}

describe("TeamsSender", () => {
  it("posts to a bound channel as a new post, with the stored reference", async () => {
    await installInTeam();
    await post(
      botUrl,
      message({
        who: PEOPLE.anna,
        text: "<at>Löftesbot</at> loftesbot koppla ig-1",
        where: "channel",
        entities: [{ type: "mention", text: "<at>Löftesbot</at>", mentioned: { id: BOT_ID, name: "Löftesbot" } }],
        serviceUrl: connector.url,
      }),
    );
    const binding = await core.ctx.prisma.channelBinding.findFirst({ where: { platform: "teams", groupId: "ig-1" } });
    expect(binding?.channelId).toBe(CHANNEL_ID);

    const mark = connector.mark();
    const result = await teams.sender.send({ kind: "channel", channelId: binding!.channelId }, weekly);
    expect(result).toMatchObject({ ok: true });
    const sent = connector.sent(mark);
    expect(sent).toHaveLength(1);
    expect(sent[0].method).toBe("POST");
    // posted to the channel itself (a new post), not as a reply in a thread
    expect(sent[0].path).toMatch(/^\/v3\/conversations\/[^/]+\/activities$/);
    expect(sent[0].conversationId).toBe(CHANNEL_ID);
    expect(cardText(cardOf(sent[0].body))).toContain("14/20 h på L1");
    expect(sent[0].body.summary).toBe(weekly.text);
  });

  it("opens a 1:1 chat with a person once, stores it, and uses it next time", async () => {
    const mark = connector.mark();
    const recipient = { kind: "person" as const, userId: PEOPLE.emma.aad, personId: PEOPLE.emma.id };
    const first = await teams.sender.send(recipient, weekly);
    expect(first).toMatchObject({ ok: true });
    const created = connector.calls.slice(mark).filter((c) => c.method === "POST" && c.path === "/v3/conversations");
    expect(created).toHaveLength(1);
    expect(created[0].body).toMatchObject({
      isGroup: false,
      members: [{ id: PEOPLE.emma.aad }],
      tenantId: TENANT,
      channelData: { tenant: { id: TENANT } },
    });
    const posted = connector.sent(mark);
    expect(posted).toHaveLength(1);
    expect(posted[0].conversationId).toMatch(/^a:fake-chat-/);
    const ref = await core.ctx.prisma.conversationRef.findFirst({
      where: { platform: "teams", kind: "personal", personId: PEOPLE.emma.id },
    });
    expect(ref?.conversationId).toBe(posted[0].conversationId);

    const again = connector.mark();
    expect(await teams.sender.send(recipient, weekly)).toMatchObject({ ok: true });
    expect(connector.calls.slice(again).filter((c) => c.path === "/v3/conversations")).toHaveLength(0);
    expect(connector.sent(again)[0].conversationId).toBe(posted[0].conversationId);
  });

  it("uses the person's own chat with the bot when there is one", async () => {
    await post(botUrl, message({ who: PEOPLE.ali, text: "mina", serviceUrl: connector.url }));
    const mark = connector.mark();
    const result = await teams.sender.send({ kind: "person", userId: PEOPLE.ali.aad, personId: PEOPLE.ali.id }, weekly);
    expect(result).toMatchObject({ ok: true });
    expect(connector.calls.slice(mark).filter((c) => c.path === "/v3/conversations")).toHaveLength(0);
    const sent = connector.sent(mark);
    expect(sent).toHaveLength(1);
    expect(sent[0].conversationId).toBe(`a:personal-${PEOPLE.ali.aad}`);
    expect(sent[0].path).toMatch(/\/activities$/);
  });

  it("retries a 429 after its Retry-After and then delivers once", async () => {
    sleeps.length = 0;
    connector.failures.push({ status: 429, headers: { "retry-after": "2" }, match: /^POST .*\/activities$/ });
    const mark = connector.mark();
    const result = await teams.sender.send({ kind: "channel", channelId: CHANNEL_ID }, weekly);
    expect(result).toMatchObject({ ok: true });
    const attempts = connector.calls.slice(mark).filter((c) => /\/activities$/.test(c.path));
    expect(attempts).toHaveLength(2);
    // the 429 was answered once; the retry waited at least the 2 s asked for
    expect(sleeps.some((ms) => ms >= 2_000)).toBe(true);
    expect(connector.sent(mark).filter((c) => c.method === "POST")).toHaveLength(2);
  });

  it("retries 412, 502 and 504 with backoff, and a 412 on opening a chat", async () => {
    sleeps.length = 0;
    connector.failures.push(
      { status: 412, match: /^POST .*\/activities$/ },
      { status: 502, match: /^POST .*\/activities$/ },
      { status: 504, match: /^POST .*\/activities$/ },
    );
    const mark = connector.mark();
    expect(await teams.sender.send({ kind: "channel", channelId: CHANNEL_ID }, weekly)).toMatchObject({ ok: true });
    expect(connector.calls.slice(mark).filter((c) => /\/activities$/.test(c.path))).toHaveLength(4);
    expect(sleeps.filter((ms) => ms >= 500)).toHaveLength(3);

    connector.failures.push({ status: 412, match: /^POST \/v3\/conversations$/ });
    const recipient = { kind: "person" as const, userId: PEOPLE.sofia.aad, personId: PEOPLE.sofia.id };
    expect(await teams.sender.send(recipient, weekly)).toMatchObject({ ok: true });
  });

  it("gives up on a refusal without retrying, and says whether a later run may succeed", async () => {
    connector.failures.push({ status: 403, match: /^POST .*\/activities$/ });
    const mark = connector.mark();
    const refused = await teams.sender.send({ kind: "channel", channelId: CHANNEL_ID }, weekly);
    expect(refused).toMatchObject({ ok: false, retryable: false });
    expect(connector.calls.slice(mark)).toHaveLength(1);

    for (let i = 0; i < 5; i++) connector.failures.push({ status: 503, match: /^POST .*\/activities$/ });
    const busy = await teams.sender.send({ kind: "channel", channelId: CHANNEL_ID }, weekly);
    expect(busy).toMatchObject({ ok: false, retryable: true });

    const unknown = await teams.sender.send({ kind: "channel", channelId: "19:never-installed@thread.tacv2" }, weekly);
    // no reference for that channel: the tenant's service URL is tried
    expect(unknown).toMatchObject({ ok: true });
  });

  it("sends a long reply as several messages, each under the limit", async () => {
    const long: Reply = {
      text: "Lång lista",
      blocks: Array.from({ length: 400 }, (_, i) => ({
        kind: "fields" as const,
        fields: [{ label: `Rad ${i + 1}`, value: "x".repeat(200) }],
      })),
    };
    const mark = connector.mark();
    expect(await teams.sender.send({ kind: "channel", channelId: CHANNEL_ID }, long)).toMatchObject({ ok: true });
    const sent = connector.sent(mark);
    expect(sent.length).toBeGreaterThan(2);
    for (const s of sent) checkSentActivity(s.body);
    const all = sent.map((s) => cardText(cardOf(s.body))).join("\n");
    expect(all).toContain("Rad 1\n");
    expect(all).toContain("Rad 400\n");
  });
});

describe("Teams rate limits", () => {
  it("keeps one conversation within 7 per second, 8 per 2 s and 60 per 30 s", () => {
    const now = 1_000_000;
    const limiter = new TeamsRateLimiter(() => now);
    const times = Array.from({ length: 120 }, () => now + limiter.reserve("tenant", "conv-a"));
    const within = (from: number, ms: number) => times.filter((t) => t >= from && t < from + ms).length;
    for (const t of times) {
      expect(within(t, 1_000)).toBeLessThanOrEqual(7);
      expect(within(t, 2_000)).toBeLessThanOrEqual(8);
      expect(within(t, 30_000)).toBeLessThanOrEqual(60);
    }
    // 120 messages need at least two 30-second windows
    expect(times[times.length - 1] - now).toBeGreaterThanOrEqual(30_000);
    // the first seven go at once
    expect(times.slice(0, 7).every((t) => t === now)).toBe(true);
  });

  it("does not make other conversations wait, but keeps the tenant within 50 per second", () => {
    const now = 5_000_000;
    const limiter = new TeamsRateLimiter(() => now);
    for (let i = 0; i < 7; i++) limiter.reserve("tenant", "busy");
    expect(limiter.reserve("tenant", "busy")).toBeGreaterThan(0);
    expect(limiter.reserve("tenant", "quiet")).toBe(0);

    const fan = new TeamsRateLimiter(() => now);
    const waits = Array.from({ length: 120 }, (_, i) => fan.reserve("tenant", `conv-${i}`));
    expect(waits.filter((w) => w === 0)).toHaveLength(50);
    expect(waits.filter((w) => w < 1_000)).toHaveLength(50);
    expect(waits.filter((w) => w >= 1_000 && w < 2_000)).toHaveLength(50);
    // another tenant is not held up
    expect(fan.reserve("other-tenant", "conv-x")).toBe(0);
  });

  it("computes slots, backoff and Retry-After", () => {
    const windows = new SlidingWindows([{ limit: 2, ms: 100 }]);
    windows.reserve("k", 0);
    windows.reserve("k", 10);
    expect(windows.earliest("k", 20)).toBe(100);
    expect(backoffDelay(0, { baseMs: 1000, maxMs: 8000, random: () => 1 })).toBe(1000);
    expect(backoffDelay(3, { baseMs: 1000, maxMs: 8000, random: () => 0 })).toBe(4000);
    expect(backoffDelay(10, { baseMs: 1000, maxMs: 8000, random: () => 1 })).toBe(8000);
    expect(retryAfterMs("3")).toBe(3000);
    expect(retryAfterMs(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThan(3000);
    expect(retryAfterMs("soon")).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
});
