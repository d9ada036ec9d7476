// With MICROSOFT_APP_ID set, /api/messages demands the Bot Framework's JWT
// (botbuilder's own validation; single-tenant configuration), and even a
// validly signed activity is refused when its service URL is not a Teams or
// Bot Framework host: nothing of it is stored, and no later delivery (weekly
// status, poll invitation) ever goes there. Tokens are signed by a local fake
// of the Bot Framework's keys (the bot is pointed at it in code).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTeamsConnector, type TeamsConnector } from "../../../adapters/teams/teamsApp.js";
import { type Core, loadConfig, openCore } from "../../../src/app/compose.js";
import type { Service } from "../../../src/app/service.js";
import { startServer } from "../../../src/app/wiring.js";
import type { Reply } from "../../../src/core/reply.js";
import { FakeBotFrameworkKeys, FakeConnector, message, PEOPLE, personalConversation, post } from "./support.js";

const APP_ID = "5b5a8a52-2f4a-4a86-9d3c-0c1d2e3f4a5b";
const TENANT_ID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

let core: Core;
let service: Service;
let botUrl: string;
const connector = new FakeConnector();
const keys = new FakeBotFrameworkKeys();
/** the sender a scheduled job uses (weekly status, poll invitations), without waiting between retries */
let teams: TeamsConnector;

beforeAll(async () => {
  await keys.start();
  const dir = mkdtempSync(join(tmpdir(), "loftesbot-teams-auth-"));
  const config = loadConfig({
    DATABASE_URL: `file:${join(dir, "t.db")}`,
    LOG_LEVEL: "silent",
    MICROSOFT_APP_ID: APP_ID,
    MICROSOFT_APP_PASSWORD: "not-a-real-secret",
    MICROSOFT_APP_TYPE: "SingleTenant",
    MICROSOFT_APP_TENANT_ID: TENANT_ID,
  });
  const teamsConfig = { ...config.teams!, openIdMetadataUrl: keys.url };
  core = await openCore({ ...config, teams: teamsConfig, port: 0 }, { platforms: "configured" });
  service = await startServer(core);
  botUrl = `http://127.0.0.1:${service.port}`;
  await connector.start();
  teams = createTeamsConnector({
    config: teamsConfig,
    prisma: core.db.prisma,
    logger: core.logger,
    lang: core.ctx.defaultLang,
    sender: { sleep: async () => undefined },
  });
  // botbuilder prints refused requests to the console; keep the test output quiet
  vi.spyOn(console, "error").mockImplementation(() => undefined);
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
});

afterAll(async () => {
  vi.restoreAllMocks();
  await service?.stop();
  await connector.stop();
  await keys.stop();
});

async function stored() {
  const prisma = core.ctx.prisma;
  return {
    entries: await prisma.activityEntry.count(),
    references: await prisma.conversationRef.count(),
    bindings: await prisma.channelBinding.count(),
  };
}

const weekly: Reply = {
  text: "Veckostatus för IG Turlag 1: 14/20 h på L1.",
  blocks: [{ kind: "heading", text: "Veckostatus v. 48" }],
};
const TEAMS_EMEA = "https://smba.trafficmanager.net/emea/";
const install = (serviceUrl: string): Record<string, unknown> => ({
  ...message({ who: PEOPLE.ali, serviceUrl }),
  type: "installationUpdate",
  action: "add",
});

describe("Teams authentication", () => {
  it("refuses an activity without a Bearer token, stores and sends nothing", async () => {
    const before = await core.ctx.prisma.activityEntry.count();
    const mark = connector.mark();
    const response = await post(
      botUrl,
      message({ who: PEOPLE.ali, text: "logga 2h närvaro", serviceUrl: connector.url }),
    );
    expect(response.status).toBe(401);
    expect(await core.ctx.prisma.activityEntry.count()).toBe(before);
    expect(connector.calls.slice(mark)).toHaveLength(0);
  });

  it("refuses a token that is not the Bot Framework's", async () => {
    // header.payload.signature of a token signed by nobody the Bot Framework trusts
    const forged = [
      Buffer.from(JSON.stringify({ alg: "RS256", typ: "JWT", kid: "nope" })).toString("base64url"),
      Buffer.from(
        JSON.stringify({ iss: "https://evil.example", aud: APP_ID, exp: Math.floor(Date.now() / 1000) + 600 }),
      ).toString("base64url"),
      "c2lnbmF0dXJl",
    ].join(".");
    const response = await post(
      botUrl,
      message({ who: PEOPLE.ali, text: "logga 2h närvaro", serviceUrl: connector.url }),
      { authorization: `Bearer ${forged}` },
    );
    expect(response.status).toBe(401);
    expect(connector.calls).toHaveLength(0);
  });

  it("keeps the health endpoints open", async () => {
    expect((await fetch(`${botUrl}/healthz`)).status).toBe(200);
  });
});

