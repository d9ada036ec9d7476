// Teams' unauthenticated local mode (LOFTESBOT_TEAMS_LOCAL=1) serves this
// machine only: a request from another address, through a proxy, or naming a
// service URL that is not loopback is refused with 403 and leaves nothing
// behind — no entry, no conversation reference, no answer — so that no later
// delivery (weekly status, poll invitation) can be sent to a caller's URL. A
// stored reference keeps only the fields it needs, each within its limit.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Core, loadConfig, openCore } from "../../../src/app/compose.js";
import { type Server, startServer } from "../../../src/app/wiring.js";
import type { Reply } from "../../../src/core/reply.js";
import { FakeConnector, message, nonLoopbackAddress, PEOPLE, personalConversation, post, waitFor } from "./support.js";

const NOW = new Date("2026-11-25T09:00:00Z");
const elsewhere = nonLoopbackAddress();

let core: Core;
let server: Server;
let botUrl: string;
/** where the bot's answers should go: the Agents Playground's connector on this machine */
const connector = new FakeConnector();
/** a caller's own endpoint on an address that is not loopback */
const evil = new FakeConnector();

const weekly: Reply = {
  text: "Veckostatus för IG Turlag 1: 14/20 h på L1.",
  blocks: [{ kind: "heading", text: "Veckostatus v. 48" }],
};

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "loftesbot-teams-local-"));
  const config = {
    ...loadConfig({ DATABASE_URL: `file:${join(dir, "t.db")}`, LOG_LEVEL: "silent", LOFTESBOT_TEAMS_LOCAL: "1" }),
    port: 0,
  };
  core = await openCore(config, { clock: { now: () => new Date(NOW) }, platforms: "configured" });
  server = await startServer(core);
  botUrl = `http://127.0.0.1:${server.port}`;
  await connector.start();
  await evil.start(elsewhere ?? "127.0.0.1");
});

afterAll(async () => {
  await server?.stop();
  await connector.stop();
  await evil.stop();
});

async function stored() {
  const prisma = core.ctx.prisma;
  return {
    entries: await prisma.activityEntry.count(),
    references: await prisma.conversationRef.count(),
    bindings: await prisma.channelBinding.count(),
  };
}

