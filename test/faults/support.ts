// Helpers for the fault tests: signed Slack slash commands and events against
// a service process, reading what the database really holds (bypassing the
// service), a TCP proxy that can cut the service off from PostgreSQL, and a
// core that reaches PostgreSQL through the wire-protocol proxy.
import { randomUUID } from "node:crypto";
import { createServer, type Server, type Socket, connect } from "node:net";
import Database from "better-sqlite3";
import pg from "pg";
import { type Core, loadConfig, openCore } from "../../src/app/compose.js";
import type { Loftesbot } from "../../src/core/loftesbot.js";
import { silentLogger } from "../../src/core/log.js";
import { replyAsPlainText } from "../../src/core/reply.js";
import { sqliteFilePath } from "../../src/storage/database.js";
import { type FakeSlack, form, type PostResult, postSigned } from "../adapters/slack/support.js";
import { FakeClock } from "../support/core.js";
import { adminPgUrl, type FreshPostgres, freshPostgres, postgresAvailable } from "../support/databases.js";
import { PgWireProxy } from "./pgWireProxy.js";

export const SECRET = "fault-test-signing-secret";
export const BOT_TOKEN = "xoxb-fault-test";

/** The Slack part of the service's environment, pointed at a fake Slack. */
export function slackEnv(fake: FakeSlack): Record<string, string> {
  return { SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: fake.apiUrl };
}

/** Slack ids of the demo organisation's 27 people: U0DEMO001 … U0DEMO027. */
export const DEMO_SLACK_USERS = Array.from({ length: 27 }, (_, i) => `U0DEMO${String(i + 1).padStart(3, "0")}`);

export interface SlashResult extends PostResult {
  /** the text of the reply in the ack body ("" when acked empty or not answered) */
  ackText: string;
  /** the request did not get an HTTP answer (connection refused or reset) */
  networkError?: string;
}

let seq = 0;

/** A signed slash command as Slack sends it; never throws (a dead service gives status 0). */
export async function slash(
  baseUrl: string,
  fake: FakeSlack,
  options: { user: string; command: string; text: string; id?: string; channel?: string; timeoutMs?: number },
): Promise<SlashResult & { id: string }> {
  const id = options.id ?? `cmd-${++seq}-${randomUUID().slice(0, 8)}`;
  const body = form({
    token: "legacy",
    team_id: "T0DEMO",
    team_domain: "norrdal",
    channel_id: options.channel ?? "D0FAULT",
    channel_name: options.channel ? "kanal" : "directmessage",
    user_id: options.user,
    user_name: options.user.toLowerCase(),
    command: options.command,
    text: options.text,
    api_app_id: "A0LOFTES",
    is_enterprise_install: "false",
    response_url: fake.responseUrl(id),
    trigger_id: `trigger-${id}`,
  });
  const started = performance.now();
  try {
    const result = await Promise.race([
      postSigned(`${baseUrl}/slack/events`, body, "application/x-www-form-urlencoded", { secret: SECRET }),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error("no answer in time")), options.timeoutMs ?? 30_000),
      ),
    ]);
    const json = result.json as { text?: string } | undefined;
    return { ...result, id, ackText: typeof json?.text === "string" ? json.text : "" };
  } catch (error) {
    return {
      id,
      status: 0,
      text: "",
      json: undefined,
      ms: performance.now() - started,
      ackText: "",
      networkError: String((error as Error).cause ?? error),
    };
  }
}

/** The texts the service sent through a command's response_url (answers after an empty ack). */
export function responseTexts(fake: FakeSlack, id: string): string[] {
  return fake
    .callsOf("response_url")
    .filter((c) => c.id === id)
    .map((c) => String(c.args.text ?? ""));
}

/** A signed Events API request. */
export function sendEvent(baseUrl: string, body: unknown, headers: Record<string, string> = {}): Promise<PostResult> {
  return postSigned(`${baseUrl}/slack/events`, JSON.stringify(body), "application/json", { secret: SECRET, headers });
}

/** A direct message to the bot (message.im), as Slack wraps it. */
export function imEvent(eventId: string, user: string, text: string, ts: string): Record<string, unknown> {
  return {
    token: "legacy",
    team_id: "T0DEMO",
    api_app_id: "A0LOFTES",
    type: "event_callback",
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: "T0DEMO", user_id: "U00LOFTESBOT", is_bot: true, is_enterprise_install: false }],
    event: { type: "message", channel_type: "im", channel: `D${user.slice(1)}`, user, text, ts, event_ts: ts },
  };
}

// ------------------------------------------------------------ a core behind the wire-protocol proxy

export interface ProxiedCore {
  core: Core;
  proxy: PgWireProxy;
  db: FreshPostgres;
}

/**
 * A core (the demo organisation, its clock at Wednesday 2026-11-25 09:00 UTC)
 * on a fresh PostgreSQL database named after `prefix`, which it reaches
 * through a PgWireProxy; null when PostgreSQL is not available.
 */