describe("Teams authentication: where the bot may write back", () => {
  it("refuses a validly signed activity whose service URL is not a Teams host: 403, nothing stored, nothing sent there later", async () => {
    const before = await stored();
    for (const serviceUrl of [
      "https://evil.example/",
      connector.url,
      "https://smba.trafficmanager.net.evil.example/",
    ]) {
      const authorization = keys.authorization(APP_ID, serviceUrl);
      for (const activity of [
        message({ who: PEOPLE.ali, text: "logga 2h närvaro", serviceUrl }),
        message({ who: PEOPLE.anna, text: "loftesbot koppla ig-1", where: "channel", serviceUrl }),
        install(serviceUrl),
      ]) {
        const response = await post(botUrl, activity, { authorization });
        expect(response.status, `${activity.type} ${activity.text ?? ""} naming ${serviceUrl}`).toBe(403);
      }
    }
    expect(await stored()).toEqual(before);
    expect(await teams.refs.latestEndpoint()).toBeNull();
    // a weekly status to a channel and a poll invitation to a person afterwards: no URL to use, none tried
    const channel = await teams.sender.send({ kind: "channel", channelId: "19:ig1@thread.tacv2" }, weekly);
    const person = await teams.sender.send(
      { kind: "person", userId: PEOPLE.emma.aad, personId: PEOPLE.emma.id },
      weekly,
    );
    expect(channel).toMatchObject({ ok: false, error: expect.stringMatching(/no Teams conversation reference/) });
    expect(person).toMatchObject({ ok: false, error: expect.stringMatching(/no Teams service URL known yet/) });
    expect(connector.calls).toEqual([]);
  });

  it("refuses a token whose serviceurl claim is not the activity's (botbuilder's check): 401", async () => {
    const before = await stored();
    const response = await post(botUrl, install("https://evil.example/"), {
      authorization: keys.authorization(APP_ID, TEAMS_EMEA),
    });
    expect(response.status).toBe(401);
    expect(await stored()).toEqual(before);
  });

  it("never reads back a reference stored earlier with a foreign service URL", async () => {
    const prisma = core.ctx.prisma;
    const poisoned = (conversationId: string, kind: string, personId: string | null) =>
      prisma.conversationRef.create({
        data: {
          platform: "teams",
          conversationId,
          kind,
          tenantId: TENANT_ID,
          serviceUrl: connector.url,
          personId,
          reference: JSON.stringify({
            channelId: "msteams",
            serviceUrl: connector.url,
            conversation: { id: conversationId, tenantId: TENANT_ID, conversationType: kind },
            user: { id: `29:${PEOPLE.emma.aad}`, aadObjectId: PEOPLE.emma.aad },
          }),
        },
      });
    await poisoned("a:poisoned-emma", "personal", PEOPLE.emma.id);
    await poisoned("19:poisoned@thread.tacv2", "channel", null);
    expect(await teams.refs.personal(PEOPLE.emma.id, PEOPLE.emma.aad)).toBeNull();
    expect(await teams.refs.byConversation("19:poisoned@thread.tacv2")).toBeNull();
    expect(await teams.refs.latestEndpoint()).toBeNull();
    const person = await teams.sender.send(
      { kind: "person", userId: PEOPLE.emma.aad, personId: PEOPLE.emma.id },
      weekly,
    );
    const channel = await teams.sender.send({ kind: "channel", channelId: "19:poisoned@thread.tacv2" }, weekly);
    expect(person).toMatchObject({ ok: false, error: expect.stringMatching(/no Teams service URL known yet/) });
    expect(channel).toMatchObject({ ok: false, error: expect.stringMatching(/no Teams conversation reference/) });
    expect(connector.calls).toEqual([]);
    await prisma.conversationRef.deleteMany({ where: { conversationId: { contains: "poisoned" } } });
  });

  it("accepts a validly signed activity from Teams' own host and stores its reference (the control)", async () => {
    const response = await post(botUrl, install(TEAMS_EMEA), { authorization: keys.authorization(APP_ID, TEAMS_EMEA) });
    expect(response.status).toBe(200);
    const row = await core.ctx.prisma.conversationRef.findFirst({
      where: { conversationId: personalConversation(PEOPLE.ali) },
    });
    expect(row?.serviceUrl).toBe(TEAMS_EMEA);
    expect(await teams.refs.latestEndpoint()).toMatchObject({ serviceUrl: TEAMS_EMEA });
  });
});
