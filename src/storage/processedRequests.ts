// Requests already handled (a Slack retry, a repeated event or activity id, a
// double-clicked button): the first one claims the key and stores its reply;
// a repeat gets the same reply and changes nothing.
//
// The adapters build request keys from what the platform sends (a user id, a
// button, a message's timestamp), and those can be guessed. So the key is
// stored only as an HMAC under a key derived from the instance key (never in
// the database): the database alone cannot tell whose request a row was.
// Requests that touch a person's own anonymous answer are not recorded at all
// (the front door leaves them out; see CommandSpec.unrecorded).
import { createHmac, hkdfSync } from "node:crypto";
import { Prisma as SQL } from "../../generated/postgresql/client.js";
import type { Prisma } from "./database.js";
import { type EmbeddedSqlite, RawStatements } from "./embeddedSqlite.js";

const PENDING = "";

function digestKeyOf(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", Buffer.from(secret, "utf8"), Buffer.alloc(0), "loftesbot:request-key", 32));
}

function digest(digestKey: Buffer, key: string): string {
  return createHmac("sha256", digestKey).update(key).digest("hex");
}

/** The stored form of a request key: HMAC-SHA256 under a key derived from the instance key. */
export function requestKeyDigest(secret: string, key: string): string {
  return digest(digestKeyOf(secret), key);
}

export class ProcessedRequests {
  private readonly raw: RawStatements;
  private readonly digestKey: Buffer;

  constructor(
    private readonly prisma: Prisma,
    /** SQLite: the key is claimed and answered with prepared statements (see embeddedSqlite.ts) */
    embedded: EmbeddedSqlite | null,
    /** the instance key (CoreContext.secret) */
    secret: string,
  ) {
    this.raw = new RawStatements(prisma, embedded);
    this.digestKey = digestKeyOf(secret);
  }

  /**
   * Runs `work` once per key. A repeat waits (up to `waitMs`) for the first
   * one's reply and returns it; `whileBusy` answers when it does not arrive.
   */
  async once<T>(requestKey: string, work: () => Promise<T>, whileBusy: () => T, waitMs = 2_500): Promise<T> {
    return this.claimed(digest(this.digestKey, requestKey), work, whileBusy, waitMs);
  }

  private async claimed<T>(key: string, work: () => Promise<T>, whileBusy: () => T, waitMs: number): Promise<T> {
    if (!(await this.claim(key))) {
      const deadline = Date.now() + waitMs;
      for (;;) {
        const reply = await this.replyTo(key);
        if (reply !== null && reply !== PENDING) return JSON.parse(reply) as T;
        if (reply === null) return this.claimed(key, work, whileBusy, waitMs);
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
 * a form is pre-filled with. Those may be a person's own answers, and whoever
 * holds the instance key could recompute a request key from a platform user
 * id: they must not be kept beside it. A repeated "open the form" gets the
 * form empty.
 */
function dropBinary(key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return undefined;
  if (key === "values" || key === "initial") return undefined;
  return value;
}