export async function openProxiedCore(prefix: string): Promise<ProxiedCore | null> {
  if (!(await postgresAvailable())) return null;
  const db = await freshPostgres(prefix);
  const target = new URL(adminPgUrl);
  const proxy = new PgWireProxy(target.hostname, Number(target.port || 5432));
  await proxy.start();
  const config = loadConfig({
    DATABASE_URL: proxy.urlFor(db.url),
    LOG_LEVEL: "silent",
    LOFTESBOT_ORG_FILE: "",
    LOFTESBOT_DEMO: "1",
  });
  const core = await openCore(config, { logger: silentLogger, clock: new FakeClock(new Date("2026-11-25T09:00:00Z")) });
  return { core, proxy, db };
}

/** Closes what openProxiedCore opened (the core unless a test closed it already) and drops the database. */
export async function closeProxiedCore(
  opened: Partial<ProxiedCore>,
  options: { coreClosed?: boolean } = {},
): Promise<void> {
  if (opened.core && !options.coreClosed) await opened.core.close();
  await opened.proxy?.close();
  await opened.db?.drop();
}

/** `logga <line>` from the console as `user`, under `requestKey`; the answer as text. */
export async function logAs(bot: Loftesbot, line: string, requestKey: string, user = "ali.hassan"): Promise<string> {
  const reply = await bot.handleMessage({ platform: "console", userId: user, text: `logga ${line}`, requestKey });
  return replyAsPlainText(reply);
}

// ------------------------------------------------------------ the database, read directly

export interface EntryRow {
  id: string;
  personId: string;
  loggedById: string;
  note: string;
  minutes: number | null;
  undoneAt: unknown;
}

/** Every activity entry as the database holds it, read with a connection of the test's own. */
export async function readEntries(databaseUrl: string): Promise<EntryRow[]> {
  const sql = `SELECT "id", "personId", "loggedById", "note", "minutes", "undoneAt" FROM "activity_entry"`;
  if (databaseUrl.startsWith("file:")) {
    const db = new Database(sqliteFilePath(databaseUrl), { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all() as EntryRow[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql)).rows as EntryRow[];
  } finally {
    await client.end();
  }
}

/** SQLite's own consistency check of the file ("ok" when sound). */
export function sqliteIntegrity(databaseUrl: string): string {
  const db = new Database(sqliteFilePath(databaseUrl), { readonly: true, fileMustExist: true });
  try {
    return String(db.pragma("integrity_check", { simple: true }));
  } finally {
    db.close();
  }
}

// ------------------------------------------------------------ a TCP proxy to cut the database off

export type ProxyMode = "forward" | "refuse" | "blackhole";

/**
 * Sits between the service and PostgreSQL. `forward` passes bytes both ways;
 * `refuse` drops every connection (open ones are cut, new ones reset at
 * once); `blackhole` accepts connections and never answers, and freezes the
 * open ones (a network partition). The shared PostgreSQL server is never
 * touched.
 */
export class TcpProxy {
  mode: ProxyMode = "forward";
  port = 0;
  private server: Server | null = null;
  private readonly pairs = new Set<{ client: Socket; upstream?: Socket }>();

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<void> {
    this.server = createServer((client) => this.accept(client));
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const address = server.address();
    this.port = typeof address === "object" && address ? address.port : 0;
  }

  /** `url` with its host and port replaced by the proxy's. */
  urlFor(url: string): string {
    const u = new URL(url);
    u.hostname = "127.0.0.1";
    u.port = String(this.port);
    return u.toString();
  }

  get connections(): number {
    return this.pairs.size;
  }

  private accept(client: Socket): void {
    client.on("error", () => undefined);
    if (this.mode === "refuse") {
      client.resetAndDestroy();
      return;
    }
    const pair: { client: Socket; upstream?: Socket } = { client };
    this.pairs.add(pair);
    client.on("close", () => {
      this.pairs.delete(pair);
      pair.upstream?.destroy();
    });
    if (this.mode === "blackhole") {
      client.pause();
      return;
    }
    const upstream = connect(this.targetPort, this.targetHost);
    pair.upstream = upstream;
    upstream.on("error", () => client.destroy());
    upstream.on("close", () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  }

  /** Cut every open connection and refuse new ones. */
  refuse(): void {
    this.mode = "refuse";
    this.cutAll();
  }

  /** Freeze open connections and accept new ones without ever answering. */
  blackhole(): void {
    this.mode = "blackhole";
    for (const { client, upstream } of this.pairs) {
      client.unpipe();
      upstream?.unpipe();
      client.pause();
      upstream?.pause();
    }
  }

  /** Forward again; connections frozen or accepted meanwhile are cut (as a partition ends with resets). */
  restore(): void {
    this.cutAll();
    this.mode = "forward";
  }

  private cutAll(): void {
    for (const { client, upstream } of this.pairs) {
      client.resetAndDestroy();
      upstream?.destroy();
    }
    this.pairs.clear();
  }

  async close(): Promise<void> {
    this.cutAll();
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = null;
  }
}

/** GET /readyz: the status, or 0 when the service does not answer within `timeoutMs`. */
export async function readyz(baseUrl: string, timeoutMs = 5_000): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  try {
    const res = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(timeoutMs) });
    await res.text();
    return { status: res.status, ms: performance.now() - started };
  } catch {
    return { status: 0, ms: performance.now() - started };
  }
}

export async function eventually<T>(
  probe: () => Promise<T | null | undefined | false>,
  what: string,
  timeoutMs = 30_000,
  everyMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
