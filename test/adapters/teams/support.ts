// Test support for the Teams adapter: a local fake Bot Framework connector
// that records what the bot sends, a local fake of the Bot Framework's
// signing keys (OpenID metadata and JWKS) with tokens signed by them,
// Teams-shaped activities, the real service in-process in local mode, and the
// checks every card must pass (the official adaptivecards parser, the size limit).
import { generateKeyPairSync, type KeyObject, randomUUID, sign } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as AC from "adaptivecards";
import { afterAll, beforeAll, expect } from "vitest";
import { FIELD_PREFIX, MAX_MESSAGE_BYTES } from "../../../adapters/teams/renderCard.js";
import { type Core, loadConfig, openCore } from "../../../src/app/compose.js";
import type { Service } from "../../../src/app/service.js";
import { startServer } from "../../../src/app/wiring.js";
import { silentLogger } from "../../../src/core/log.js";

export const TENANT = "72f988bf-0000-4000-8000-000000000001";
export const BOT_ID = "28:loftesbot-test-bot";
export const BOT_NAME = "Löftesbot";

export const PEOPLE = {
  anna: { aad: "00290f12-1a3a-4bee-b515-f5fb060e9290", name: "Anna Berg", id: "anna.berg" },
  ali: { aad: "cad08bec-f72f-4c47-b151-79064388d4eb", name: "Ali Hassan", id: "ali.hassan" },
  emma: { aad: "0256b88b-8bf3-4aeb-b94e-ba887b470af1", name: "Emma Lund", id: "emma.lund" },
  oskar: { aad: "50c9b05b-e613-4789-90d2-7379eadaf943", name: "Oskar Nyberg", id: "oskar.nyberg" },
  sofia: { aad: "3cdca634-3ae4-4b70-ad7d-b5ab914c2672", name: "Sofia Karlsson", id: "sofia.karlsson" },
  johan: { aad: "71356533-5bec-4e23-8392-680f85f4ff0f", name: "Johan Lindqvist", id: "johan.lindqvist" },
  erik: { aad: "9d956d44-6475-45ef-a2f5-6770832f8dd1", name: "Erik Johansson", id: "erik.johansson" },
  stranger: { aad: "99999999-9999-4999-8999-999999999999", name: "Okänd Person", id: "" },
};
export type Who = (typeof PEOPLE)[keyof typeof PEOPLE];

export interface Recorded {
  method: string;
  path: string;
  /** decoded conversation id, when the path has one */
  conversationId?: string;
  activityId?: string;
  body: Record<string, unknown>;
  headers: IncomingMessage["headers"];
}

interface Failure {
  status: number;
  headers?: Record<string, string>;
  /** only requests whose method and path match */
  match?: RegExp;
  /** let this many matching requests through first */
  after?: number;
}

/** A local Bot Framework connector: /v3/conversations… answered and recorded. */
export class FakeConnector {
  readonly calls: Recorded[] = [];
  readonly failures: Failure[] = [];
  /** answers to GET …/members/{id} */
  readonly members = new Map<string, { id: string; name: string; aadObjectId: string }>();
  private server: Server | null = null;
  private counter = 0;
  url = "";