describe("Teams local mode: this machine only", () => {
  it("serves a loopback client with a loopback service URL (the Agents Playground)", async () => {
    const mark = connector.mark();
    const response = await post(botUrl, message({ who: PEOPLE.ali, text: "mina", serviceUrl: connector.url }));
    expect(response.status).toBe(200);
    expect(connector.sent(mark)).toHaveLength(1);
    const ref = await core.ctx.prisma.conversationRef.findFirst({
      where: { conversationId: personalConversation(PEOPLE.ali) },
    });
    expect(ref?.serviceUrl).toBe(connector.url);
  });

  it.skipIf(!elsewhere)(
    "refuses a request from an address that is not loopback: 403, nothing stored or sent",
    async () => {
      const before = await stored();
      const mark = connector.mark();
      const response = await post(
        `http://${elsewhere}:${server.port}`,
        message({ who: PEOPLE.ali, text: "logga 2h närvaro", serviceUrl: connector.url }),
      );
      expect(response.status).toBe(403);
      expect(await stored()).toEqual(before);
      expect(connector.calls.slice(mark)).toEqual([]);
    },
  );

  it("refuses a request through a proxy, for another host name, or from a web page: 403, nothing stored", async () => {
    const before = await stored();
    const mark = connector.mark();
    const activity = JSON.stringify(message({ who: PEOPLE.ali, text: "logga 2h närvaro", serviceUrl: connector.url }));
    for (const headers of [
      { "x-forwarded-for": "203.0.113.7" } as Record<string, string>,
      { forwarded: "for=203.0.113.7" },
      { "x-forwarded-host": "bot.example.se" },
      { origin: "https://evil.example" },
    ]) {
      const response = await post(botUrl, activity, headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
    }
    // a DNS-rebound name that points at this machine: the Host header says what the client asked for
    const rebound = await new Promise<number>((resolve, reject) => {
      import("node:http").then(({ request }) => {
        const req = request(
          {
            host: "127.0.0.1",
            port: server.port,
            path: "/api/messages",
            method: "POST",
            headers: { host: `evil.example:${server.port}`, "content-type": "application/json" },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on("error", reject);
        req.end(activity);
      }, reject);
    });
    expect(rebound).toBe(403);
    expect(await stored()).toEqual(before);
    expect(connector.calls.slice(mark)).toEqual([]);
  });

  it("refuses an activity naming a service URL that is not loopback, and no delivery goes there afterwards", async () => {
    const before = await stored();
    // Anna is gruppchef of IG Turlag 1: `koppla` from a caller would bind her group to the caller's channel
    const attempts = [
      message({ who: PEOPLE.ali, text: "mina", serviceUrl: "https://evil.example/" }),
      message({ who: PEOPLE.ali, text: "logga 2h närvaro", serviceUrl: evil.url }),
      message({ who: PEOPLE.anna, text: "loftesbot koppla ig-1", where: "channel", serviceUrl: evil.url }),
      { ...message({ who: PEOPLE.ali, serviceUrl: evil.url }), type: "installationUpdate", action: "add" },
      { ...message({ who: PEOPLE.ali, text: "mina", serviceUrl: evil.url }), deliveryMode: "expectReplies" },
    ];
    const answers: { status: number; body: string }[] = [];
    for (const activity of attempts) answers.push(await post(botUrl, activity));
    const afterAttempts = await stored();
    expect(server.senders.teams).toBeDefined();
    // the weekly status to a channel without a reference, a poll invitation to a person without a chat
    const channel = await server.senders.teams!.send(
      { kind: "channel", channelId: "19:never-installed@thread.tacv2" },
      weekly,
    );
    const person = await server.senders.teams!.send(
      { kind: "person", userId: PEOPLE.emma.aad, personId: PEOPLE.emma.id },
      weekly,
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(evil.calls.map((c) => `${c.method} ${c.path}`)).toEqual([]);
    // both went to the Playground's loopback connector (known from the first test) instead
    expect([channel.ok, person.ok]).toEqual([true, true]);
    expect(answers.map((a) => a.status)).toEqual(attempts.map(() => 403));
    for (const answer of answers) expect(answer.body).not.toContain("Ali");
    expect(afterAttempts).toEqual(before);
  });
});

describe("what a stored conversation reference keeps", () => {
  it("only the needed fields, each within its limit: a 240 KB `from` object stores a small reference", async () => {
    const junk = "x".repeat(240_000);
    const activity = message({ who: PEOPLE.oskar, text: "mina", serviceUrl: connector.url });
    activity.from = {
      ...(activity.from as object),
      name: `Oskar ${junk.slice(0, 2_000)}`,
      extra: { junk },
      role: "user",
    };
    activity.recipient = { id: "28:loftesbot-test-bot", name: "Löftesbot", padding: junk.slice(0, 5_000) };
    const response = await post(botUrl, activity);
    expect(response.status).toBe(200);
    const row = await waitFor(
      async () =>
        (await core.ctx.prisma.conversationRef.findFirst({
          where: { conversationId: personalConversation(PEOPLE.oskar) },
        })) ?? undefined,
    );
    expect(row.reference.length).toBeLessThan(1_000);
    expect(row.reference).not.toContain("xxxxxxxxxx");
    expect(JSON.parse(row.reference)).toEqual({
      channelId: "msteams",
      serviceUrl: connector.url,
      conversation: {
        id: personalConversation(PEOPLE.oskar),
        isGroup: false,
        conversationType: "personal",
        tenantId: expect.any(String),
      },
      bot: { id: "28:loftesbot-test-bot", name: "Löftesbot" },
      user: { id: `29:${PEOPLE.oskar.aad}`, name: "", aadObjectId: PEOPLE.oskar.aad },
    });
  });

  it("refuses an absurd one: a 100 KB conversation id or tenant id stores nothing", async () => {
    const before = await stored();
    const long = message({
      who: PEOPLE.johan,
      text: "mina",
      serviceUrl: connector.url,
      conversationId: `a:${"y".repeat(100_000)}`,
    });
    expect((await post(botUrl, long)).status).toBe(200);
    const tenant = message({ who: PEOPLE.johan, text: "mina", serviceUrl: connector.url });
    tenant.conversation = { ...(tenant.conversation as object), tenantId: "t".repeat(100_000) };
    tenant.channelData = { tenant: { id: "t".repeat(100_000) } };
    expect((await post(botUrl, tenant)).status).toBe(200);
    expect((await stored()).references).toBe(before.references);
  });
});
