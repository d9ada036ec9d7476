// The service's HTTP surface under hostile requests, black-box against a real
// `loftesbot serve` process (SQLite; the database is read directly): Slack
// signatures and the replay window, request body size limits, malformed JSON
// and form bodies on both endpoints, and ~100 fuzzed requests. Nothing refused
// is stored, nothing answers 5xx, and the process keeps answering /healthz.
import { rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { join } from "node:path";
import Database from "better-sqlite3";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/app/config.js";
import { silentLogger } from "../../src/core/log.js";
import { createHttpServer } from "../../src/http/server.js";
import { sqliteFilePath } from "../../src/storage/database.js";
import {
  type FakeSlack,
  form,
  interaction,
  postSigned,
  slackSignature,
  startFakeSlack,
} from "../adapters/slack/support.js";
import { SECRET, slackEnv, slash } from "../faults/support.js";
import { sqliteTestUrl } from "../support/databases.js";
import { canMount, fillDisk, mountTmpfs, unmount } from "../support/mounts.js";
import { organisationFileForToday, type ServiceProcess, startServiceProcess } from "../support/service.js";

const ALI = "U0DEMO006";
const SLACK = "/slack/events";
const TEAMS = "/api/messages";

let service: ServiceProcess;
let fake: FakeSlack;
const url = sqliteTestUrl("security-http");

/** Row counts of what a request could change, read straight from the database file. */
function snapshot(): Record<string, number> {
  const db = new Database(sqliteFilePath(url), { readonly: true, fileMustExist: true });
  try {
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      entries: count(`SELECT COUNT(*) AS n FROM "activity_entry"`),
      undone: count(`SELECT COUNT(*) AS n FROM "activity_entry" WHERE "undoneAt" IS NOT NULL`),
      requests: count(`SELECT COUNT(*) AS n FROM "processed_request"`),
      audit: count(`SELECT COUNT(*) AS n FROM "audit_event"`),
      bindings: count(`SELECT COUNT(*) AS n FROM "channel_binding"`),
      references: count(`SELECT COUNT(*) AS n FROM "conversation_ref"`),
    };
  } finally {
    db.close();
  }
}

/** A raw POST: any body, any headers; status 0 when the connection fails. */
async function rawPost(
  path: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  try {
    const res = await fetch(`${service.url}${path}`, {
      method: "POST",
      headers,
      body,
      signal: AbortSignal.timeout(20_000),
    });
    return { status: res.status, text: await res.text() };
  } catch (error) {
    return { status: 0, text: String((error as Error).cause ?? error) };
  }
}

/** A POST with a chunked body of `bytes` bytes and no content-length header. */
function chunkedPost(path: string, bytes: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const req = httpRequest(
      `${service.url}${path}`,
      { method: "POST", headers: { ...headers, "transfer-encoding": "chunked" } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", () => resolve(0));
    const chunk = Buffer.alloc(64 * 1024, "a");
    let sent = 0;
    const write = () => {
      while (sent < bytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", write);
      }
      req.end();
    };
    write();
  });
}

async function healthy(): Promise<boolean> {
  const res = await fetch(`${service.url}/healthz`, { signal: AbortSignal.timeout(5_000) }).catch(() => null);
  return res?.status === 200;
}

/** The same request with one character changed after it was signed. */
function tamper(body: string): string {
  const at = body.search(/1h|2h|undo/);
  return `${body.slice(0, at)}9${body.slice(at + 1)}`;
}

function slashBody(text: string, id: string, user = ALI): string {
  return form({
    token: "legacy",
    team_id: "T0DEMO",
    channel_id: "D0SEC",
    channel_name: "directmessage",
    user_id: user,
    user_name: "ali",
    command: "/logga",
    text,
    api_app_id: "A0LOFTES",
    response_url: fake.responseUrl(id),
    trigger_id: `trigger-${id}`,
  });
}

beforeAll(async () => {
  fake = await startFakeSlack();
  service = await startServiceProcess({
    // Teams' local mode (loopback only, as this test is): the Teams cases below need /api/messages
    env: {
      DATABASE_URL: url,
      LOFTESBOT_ORG_FILE: organisationFileForToday(),
      LOFTESBOT_TEAMS_LOCAL: "1",
      ...slackEnv(fake),
    },
  });
});

afterAll(async () => {
  await service?.stop();
  await fake?.close();
});

