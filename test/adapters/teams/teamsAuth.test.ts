// With MICROSOFT_APP_ID set, /api/messages demands the Bot Framework's JWT
// (botbuilder's own validation; single-tenant configuration).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Core, loadConfig, openCore } from "../../../src/app/compose.js";
import type { Service } from "../../../src/app/service.js";
import { startServer } from "../../../src/app/wiring.js";
import { FakeConnector, message, PEOPLE, post } from "./support.js";

const APP_ID = "5b5a8a52-2f4a-4a86-9d3c-0c1d2e3f4a5b";
const TENANT_ID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

let core: Core;
let service: Service;
let botUrl: string;
const connector = new FakeConnector();

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "loftesbot-teams-auth-"));
  const config = loadConfig({
    DATABASE_URL: `file:${join(dir, "t.db")}`,
    LOG_LEVEL: "silent",
    MICROSOFT_APP_ID: APP_ID,
    MICROSOFT_APP_PASSWORD: "not-a-real-secret",
    MICROSOFT_APP_TYPE: "SingleTenant",
    MICROSOFT_APP_TENANT_ID: TENANT_ID,
  });
  core = await openCore({ ...config, port: 0 }, { platforms: "configured" });
  service = await startServer(core);
  botUrl = `http://127.0.0.1:${service.port}`;
  await connector.start();
  // botbuilder prints refused requests to the console; keep the test output quiet
  vi.spyOn(console, "error").mockImplementation(() => undefined);
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
});

afterAll(async () => {
  vi.restoreAllMocks();
  await service?.stop();
  await connector.stop();
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
