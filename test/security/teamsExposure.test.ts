// Teams is off unless it is configured: black-box against real `loftesbot
// serve` processes. With only Slack configured, POST /api/messages does not
// exist (404) — no Teams id can log work, read /mina or bind a channel — and
// start-up says so at info level (off is the safe default, nothing for the
// operator to act on; a quiet start has no warn line). The unauthenticated local mode must be
// asked for (LOFTESBOT_TEAMS_LOCAL=1), says so at warn level, and serves no
// one but this machine.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqliteFilePath } from "../../src/storage/database.js";
import { type FakeSlack, startFakeSlack } from "../adapters/slack/support.js";
import { FakeConnector, message, nonLoopbackAddress, PEOPLE, post } from "../adapters/teams/support.js";
import { slackEnv } from "../faults/support.js";
import { sqliteTestUrl } from "../support/databases.js";
import { organisationFileForToday, type ServiceProcess, startServiceProcess } from "../support/service.js";

const elsewhere = nonLoopbackAddress();
let fake: FakeSlack;
const connector = new FakeConnector();

function counts(url: string): Record<string, number> {
  const db = new Database(sqliteFilePath(url), { readonly: true, fileMustExist: true });
  try {
    const n = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;
    return {
      entries: n("activity_entry"),
      references: n("conversation_ref"),
      requests: n("processed_request"),
      bindings: n("channel_binding"),
    };
  } finally {
    db.close();
  }
}

/** The start-up line about Teams (event teams.mode), with its level. */
function teamsModeLine(output: string): { level: number; mode: string; msg: string } | undefined {
  for (const line of output.split("\n")) {
    if (!line.includes('"teams.mode"')) continue;
    try {
      return JSON.parse(line) as { level: number; mode: string; msg: string };
    } catch {
      // not a JSON line
    }
  }
  return undefined;
}

/** What an attacker who knows a few Entra object ids sends: work logged, /mina read, a channel bound. */
function attacks(serviceUrl: string): Record<string, unknown>[] {
  return [
    message({ who: PEOPLE.ali, text: "logga 2h torget", serviceUrl }),
    { ...message({ who: PEOPLE.ali, text: "mina", serviceUrl }), deliveryMode: "expectReplies" },
    message({ who: PEOPLE.anna, text: "loftesbot koppla ig-1", where: "channel", serviceUrl }),
    {
      ...message({ who: PEOPLE.anna, where: "channel", serviceUrl }),
      type: "conversationUpdate",
      membersAdded: [{ id: "28:loftesbot-test-bot" }],
    },
  ];
}

beforeAll(async () => {
  fake = await startFakeSlack();
  await connector.start();
});

afterAll(async () => {
  await fake?.close();
  await connector.stop();
});

describe("only Slack configured: Teams is off", () => {
  const url = sqliteTestUrl("teams-off");
  let service: ServiceProcess;
  beforeAll(async () => {
    service = await startServiceProcess({
      // info: Teams off is said at info level (a choice, nothing to act on)
      env: { DATABASE_URL: url, LOFTESBOT_ORG_FILE: organisationFileForToday(), ...slackEnv(fake), LOG_LEVEL: "info" },
    });
  });
  afterAll(async () => {
    await service?.stop();
  });

  it("has no /api/messages: 404 for every activity, nothing stored, nothing sent", async () => {
    const before = counts(url);
    for (const activity of attacks(connector.url)) {
      const response = await post(service.url, activity);
      expect(response.status, String(activity.text ?? activity.type)).toBe(404);
      expect(response.body).not.toContain("Ali");
    }
    expect(counts(url)).toEqual(before);
    expect(connector.calls).toEqual([]);
  });

  it("says at start-up, at info level, that Teams is off", () => {
    const line = teamsModeLine(service.output());
    expect(line, service.output()).toMatchObject({ level: 30, mode: "off" });
    expect(line?.msg).toMatch(/Teams is off/);
  });
});

describe("LOFTESBOT_TEAMS_LOCAL=1: unauthenticated, this machine only", () => {
  const url = sqliteTestUrl("teams-local");
  let service: ServiceProcess;
  beforeAll(async () => {
    service = await startServiceProcess({
      env: { DATABASE_URL: url, LOFTESBOT_ORG_FILE: organisationFileForToday(), LOFTESBOT_TEAMS_LOCAL: "1" },
    });
  });
  afterAll(async () => {
    await service?.stop();
  });

  it("says at start-up, at warn level, that Teams is in local mode without authentication", () => {
    const line = teamsModeLine(service.output());
    expect(line, service.output()).toMatchObject({ level: 40, mode: "local" });
    expect(line?.msg).toMatch(/NOT authenticated/);
    expect(line?.msg).toMatch(/loopback/);
  });

  it.skipIf(!elsewhere)("refuses every request from an address that is not loopback: 403, nothing stored", async () => {
    const before = counts(url);
    for (const activity of attacks(connector.url)) {
      const response = await post(`http://${elsewhere}:${service.port}`, activity);
      expect(response.status, String(activity.text ?? activity.type)).toBe(403);
      expect(response.body).not.toContain("Ali");
    }
    expect(counts(url)).toEqual(before);
    expect(connector.calls).toEqual([]);
  });

  it("refuses a loopback request naming a service URL elsewhere: 403, nothing stored", async () => {
    const before = counts(url);
    for (const activity of attacks(`http://${elsewhere ?? "203.0.113.9"}:9/`)) {
      const response = await post(service.url, activity);
      expect(response.status, String(activity.text ?? activity.type)).toBe(403);
    }
    expect(counts(url)).toEqual(before);
  });

  it("serves this machine (the control): a loopback request with a loopback service URL is answered", async () => {
    const mark = connector.mark();
    const response = await post(service.url, message({ who: PEOPLE.ali, text: "mina", serviceUrl: connector.url }));
    expect(response.status).toBe(200);
    expect(connector.sent(mark).length).toBeGreaterThan(0);
  });
});
