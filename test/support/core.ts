// A real core on a fresh database (SQLite file or PostgreSQL database) with
// the demo organisation loaded, and a clock the test controls.
import { Writable } from "node:stream";
import { afterAll, beforeAll } from "vitest";
import { type Core, loadConfig, openCore } from "../../src/app/compose.js";
import { createLogger, type Logger, silentLogger } from "../../src/core/log.js";
import type { Clock } from "../../src/core/context.js";
import type { Senders } from "../../src/schedules/jobRunner.js";
import { type DatabaseKind, freshDatabase } from "./databases.js";
import { consoleMentions } from "../../adapters/console/mentions.js";
import { type Reply, replyAsPlainText } from "../../src/core/reply.js";

export class FakeClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface TestCore extends Core {
  clock: FakeClock;
  drop(): Promise<void>;
  /** a second core (another instance) on the same database and clock, delivering through `senders` */
  withSenders(senders: Senders): Promise<Core>;
}

/** null when the database kind is not available (PostgreSQL down outside CI). */
export async function openTestCore(
  kind: DatabaseKind,
  options: { now?: string; env?: Record<string, string> } = {},
): Promise<TestCore | null> {
  const db = await freshDatabase(kind);
  if (!db) return null;
  const clock = new FakeClock(new Date(options.now ?? "2026-11-25T09:00:00Z"));
  const config = loadConfig({
    DATABASE_URL: db.url,
    LOG_LEVEL: "silent",
    LOFTESBOT_ORG_FILE: "",
    LOFTESBOT_DEMO: "1",
    ...options.env,
  });
  const core = await openCore(config, { logger: silentLogger, clock });
  return {
    ...core,
    clock,
    async drop() {
      await core.close();
      await db.drop();
    },
    withSenders: (senders) => openCore(config, { logger: silentLogger, clock, prepare: false, platforms: senders }),
  };
}

/**
 * A test core for the enclosing describe: opened before its tests, dropped
 * after them. The getter gives the core (null when the database kind is not
 * available: PostgreSQL down outside CI).
 */
export function useTestCore(
  kind: DatabaseKind,
  options: { now?: string; env?: Record<string, string> } = {},
): () => TestCore | null {
  let core: TestCore | null = null;
  beforeAll(async () => {
    core = await openTestCore(kind, options);
  });
  afterAll(async () => {
    await core?.drop();
  });
  return () => core;
}

/** What a person types in the console (`@person-id` mentions resolved as the console does), and the reply as text. */
export async function sayInConsole(
  core: Core,
  personId: string,
  text: string,
): Promise<{ reply: Reply; text: string }> {
  const reply = await core.bot.handleMessage({
    platform: "console",
    userId: personId,
    text,
    mentions: consoleMentions(text),
  });
  return { reply, text: replyAsPlainText(reply) };
}

/** A logger at `level` whose JSON lines the test reads (`lines`, parsed, in order). */
export function capturedLog(level = "info"): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger(
    level,
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
        done();
      },
    }),
  );
  return { logger, lines };
}