describe("Slack request signatures and the replay window", () => {
  let batchId = "";

  /**
   * Ali pressing Ångra of the stored line (`batchId`) on message `messageTs` in his DM, as Slack sends it
   * (encoded): trigger id `trigger-<id>`, response_url `<id>` of the fake.
   */
  const undoPress = (messageTs: string, id: string, actionTs: string) =>
    interaction({
      type: "block_actions",
      user: { id: ALI, username: "ali", name: "ali", team_id: "T0DEMO" },
      api_app_id: "A0LOFTES",
      token: "legacy",
      container: { type: "message", message_ts: messageTs, channel_id: "D0SEC", is_ephemeral: true },
      trigger_id: `trigger-${id}`,
      team: { id: "T0DEMO", domain: "norrdal" },
      channel: { id: "D0SEC", name: "directmessage" },
      response_url: fake.responseUrl(id),
      actions: [{ type: "button", action_id: "lb:undo:0", block_id: "b", value: batchId, action_ts: actionTs }],
    });

  it("a correctly signed command is accepted (the control for the refusals below)", async () => {
    const before = snapshot();
    const ok = await slash(service.url, fake, { user: ALI, command: "/logga", text: "1h torget zqkontroll" });
    expect(ok.status).toBe(200);
    expect(ok.ackText.startsWith("✅")).toBe(true);
    expect(snapshot().entries).toBe(before.entries + 1);
    const db = new Database(sqliteFilePath(url), { readonly: true });
    batchId = (
      db.prepare(`SELECT "batchId" FROM "activity_entry" WHERE "note" = 'zqkontroll'`).get() as { batchId: string }
    ).batchId;
    db.close();
  });

  it("refuses forged, stale, future, tampered and unsigned requests with 401, and stores nothing", async () => {
    const now = Math.floor(Date.now() / 1000);
    const command = slashBody("1h torget zqforfalskad", "forged");
    const event = JSON.stringify({
      token: "legacy",
      team_id: "T0DEMO",
      api_app_id: "A0LOFTES",
      type: "event_callback",
      event_id: "Ev0FORGED",
      event_time: now,
      event: {
        type: "message",
        channel_type: "im",
        channel: "D0SEC",
        user: ALI,
        text: "logga 2h torget zqevent",
        ts: `${now}.000200`,
      },
    });
    const click = undoPress("1.2", "click", `${now}`);
    const formType = "application/x-www-form-urlencoded";
    const bodies = [
      { name: "command", body: command, type: formType },
      { name: "event", body: event, type: "application/json" },
      { name: "button", body: click, type: formType },
    ];
    const before = snapshot();
    const callsBefore = fake.calls.length;
    for (const { name, body, type } of bodies) {
      const sign = (ts: number, b = body, secret = SECRET) => slackSignature(secret, ts, b);
      const cases: { what: string; headers: Record<string, string>; body?: string }[] = [
        {
          what: "wrong signature",
          headers: { "x-slack-request-timestamp": `${now}`, "x-slack-signature": `v0=${"0".repeat(64)}` },
        },
        {
          what: "another app's secret",
          headers: { "x-slack-request-timestamp": `${now}`, "x-slack-signature": sign(now, body, "another-secret") },
        },
        { what: "no signature header", headers: { "x-slack-request-timestamp": `${now}` } },
        { what: "no timestamp header", headers: { "x-slack-signature": sign(now) } },
        { what: "no headers at all", headers: {} },
        {
          what: "a timestamp that is not a number",
          headers: { "x-slack-request-timestamp": "soon", "x-slack-signature": sign(now) },
        },
        {
          what: "signature version v1",
          headers: { "x-slack-request-timestamp": `${now}`, "x-slack-signature": sign(now).replace("v0=", "v1=") },
        },
        {
          what: "6 minutes old",
          headers: { "x-slack-request-timestamp": `${now - 360}`, "x-slack-signature": sign(now - 360) },
        },
        {
          what: "a day old",
          headers: { "x-slack-request-timestamp": `${now - 86_400}`, "x-slack-signature": sign(now - 86_400) },
        },
        {
          what: "body tampered after signing",
          headers: { "x-slack-request-timestamp": `${now}`, "x-slack-signature": sign(now) },
          body: tamper(body),
        },
        {
          what: "signed for another timestamp",
          headers: { "x-slack-request-timestamp": `${now}`, "x-slack-signature": sign(now - 1) },
        },
      ];
      for (const c of cases) {
        const result = await rawPost(SLACK, c.body ?? body, { "content-type": type, ...c.headers });
        expect(result.status, `${name}: ${c.what}`).toBe(401);
      }
    }
    // events are handled after their ack: give a wrongly accepted one time to show
    await new Promise((r) => setTimeout(r, 1_500));
    expect(snapshot()).toEqual(before);
    expect(fake.calls.slice(callsBefore)).toEqual([]);
  });

  // KNOWN GAP (reported): Bolt's verifySlackRequest only refuses timestamps more than 5 minutes
  // old; one from the future passes, so a request signed ahead of time (or a service whose clock
  // is behind) widens the replay window. Remove `.fails` once the Slack route checks |now - ts|.
  it("refuses a timestamp more than 5 minutes in the future (CONTRACT: 5-minute window)", async () => {
    const before = snapshot();
    const future = Math.floor(Date.now() / 1000) + 3600;
    const body = slashBody("1h torget zqframtid", "future");
    const result = await postSigned(`${service.url}${SLACK}`, body, "application/x-www-form-urlencoded", {
      secret: SECRET,
      timestamp: future,
    });
    const stored = snapshot().entries - before.entries;
    // keep the database as the other tests expect it, whatever happened
    if (stored > 0) await slash(service.url, fake, { user: ALI, command: "/logga", text: "ångra" });
    expect(result.status, "a request signed an hour ahead").toBe(401);
    expect(stored, "nothing stored from a future-dated request").toBe(0);
  });

  it("an unsigned ssl_check request cannot smuggle a command", async () => {
    const before = snapshot();
    const body = `ssl_check=1&${slashBody("1h torget zqsmuggel", "smuggle")}`;
    const result = await rawPost(SLACK, body, { "content-type": "application/x-www-form-urlencoded" });
    expect(result.status).toBeLessThan(500);
    await new Promise((r) => setTimeout(r, 500));
    expect(snapshot()).toEqual(before);
  });

  // Bolt's receiver does not check signatures (the route does, once): an unsigned ssl_check
  // is answered by the route and never reaches Bolt, which would act on a form's `payload`
  it("an unsigned ssl_check request cannot smuggle a button press (Ångra of a stored line)", async () => {
    const before = snapshot();
    const press = undoPress("1.3", "smuggled-click", "1");
    const callsBefore = fake.calls.length;
    for (const body of [`ssl_check=1&${press}`, `${press}&ssl_check=1`]) {
      const result = await rawPost(SLACK, body, { "content-type": "application/x-www-form-urlencoded" });
      expect(result.status).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 500));
    expect(snapshot()).toEqual(before);
    expect(fake.calls.slice(callsBefore)).toEqual([]);
  });

  it("a replayed request (same body, same signature, within the window) changes nothing", async () => {
    const before = snapshot();
    const ts = Math.floor(Date.now() / 1000);
    const body = slashBody("1h torget zqreplay", "replay");
    const headers = {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": `${ts}`,
      "x-slack-signature": slackSignature(SECRET, ts, body),
    };
    const first = await rawPost(SLACK, body, headers);
    const second = await rawPost(SLACK, body, headers);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(JSON.parse(first.text).text.startsWith("✅")).toBe(true);
    expect(snapshot().entries).toBe(before.entries + 1);
  });

  // Bolt reads a timestamp header with Number(): "Infinity" is never stale, and "+17…", "0x…",
  // "17….0" pass as the number they spell. Signed here as Bolt checks them (over String(Number(ts))),
  // so only the route's own rule refuses them: a timestamp is a plain integer, within 5 minutes.
  it("refuses correctly signed timestamps that are not plain integers (Infinity, 1e20, 1.5, hex, padded)", async () => {
    const now = Math.floor(Date.now() / 1000);
    const odd = ["Infinity", "1e20", "1.5", `${now}.0`, `${now}.5`, `0x${now.toString(16)}`, `0${now}`, `+${now}`];
    const before = snapshot();
    const statuses: Record<string, number> = {};
    for (const [i, ts] of odd.entries()) {
      const body = slashBody(`1h torget zqtid${i}`, `odd-ts-${i}`);
      const result = await rawPost(SLACK, body, {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": ts,
        "x-slack-signature": slackSignature(SECRET, Number(ts), body),
      });
      statuses[ts] = result.status;
    }
    const stored = snapshot().entries - before.entries;
    // keep the database as the other tests expect it, whatever happened
    for (let i = 0; i < stored; i++) await slash(service.url, fake, { user: ALI, command: "/logga", text: "ångra" });
    expect(statuses).toEqual(Object.fromEntries(odd.map((ts) => [ts, 401])));
    expect(stored, "nothing stored from a request with an odd timestamp").toBe(0);
  });
});