  /** `host`: where it listens and what its URL names (127.0.0.1 unless a test needs another address). */
  async start(host = "127.0.0.1"): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
        const path = (req.url ?? "").split("?")[0];
        const match = /^\/v3\/conversations(?:\/([^/]+)(?:\/(activities|members)(?:\/([^/]+))?)?)?$/.exec(path);
        let failureAt = this.failures.findIndex((f) => !f.match || f.match.test(`${req.method} ${path}`));
        const pending = this.failures[failureAt];
        if (pending?.after) {
          pending.after--;
          failureAt = -1;
        }
        const record: Recorded = {
          method: req.method ?? "",
          path,
          conversationId: match?.[1] ? decodeURIComponent(match[1]) : undefined,
          activityId: match?.[3] ? decodeURIComponent(match[3]) : undefined,
          body,
          headers: req.headers,
        };
        this.calls.push(record);
        const reply = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
          res.writeHead(status, { "content-type": "application/json", ...headers });
          res.end(JSON.stringify(payload));
        };
        if (failureAt >= 0) {
          const [failure] = this.failures.splice(failureAt, 1);
          return reply(failure.status, { error: { code: "Throttled", message: "try later" } }, failure.headers);
        }
        if (!match) return reply(404, { error: { code: "NotFound", message: path } });
        if (req.method === "POST" && !match[1]) {
          this.counter++;
          return reply(201, { id: `a:fake-chat-${this.counter}`, activityId: `created-${this.counter}` });
        }
        if (match[2] === "members" && req.method === "GET") {
          const member = this.members.get(record.activityId ?? "");
          return member ? reply(200, member) : reply(404, { error: { code: "MemberNotFound", message: "" } });
        }
        if (match[2] === "activities" && (req.method === "POST" || req.method === "PUT")) {
          this.counter++;
          return reply(200, { id: req.method === "PUT" ? record.activityId : `fake-activity-${this.counter}` });
        }
        return reply(405, { error: { code: "MethodNotAllowed", message: "" } });
      });
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, host, () => resolve()));
    this.url = `http://${host}:${(server.address() as AddressInfo).port}/`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Activities the bot posted (new messages and replies) and updated cards, in order. */
  sent(since = 0): Recorded[] {
    return this.calls
      .slice(since)
      .filter((c) => /\/activities/.test(c.path) && (c.method === "POST" || c.method === "PUT"));
  }

  mark(): number {
    return this.calls.length;
  }
}

let activityCounter = 0;

export interface ActivityOptions {
  who: Who;
  text?: string;
  value?: Record<string, unknown>;
  /** personal (default), channel or groupChat */
  where?: "personal" | "channel" | "groupChat";
  conversationId?: string;
  id?: string;
  replyToId?: string;
  entities?: unknown[];
  deliveryMode?: "expectReplies" | "normal";
  serviceUrl: string;
}

export const CHANNEL_ID = "19:ig1kanal@thread.tacv2";
export const TEAM_ID = "19:teamgeneral@thread.tacv2";

export function personalConversation(who: Who): string {
  return `a:personal-${who.aad}`;
}

/** A message activity as Teams sends it. */
export function message(options: ActivityOptions): Record<string, unknown> {
  const where = options.where ?? "personal";
  const id = options.id ?? `${Date.now()}${++activityCounter}`;
  const conversationId =
    options.conversationId ??
    (where === "channel"
      ? `${CHANNEL_ID};messageid=${id}`
      : where === "groupChat"
        ? "19:groupchat-1@thread.v2"
        : personalConversation(options.who));
  return {
    type: "message",
    id,
    timestamp: new Date().toISOString(),
    channelId: "msteams",
    serviceUrl: options.serviceUrl,
    from: { id: `29:${options.who.aad}`, name: options.who.name, aadObjectId: options.who.aad },
    recipient: { id: BOT_ID, name: BOT_NAME },
    conversation: {
      id: conversationId,
      conversationType: where,
      tenantId: TENANT,
      ...(where !== "personal" ? { isGroup: true } : {}),
    },
    channelData: {
      tenant: { id: TENANT },
      ...(where === "channel" ? { team: { id: TEAM_ID }, channel: { id: CHANNEL_ID, name: "IG Turlag 1" } } : {}),
    },
    locale: "sv-SE",
    ...(options.text !== undefined ? { text: options.text, textFormat: "plain" } : {}),
    ...(options.value ? { value: options.value } : {}),
    ...(options.replyToId ? { replyToId: options.replyToId } : {}),
    ...(options.entities ? { entities: options.entities } : {}),
    ...(options.deliveryMode ? { deliveryMode: options.deliveryMode } : {}),
  };
}

export function botMention(): Record<string, unknown> {
  return { type: "mention", text: `<at>${BOT_NAME}</at>`, mentioned: { id: BOT_ID, name: BOT_NAME } };
}

