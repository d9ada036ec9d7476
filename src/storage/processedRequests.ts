// Requests already handled (a Slack retry, a repeated event or activity id, a
// double-clicked button): the first one claims the key and stores its reply;
// a repeat gets the same reply and changes nothing.
import { Prisma as SQL } from "../../generated/postgresql/client.js";
import type { Prisma } from "./database.js";
import { type EmbeddedSqlite, RawStatements } from "./embeddedSqlite.js";

const PENDING = "";

export class ProcessedRequests {
  private readonly raw: RawStatements;

  constructor(
    private readonly prisma: Prisma,
    /** SQLite: the key is claimed and answered with prepared statements (see embeddedSqlite.ts) */
    embedded: EmbeddedSqlite | null = null,
  ) {
    this.raw = new RawStatements(prisma, embedded);
  }

  /**
   * Runs `work` once per key. A repeat waits (up to `waitMs`) for the first
   * one's reply and returns it; `whileBusy` answers when it does not arrive.
   */
  async once<T>(key: string, work: () => Promise<T>, whileBusy: () => T, waitMs = 2_500): Promise<T> {
    if (!(await this.claim(key))) {
      const deadline = Date.now() + waitMs;
      for (;;) {
        const reply = await this.replyTo(key);
        if (reply !== null && reply !== PENDING) return JSON.parse(reply) as T;
        if (reply === null) return this.once(key, work, whileBusy, waitMs);
        if (Date.now() > deadline) return whileBusy();
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    try {
      const result = await work();
      await this.answer(key, JSON.stringify(result, dropBinary));
      return result;
    } catch (error) {
      await this.release(key).catch(() => undefined);
      throw error;
    }
  }

  /** True when this request is the first with the key. */
  private async claim(key: string): Promise<boolean> {
    const inserted = await this.raw.execute(SQL.sql`
      INSERT INTO "processed_request" ("key", "reply", "createdAt") VALUES (${key}, ${PENDING}, ${new Date()})
      ON CONFLICT DO NOTHING`);
    return inserted === 1;
  }

  /** The stored reply (PENDING while the first request runs), or null when the key is free again. */
  private async replyTo(key: string): Promise<string | null> {
    const rows = await this.raw.rows<{ reply: string }>(
      SQL.sql`SELECT "reply" FROM "processed_request" WHERE "key" = ${key}`,
    );
    return rows[0]?.reply ?? null;
  }

  private async answer(key: string, reply: string): Promise<void> {
    await this.raw.execute(SQL.sql`UPDATE "processed_request" SET "reply" = ${reply} WHERE "key" = ${key}`);
  }

  /** The work failed: a retry may run it again. */
  private async release(key: string): Promise<void> {
    await this.raw.execute(SQL.sql`DELETE FROM "processed_request" WHERE "key" = ${key}`);
  }

  async purgeOlderThan(cutoff: Date): Promise<number> {
    return (await this.prisma.processedRequest.deleteMany({ where: { createdAt: { lt: cutoff } } })).count;
  }
}

/**
 * What a repeat gets back: the reply without pictures and without the values
 * a form is pre-filled with. Those may be a person's own (anonymous) answers,
 * and the request key can be recomputed from a platform user id: they must not
 * be kept beside it. A repeated "open the form" gets the form empty.
 */
function dropBinary(key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return undefined;
  if (key === "values" || key === "initial") return undefined;
  return value;
}