describe("unsigned bodies are never parsed", () => {
  // The signature is checked over the raw bytes before anything reads the body as JSON or as a
  // form. The observable: an unsigned body that parses to a non-object (`null`, `payload=null`,
  // `42`) is refused for its missing signature (401), not for its shape (400, which needs parsing).
  // Timing figures (1 MB of [[[…]]]: event-loop cost before/after) are in bench/slackUnsigned.ts.
  it("unsigned or wrongly signed JSON/forms of any shape → 401, whatever they would parse to", async () => {
    const now = Math.floor(Date.now() / 1000);
    const nested = `${"[".repeat(499_000)}${"]".repeat(499_000)}`;
    const cases: [string, string][] = [
      ["null", "application/json"],
      ["42", "application/json"],
      ['"text"', "application/json"],
      ["{", "application/json"],
      [nested, "application/json"],
      ["payload=null", "application/x-www-form-urlencoded"],
      ["payload=42", "application/x-www-form-urlencoded"],
      [`payload=${nested}`, "application/x-www-form-urlencoded"],
    ];
    const before = snapshot();
    for (const [body, type] of cases) {
      const what = `${type} ${JSON.stringify(body.slice(0, 20))}`;
      const unsigned = await rawPost(SLACK, body, { "content-type": type });
      expect(unsigned.status, `unsigned ${what}`).toBe(401);
      const forged = await rawPost(SLACK, body, {
        "content-type": type,
        "x-slack-request-timestamp": `${now}`,
        "x-slack-signature": `v0=${"0".repeat(64)}`,
      });
      expect(forged.status, `wrongly signed ${what}`).toBe(401);
      const stale = await rawPost(SLACK, body, {
        "content-type": type,
        "x-slack-request-timestamp": `${now - 3600}`,
        "x-slack-signature": slackSignature(SECRET, now - 3600, body),
      });
      expect(stale.status, `signed an hour ago ${what}`).toBe(401);
    }
    expect(snapshot()).toEqual(before);
    expect(await healthy()).toBe(true);
  });

  it("the same bodies correctly signed get the answers they got before: 400 for a non-object or non-JSON", async () => {
    for (const [body, type] of [
      ["{", "application/json"],
      ["42", "application/json"],
      ["payload=42", "application/x-www-form-urlencoded"],
    ]) {
      const ts = Math.floor(Date.now() / 1000);
      const result = await rawPost(SLACK, body, {
        "content-type": type,
        "x-slack-request-timestamp": `${ts}`,
        "x-slack-signature": slackSignature(SECRET, ts, body),
      });
      expect(result.status, `${type} ${body}`).toBe(400);
    }
  });
});