export function personMention(who: Who, withAad = true): Record<string, unknown> {
  return {
    type: "mention",
    text: `<at>${who.name}</at>`,
    mentioned: { id: `29:${who.aad}`, name: who.name, ...(withAad ? { aadObjectId: who.aad } : {}) },
  };
}

export async function post(
  botUrl: string,
  activity: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  const response = await fetch(`${botUrl}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof activity === "string" ? activity : JSON.stringify(activity),
  });
  return { status: response.status, body: await response.text() };
}

export function newId(): string {
  return randomUUID();
}

type Card = {
  type: string;
  version: string;
  body: Record<string, unknown>[];
  actions?: Record<string, unknown>[];
};

/** The Adaptive Card of a sent activity (its first attachment). */
export function cardOf(activity: Record<string, unknown>): Card {
  const attachments = activity.attachments as { contentType: string; content: Card }[] | undefined;
  expect(attachments?.[0]?.contentType).toBe("application/vnd.microsoft.card.adaptive");
  return attachments![0].content;
}

/** All text of a card (TextBlocks, facts, button titles, input labels), for assertions. */
export function cardText(card: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    const o = node as Record<string, unknown>;
    for (const key of ["text", "title", "value", "label", "altText", "errorMessage"])
      if (typeof o[key] === "string") parts.push(o[key] as string);
    for (const v of Object.values(o)) if (typeof v === "object") walk(v);
  };
  walk(card);
  return parts.join("\n");
}

export function parseWithAdaptiveCards(content: unknown): { events: string[]; validation: string[] } {
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  context.targetVersion = AC.Versions.v1_5;
  card.parse(content as never, context);
  const events: string[] = [];
  for (let i = 0; i < context.eventCount; i++) events.push(context.getEventAt(i).message);
  const validation = card.validateProperties().validationEvents.map((e) => e.message);
  return { events, validation };
}

/** What every activity the bot sends must be: under 40 KB, a summary, and a card the official parser accepts. */
export function checkSentActivity(activity: Record<string, unknown>): void {
  const size = Buffer.byteLength(JSON.stringify(activity), "utf8");
  expect(size, "message size").toBeLessThan(MAX_MESSAGE_BYTES);
  const attachments = activity.attachments as { contentType: string; content: Card }[] | undefined;
  if (!attachments || attachments.length === 0) {
    expect(typeof activity.text === "string" && activity.text.length > 0, "plain text message has text").toBe(true);
    return;
  }
  expect(typeof activity.summary === "string" && (activity.summary as string).length > 0, "summary").toBe(true);
  for (const attachment of attachments) {
    expect(attachment.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(attachment.content.version).toBe("1.5");
    expect((attachment.content as unknown as Record<string, unknown>).$schema).toBe(
      "http://adaptivecards.io/schemas/adaptive-card.json",
    );
    const { events, validation } = parseWithAdaptiveCards(attachment.content);
    expect(events, "adaptivecards parse events").toEqual([]);
    expect(validation, "adaptivecards validation").toEqual([]);
  }
}

/** The activities the bot sent for one request. */
export type Sent = Recorded[];

/**
 * A person talking to the running service's Teams route: `say` posts a
 * message, `press` presses a button (or submits a form) of a card the bot
 * sent as `cardId`; each returns what the bot sent back through the
 * connector, every activity checked (checkSentActivity).
 */
export function talkTo(connector: FakeConnector, botUrl: () => string) {
  async function say(who: Who, text: string, extra: Partial<ActivityOptions> = {}) {
    const mark = connector.mark();
    const activity = message({ who, text, serviceUrl: connector.url, ...extra });
    const response = await post(botUrl(), activity);
    expect(response.status).toBeLessThan(300);
    const sent = connector.sent(mark);
    for (const s of sent) checkSentActivity(s.body);
    return { activity, sent, response };
  }

  async function press(
    who: Who,
    data: Record<string, unknown>,
    cardId: string,
    where: "personal" | "channel" = "personal",
  ): Promise<Sent> {
    const mark = connector.mark();
    const activity = message({ who, value: data, replyToId: cardId, where, serviceUrl: connector.url });
    const response = await post(botUrl(), activity);
    expect(response.status).toBeLessThan(300);
    const sent = connector.sent(mark);
    for (const s of sent) checkSentActivity(s.body);
    return sent;
  }

  /** @mentions the bot in the IG 1 channel (and `mentioned` with it). */
  const inChannel = (who: Who, text: string, mentioned: Who[] = []) =>
    say(who, `<at>${BOT_NAME}</at> ${text}`, {
      where: "channel",
      entities: [botMention(), ...mentioned.map((p) => personMention(p))],
    });

  return { say, press, inChannel };
}

/** The text of every card the bot sent. */
export const sentText = (sent: Sent): string => sent.map((s) => cardText(cardOf(s.body))).join("\n");

/** The titles of the buttons (Action.Submit) of every card the bot sent. */
export const submitTitles = (sent: Sent): string[] =>
  sent.flatMap((s) => findElement(cardOf(s.body), (o) => o.type === "Action.Submit").map((b) => String(b.title)));

export interface LocalTeams {
  core: Core;
  service: Service;
  /** http://127.0.0.1:PORT: the service's /api/messages is below it */
  botUrl: string;
  /** stops the service and the connector */
  stop(): Promise<void>;
}

/**
 * The real service in this process with Teams in local mode (LOFTESBOT_TEAMS_LOCAL=1: loopback only),
 * on a fresh SQLite file in a temporary folder named after `name`, its clock stopped at `now`, and
 * `connector` started; `env(dir)` adds to the environment (a file the test writes into that folder).
 */
export async function startLocalTeams(
  connector: FakeConnector,
  options: { name: string; now: Date; env?: (dir: string) => Record<string, string> },
): Promise<LocalTeams> {
  const dir = mkdtempSync(join(tmpdir(), `loftesbot-${options.name}-`));
  // PORT must be 1–65535 in the environment; port 0 (any free port) is set on the parsed config
  const config = {
    ...loadConfig({
      DATABASE_URL: `file:${join(dir, "t.db")}`,
      LOG_LEVEL: "silent",
      LOFTESBOT_TEAMS_LOCAL: "1",
      ...options.env?.(dir),
    }),
    port: 0,
  };
  const core = await openCore(config, {
    logger: silentLogger,
    clock: { now: () => new Date(options.now) },
    platforms: "configured",
  });
  const service = await startServer(core);
  await connector.start();
  return {
    core,
    service,
    botUrl: `http://127.0.0.1:${service.port}`,
    stop: async () => {
      await service.stop();
      await connector.stop();
    },
  };
}