describe("request body limits", () => {
  it("Slack: more than 1 MB with a content-length → 413, nothing read or stored", async () => {
    const before = snapshot();
    const big = "a".repeat(1_100_000);
    const result = await rawPost(SLACK, big, { "content-type": "application/x-www-form-urlencoded" });
    expect(result.status).toBe(413);
    const json = await rawPost(SLACK, " ".repeat(5_000_000), { "content-type": "application/json" });
    expect(json.status).toBe(413);
    expect(snapshot()).toEqual(before);
    expect(await healthy()).toBe(true);
  });

  it("Teams: more than 256 KB → 413 (or 400), nothing stored", async () => {
    const before = snapshot();
    const activity = JSON.stringify({
      type: "message",
      id: "big",
      channelId: "msteams",
      serviceUrl: fake.url,
      from: { id: "29:x", aadObjectId: "cad08bec-f72f-4c47-b151-79064388d4eb" },
      conversation: { id: "a:big" },
      recipient: { id: "28:bot" },
      text: `logga 1h torget ${"x".repeat(300_000)}`,
    });
    const result = await rawPost(TEAMS, activity, { "content-type": "application/json" });
    expect(result.status).toBe(413);
    const huge = await rawPost(TEAMS, " ".repeat(1_100_000), { "content-type": "application/json" });
    expect(huge.status).toBe(413);
    expect(snapshot()).toEqual(before);
  });

  it("Teams: a chunked body without content-length is cut off at the limit too", async () => {
    const status = await chunkedPost(TEAMS, 2_000_000, { "content-type": "application/json" });
    expect([0, 400, 413]).toContain(status);
    expect(await healthy()).toBe(true);
  });

  // KNOWN GAP (reported): the 1 MB limit in src/http/server.ts looks at content-length only, and
  // Bolt's HTTPReceiver buffers a chunked body whole (raw-body, no limit) before it checks the
  // signature: an unauthenticated client can make the service hold any amount of memory.
  it("Slack: a chunked body over 1 MB without content-length → 413 (not read to the end)", async () => {
    const status = await chunkedPost(SLACK, 8_000_000, { "content-type": "application/json" });
    expect(await healthy()).toBe(true);
    expect(status, "a chunked 8 MB body to /slack/events").toBe(413);
  });
});

describe("malformed bodies", () => {
  const signedPost = (body: string, type: string) => {
    const ts = Math.floor(Date.now() / 1000);
    return rawPost(SLACK, body, {
      "content-type": type,
      "x-slack-request-timestamp": `${ts}`,
      "x-slack-signature": slackSignature(SECRET, ts, body),
    });
  };

  it("Slack: signed bodies that are not JSON or not a form → 400, nothing stored", async () => {
    const before = snapshot();
    const cases: [string, string][] = [
      ["{", "application/json"],
      ["", "application/json"],
      ['{"type":', "application/json"],
      ["payload={", "application/x-www-form-urlencoded"],
      ["payload=%7B%22type", "application/x-www-form-urlencoded"],
      ["<xml/>", "text/xml"],
      ["command=/logga&text=1h", "text/plain"],
    ];
    for (const [body, type] of cases) {
      const result = await signedPost(body, type);
      expect(result.status, `${type} ${JSON.stringify(body)}`).toBe(400);
    }
    expect(snapshot().entries).toBe(before.entries);
    expect(await healthy()).toBe(true);
  });

  it("Slack: signed JSON and forms that are no Slack request → answered (no crash), nothing stored", async () => {
    const before = snapshot();
    const cases: [string, string][] = [
      ["[]", "application/json"],
      ['"text"', "application/json"],
      ["42", "application/json"],
      ['{"type":"event_callback"}', "application/json"],
      ['{"type":"event_callback","event":null}', "application/json"],
      ['{"type":"event_callback","event":{"type":"message"}}', "application/json"],
      [
        '{"type":"event_callback","event":{"type":"message","channel_type":"im","user":"U0DEMO006","text":42}}',
        "application/json",
      ],
      [
        '{"type":"event_callback","event":{"type":"app_mention","user":{"id":1},"text":null,"channel":"C1"}}',
        "application/json",
      ],
      ['{"type":"url_verification"}', "application/json"],
      ["payload=42", "application/x-www-form-urlencoded"],
      ["payload=%7B%22type%22%3A%22block_actions%22%7D", "application/x-www-form-urlencoded"],
      ['payload={"type":"block_actions","actions":[null]}', "application/x-www-form-urlencoded"],
      [
        'payload={"type":"block_actions","user":null,"actions":[{"type":"button","action_id":"lb:undo:0"}]}',
        "application/x-www-form-urlencoded",
      ],
      ['payload={"type":"view_submission","view":{}}', "application/x-www-form-urlencoded"],
      [
        'payload={"type":"view_submission","user":{"id":"U0DEMO006"},"view":{"callback_id":"loftesbot-form","private_metadata":"{\\"f\\":\\"log\\"}","state":null}}',
        "application/x-www-form-urlencoded",
      ],
      ['payload={"type":"shortcut","callback_id":"x"}', "application/x-www-form-urlencoded"],
      ["command=/logga", "application/x-www-form-urlencoded"],
      ["%%%&&&===", "application/x-www-form-urlencoded"],
      ["\u0000\u0001\u0002", "application/x-www-form-urlencoded"],
    ];
    // Bolt answers some of these 404 (after its 3 s unhandled-request timeout) or 500 (see the
    // report); what matters here: an answer, and the process lives. Sent together to save time.
    const results = await Promise.all(cases.map(([body, type]) => signedPost(body, type)));
    results.forEach((result, i) => {
      expect(result.status, JSON.stringify(cases[i])).toBeGreaterThan(0);
    });
    expect(service.alive()).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    expect(snapshot().entries).toBe(before.entries);
    expect(await healthy()).toBe(true);
  });

  it("Teams: malformed JSON and non-activities → 4xx, never 5xx", async () => {
    const before = snapshot();
    for (const body of ["{", "", "null", "[]", "42", '"message"', "{}", '{"type":42}', "\u0000"]) {
      const result = await rawPost(TEAMS, body, { "content-type": "application/json" });
      expect(result.status, JSON.stringify(body)).toBe(400);
    }
    // activities with parts missing or of the wrong kind: answered without an error, nothing stored
    for (const body of [
      '{"type":"message"}',
      '{"type":"message","text":"logga 1h torget"}',
      '{"type":"message","text":"logga 1h torget","from":{"id":"29:x"},"conversation":{"id":"a:x"}}',
      '{"type":"message","from":null,"conversation":null,"serviceUrl":"http://127.0.0.1:1/"}',
      '{"type":"message","text":42,"from":{"id":"x","aadObjectId":42},"conversation":{"id":"c"},"serviceUrl":"not a url"}',
      '{"type":"message","value":{"action":"undo"},"from":{"id":"x"},"conversation":{"id":"c"},"serviceUrl":"not a url"}',
      '{"type":"conversationUpdate","membersAdded":null}',
    ]) {
      const result = await rawPost(TEAMS, body, { "content-type": "application/json" });
      expect(result.status, JSON.stringify(body)).toBeGreaterThan(0);
      expect(result.status, JSON.stringify(body)).toBeLessThan(500);
    }
    // an invoke nobody can handle: botbuilder's own answer is 501 Not Implemented
    for (const body of [
      '{"type":"invoke","name":"adaptiveCard/action"}',
      '{"type":"invoke","name":"adaptiveCard/action","value":null,"from":{"id":"x"},"conversation":{"id":"c"}}',
    ]) {
      const result = await rawPost(TEAMS, body, { "content-type": "application/json" });
      expect([400, 401, 404, 501], body).toContain(result.status);
    }
    expect(snapshot().entries).toBe(before.entries);
    expect(await healthy()).toBe(true);
  });

  it("unknown paths and methods: 404/405", async () => {
    expect((await rawPost("/nope", "{}", { "content-type": "application/json" })).status).toBe(404);
    expect((await fetch(`${service.url}${SLACK}`)).status).toBe(405);
    expect((await fetch(`${service.url}${TEAMS}`, { method: "PUT", body: "{}" })).status).toBe(405);
  });
});