/**
 * startLocalTeams for the tests of one file (call it at the file's top level): the service starts in
 * beforeAll and hands itself to `started` (for the file's `core` and `botUrl`); in afterAll every
 * activity the bot sent through `connector` in the file must pass the card checks
 * (checkSentActivity), and then the service stops.
 */
export function localTeamsForFile(
  connector: FakeConnector,
  options: Parameters<typeof startLocalTeams>[1],
  started: (teams: LocalTeams) => void,
): void {
  let teams: LocalTeams | undefined;
  beforeAll(async () => {
    teams = await startLocalTeams(connector, options);
    started(teams);
  });
  afterAll(async () => {
    for (const call of connector.sent()) checkSentActivity(call.body);
    await teams?.stop();
  });
}

/** The data of the button labelled `label` in the sent cards. */
export function buttonData(sent: Sent, label: string | RegExp): Record<string, unknown> {
  for (const call of sent) {
    const found = findAction(cardOf(call.body), label);
    if (found) return found;
  }
  throw new Error(`no button ${label}`);
}

/** The data of the first Action.Submit titled `label` in a card. */
export function findAction(node: unknown, label: string | RegExp): Record<string, unknown> | undefined {
  if (Array.isArray(node)) {
    for (const n of node) {
      const found = findAction(n, label);
      if (found) return found;
    }
    return undefined;
  }
  if (!node || typeof node !== "object") return undefined;
  const o = node as Record<string, unknown>;
  if (o.type === "Action.Submit" && (typeof label === "string" ? o.title === label : label.test(String(o.title))))
    return o.data as Record<string, unknown>;
  for (const v of Object.values(o)) {
    const found = typeof v === "object" ? findAction(v, label) : undefined;
    if (found) return found;
  }
  return undefined;
}