describe("fuzzed requests over HTTP", () => {
  const words = ["logga", "log", "mina", "lofte", "löfte", "dialog", "uppfoljning", "uppföljning", "loftesbot"];
  const tokens = fc.constantFrom(
    "1h",
    "1,5h",
    "90 min",
    "3st",
    "x3",
    "torget",
    "närvaro",
    "L1",
    "#L2",
    "igår",
    "2026-11-20",
    "med",
    "@anna.berg",
    "<@U0DEMO005>",
    "<@U0NOBODY>",
    "ny",
    "ändra",
    "koppla",
    "ig-1",
    "resultat",
    "norrdal",
    "ångra",
    "hjälp",
    "19811224-1234",
    "ABC123",
    "&lt;",
    "<!channel>",
    "'; DROP TABLE activity_entry; --",
  );
  const text = fc.oneof(
    fc.string({ unit: "binary", maxLength: 300 }),
    fc.string({ unit: "grapheme", maxLength: 100 }),
    fc.array(fc.oneof(tokens, fc.string({ maxLength: 12 })), { maxLength: 12 }).map((parts) => parts.join(" ")),
  );

  it("~100 random slash commands, buttons and Teams messages: no 5xx, nothing stored unless confirmed, still healthy", async () => {
    const before = snapshot();
    let confirmed = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...words),
        text,
        fc.constantFrom("U0DEMO006", "U0DEMO002", "U0DEMO003", "U0DEMO005", "U0NOTREGISTERED"),
        async (word, line, user) => {
          const entries = snapshot().entries;
          const result = await slash(service.url, fake, { user, command: `/${word}`, text: line });
          expect(result.status, result.networkError).toBeGreaterThan(0);
          expect(result.status).toBeLessThan(500);
          // deferred commands answer through response_url; give a wrongly stored entry no chance to hide
          if (snapshot().entries > entries) {
            expect(result.ackText.startsWith("✅"), `stored without a confirmation: /${word} ${line}`).toBe(true);
            confirmed++;
          }
        },
      ),
      { numRuns: 60 },
    );
    await fc.assert(
      fc.asyncProperty(text, text, fc.nat(20), async (id, value, n) => {
        const was = snapshot();
        const payload = interaction({
          type: "block_actions",
          user: { id: "U0DEMO006", username: "ali", name: "ali", team_id: "T0DEMO" },
          api_app_id: "A0LOFTES",
          container: { type: "message", message_ts: "1.1", channel_id: "D0SEC", is_ephemeral: true },
          trigger_id: "trigger-fuzz",
          team: { id: "T0DEMO" },
          channel: { id: "D0SEC" },
          response_url: fake.responseUrl("fuzz-button"),
          actions: [{ type: "button", action_id: `lb:${id}:${n}`, block_id: "b", value, action_ts: "1" }],
        });
        const ts = Math.floor(Date.now() / 1000);
        const result = await rawPost(SLACK, payload, {
          "content-type": "application/x-www-form-urlencoded",
          "x-slack-request-timestamp": `${ts}`,
          "x-slack-signature": slackSignature(SECRET, ts, payload),
        });
        expect(result.status).toBeGreaterThan(0);
        expect(result.status).toBeLessThan(500);
        await new Promise((r) => setTimeout(r, 50));
        const now = snapshot();
        expect([now.entries, now.undone]).toEqual([was.entries, was.undone]);
      }),
      { numRuns: 25 },
    );
    await fc.assert(
      fc.asyncProperty(text, fc.nat(), async (line, n) => {
        const entries = snapshot().entries;
        const result = await rawPost(
          TEAMS,
          JSON.stringify({
            type: "message",
            id: `fuzz-${n}`,
            channelId: "msteams",
            serviceUrl: fake.url,
            deliveryMode: "expectReplies",
            from: { id: "29:ali", name: "Ali Hassan", aadObjectId: "cad08bec-f72f-4c47-b151-79064388d4eb" },
            recipient: { id: "28:bot", name: "Löftesbot" },
            conversation: { id: "a:fuzz", conversationType: "personal", tenantId: "t" },
            channelData: { tenant: { id: "t" } },
            text: line,
          }),
          { "content-type": "application/json" },
        );
        expect(result.status).toBeGreaterThan(0);
        expect(result.status).toBeLessThan(500);
        // expectReplies: the answer is in the response body
        if (snapshot().entries > entries) {
          expect(result.text, `stored without a confirmation: ${line}`).toContain("✅");
          confirmed++;
        }
      }),
      { numRuns: 20 },
    );
    expect(snapshot().entries - before.entries).toBe(confirmed);
    expect(await healthy()).toBe(true);
    expect(service.alive()).toBe(true);
  });
});