/** Every element of a card that `predicate` holds for, in document order. */
export function findElement(
  card: unknown,
  predicate: (o: Record<string, unknown>) => boolean,
): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    const o = node as Record<string, unknown>;
    if (predicate(o)) found.push(o);
    Object.values(o).forEach((v) => {
      if (typeof v === "object") walk(v);
    });
  };
  walk(card);
  return found;
}

/**
 * The data Teams sends when the form card's submit button is pressed: the
 * button's own data and every input by its id — what `typed` gives for the
 * field (by field name; several choices joined with "," as Teams joins a
 * multi-select's values), else the value the input shows (its initial value),
 * else "".
 */
export function cardSubmission(card: unknown, typed: Record<string, string | string[]>): Record<string, unknown> {
  const submit = findElement(card, (o) => o.type === "Action.Submit")[0];
  if (!submit) throw new Error("no submit button in the card");
  const data: Record<string, unknown> = { ...(submit.data as Record<string, unknown>) };
  for (const input of findElement(card, (o) => String(o.type).startsWith("Input."))) {
    const id = String(input.id);
    const name = id.startsWith(FIELD_PREFIX) ? id.slice(FIELD_PREFIX.length) : id;
    const given = typed[name];
    data[id] = given !== undefined ? (Array.isArray(given) ? given.join(",") : given) : String(input.value ?? "");
  }
  return data;
}

export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, ms = 5_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value as T;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** An IPv4 address of this machine that is not loopback (to be a client "from elsewhere"), if it has one. */
export function nonLoopbackAddress(): string | undefined {
  for (const addresses of Object.values(networkInterfaces()))
    for (const a of addresses ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
  return undefined;
}

/**
 * A local stand-in for the Bot Framework's token signing: its OpenID metadata
 * and JWKS (one RSA key endorsed for msteams) as botbuilder fetches them, and
 * RS256 tokens signed with that key — valid Bot Framework tokens for a bot
 * whose key URL points here (TeamsConfig.openIdMetadataUrl).
 */
export class FakeBotFrameworkKeys {
  private server: Server | null = null;
  private readonly kid = `fake-key-${randomUUID().slice(0, 8)}`;
  private readonly privateKey: KeyObject;
  private readonly jwk: { n?: string; e?: string };
  url = "";

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    this.privateKey = privateKey;
    this.jwk = publicKey.export({ format: "jwk" }) as { n?: string; e?: string };
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      res.writeHead(200, { "content-type": "application/json" });
      if (req.url === "/keys")
        return res.end(
          JSON.stringify({
            keys: [{ kty: "RSA", use: "sig", kid: this.kid, n: this.jwk.n, e: this.jwk.e, endorsements: ["msteams"] }],
          }),
        );
      res.end(JSON.stringify({ issuer: "https://api.botframework.com", jwks_uri: `${base}/keys` }));
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/.well-known/openidconfiguration`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** `Bearer …` for a request to the bot `appId` about an activity naming `serviceUrl`, as the Teams channel sends it. */
  authorization(appId: string, serviceUrl: string): string {
    const now = Math.floor(Date.now() / 1000);
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const head = `${b64({ alg: "RS256", typ: "JWT", kid: this.kid })}.${b64({
      iss: "https://api.botframework.com",
      aud: appId,
      serviceurl: serviceUrl,
      nbf: now - 60,
      exp: now + 600,
    })}`;
    return `Bearer ${head}.${sign("sha256", Buffer.from(head), this.privateKey).toString("base64url")}`;
  }
}