describe("a signed body of JSON null", () => {
  // Bolt's HTTPReceiver reads `body.ssl_check` of the parsed body; for a signed body `null`
  // (JSON, a form's `payload=null`, or any body whose type is not exactly a form, which Bolt
  // parses as JSON) that threw inside its async request listener, the rejection went unhandled
  // and Node ended the whole process (Teams and health checks included). adapters/slack's
  // route() now refuses such a body before Bolt sees it, by Bolt's own rule for the body type.
  it("does not take the service down", async () => {
    const own = await startServiceProcess({ env: { DATABASE_URL: sqliteTestUrl("null-body"), ...slackEnv(fake) } });
    try {
      for (const [body, type] of [
        ["null", "application/json"],
        ["payload=null", "application/x-www-form-urlencoded"],
        // Bolt parses every body that is not exactly a form as JSON: these are JSON `null` to it
        ["null", "text/plain"],
        ["null", "application/x-www-form-urlencoded; charset=utf-8"],
      ]) {
        const ts = Math.floor(Date.now() / 1000);
        await fetch(`${own.url}${SLACK}`, {
          method: "POST",
          body,
          headers: {
            "content-type": type,
            "x-slack-request-timestamp": `${ts}`,
            "x-slack-signature": slackSignature(SECRET, ts, body),
          },
        }).catch(() => undefined);
        await new Promise((r) => setTimeout(r, 300));
        expect(own.alive(), `the service died on a signed ${JSON.stringify(body)} (${type})`).toBe(true);
      }
    } finally {
      await own.stop();
    }
  });
});

describe("slow clients are cut off", () => {
  // Node's defaults (60 s for the headers, 300 s for the request, checked every 30 s) let a
  // client hold a connection open by trickling bytes. The service runs here with short limits
  // (LOFTESBOT_HTTP_HEADERS_TIMEOUT_MS, LOFTESBOT_HTTP_REQUEST_TIMEOUT_MS) to see them applied:
  // the server closes with Node's "408 Request Timeout", which only these limits send, before the
  // test gives up at 8 s (our defaults, 10 s and 30 s, would let the connection outlive that).
  let own: ServiceProcess;
  beforeAll(async () => {
    own = await startServiceProcess({
      env: {
        DATABASE_URL: sqliteTestUrl("slow-clients"),
        LOFTESBOT_HTTP_HEADERS_TIMEOUT_MS: "1000",
        LOFTESBOT_HTTP_REQUEST_TIMEOUT_MS: "2000",
        ...slackEnv(fake),
      },
    });
  });
  afterAll(async () => {
    await own?.stop();
  });

  /**
   * Writes `atOnce`, then `text` one piece every `everyMs` on a raw socket; resolves with how long
   * the server kept the connection open (null: still open after `capMs`) and what it sent.
   */
  function trickle(text: string, pieceBytes: number, everyMs: number, capMs = 8_000, atOnce = "") {
    return new Promise<{ openMs: number | null; answer: string }>((resolve) => {
      const socket = connect(own.port, "127.0.0.1");
      if (atOnce) socket.write(atOnce);
      const started = performance.now();
      let answer = "";
      let sent = 0;
      const timer = setInterval(() => {
        if (sent >= text.length || socket.destroyed) return;
        socket.write(text.slice(sent, sent + pieceBytes));
        sent += pieceBytes;
      }, everyMs);
      const done = (openMs: number | null) => {
        clearInterval(timer);
        clearTimeout(cap);
        socket.destroy();
        resolve({ openMs, answer });
      };
      const cap = setTimeout(() => done(null), capMs);
      socket.on("data", (d) => {
        answer += d.toString("latin1");
      });
      socket.on("close", () => done(performance.now() - started));
      socket.on("error", () => undefined);
    });
  }

  it("headers sent a byte at a time are cut off within the header timeout (1 s here)", async () => {
    const head = `POST ${SLACK} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Padding: ${"a".repeat(200)}\r\n\r\n`;
    const result = await trickle(head, 1, 50);
    expect(result.openMs, "the connection was still open after 8 s").not.toBeNull();
    expect(result.answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(await healthyAt(own.url)).toBe(true);
  });

  it("a connection that sends nothing is closed within the header timeout", async () => {
    const result = await trickle("", 1, 1_000);
    expect(result.openMs, "the connection was still open after 8 s").not.toBeNull();
    expect(result.answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
  });

  it("a body sent a few bytes at a time is cut off within the request timeout (2 s here)", async () => {
    const body = JSON.stringify({ type: "event_callback", pad: "a".repeat(500) });
    const request = `POST ${SLACK} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const result = await trickle(body, 4, 50, 8_000, request);
    expect(result.openMs, "the connection was still open after 8 s").not.toBeNull();
    // not the header timeout (1 s): the headers were complete; a lower bound, which no slow machine breaks
    expect(result.openMs).toBeGreaterThan(1_500);
    expect(result.answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(await healthyAt(own.url)).toBe(true);
  });

  it("without configuration: 10 s for the headers, 30 s for the request, keep-alive 65 s (above a proxy's 60 s)", () => {
    const server = createHttpServer({ whyNotReady: async () => null, routes: {}, logger: silentLogger });
    expect([server.headersTimeout, server.requestTimeout, server.keepAliveTimeout]).toEqual([10_000, 30_000, 65_000]);
    const config = parseConfig({});
    expect(config.http).toEqual({ headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 65_000 });
  });
});

async function healthyAt(base: string): Promise<boolean> {
  const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(5_000) }).catch(() => null);
  return res?.status === 200;
}

describe("readiness includes writability", () => {
  // /readyz used to run SELECT 1 only, which answers while every write fails. Real conditions
  // here: another process holding SQLite's write lock (as `loftesbot org import` or a tool
  // does; writes wait 1.5 s, then "försök igen"), and — where this machine lets the test mount
  // a small tmpfs — a full disk. A read-only file system: test/src/storage/readiness.test.ts.
  it("SQLite: /readyz 503 while another process holds the write lock (writes fail then), 200 after", {
    timeout: 120_000,
  }, async () => {
    const dbUrl = sqliteTestUrl("readyz-lock");
    const own = await startServiceProcess({
      env: { DATABASE_URL: dbUrl, LOFTESBOT_ORG_FILE: organisationFileForToday(), ...slackEnv(fake) },
    });
    const other = new Database(sqliteFilePath(dbUrl));
    try {
      expect((await readyz(own.url)).status, "control").toBe(200);
      other.exec("BEGIN IMMEDIATE");
      const write = await slash(own.url, fake, { user: ALI, command: "/logga", text: "1h torget zqlas" });
      expect(write.ackText, "a write while the lock is held").toContain("försök igen");
      const locked = await readyz(own.url);
      expect(locked.status, "/readyz while the lock is held").toBe(503);
      // the lock named, not 'unavailable': so answered within the readiness timeout (READINESS_TIMEOUT_MS)
      expect(JSON.parse(locked.text)).toEqual({ status: "database locked by another process" });
      other.exec("ROLLBACK");
      expect((await readyz(own.url)).status, "after the lock is let go").toBe(200);
    } finally {
      if (other.inTransaction) other.exec("ROLLBACK");
      other.close();
      await own.stop();
    }
  });

  it.skipIf(!canMount())(
    "SQLite: /readyz 503 on a full disk (a 16 MB tmpfs filled up), 200 again after",
    { timeout: 120_000 },
    async () => {
      const dir = mountTmpfs("16m");
      let own: ServiceProcess | undefined;
      try {
        own = await startServiceProcess({ env: { DATABASE_URL: `file:${join(dir, "full.db")}`, ...slackEnv(fake) } });
        expect((await readyz(own.url)).status, "control").toBe(200);
        const junk = join(dir, "junk");
        fillDisk(junk);
        const full = await readyz(own.url);
        expect(full.status, "/readyz with the disk full").toBe(503);
        expect(full.text).toContain("disk full");
        rmSync(junk);
        expect((await readyz(own.url)).status, "after space is freed").toBe(200);
      } finally {
        await own?.stop();
        unmount(dir);
      }
    },
  );
});

async function readyz(base: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(10_000) });
  return { status: res.status, text: await res.text() };
}
