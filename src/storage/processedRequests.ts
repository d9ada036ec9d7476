// Requests already handled (a Slack retry, a repeated event or activity id, a
// double-clicked button): the first attempt claims the key and stores its
// reply; a repeat gets the same reply and changes nothing.
//
// A key's reply column says where its request stands:
//   "{…}"                     the reply given (JSON)
//   "receipt:<until>:{…}"     the work was stored with the key (in one
//                             statement with the entries), its full reply not
//                             (yet: a repeat waits for it until <until>)
//   "pending:<token>:<until>" an attempt runs and has answered its person by
//                             <until> (ms); "" is an attempt of an older version
// A write keyed to the claim (the log's entries, see activityLogRepository.ts)
// commits only while the claim is unchanged. So when the connection is lost
// and a write's outcome is unknown, replacing the claim settles it: either the
// receipt is there (it was stored: confirm it), or it can never be stored any
// more (nothing was). A repeat takes over an attempt that has ended or passed
// its time the same way, so a retry of the same request is stored exactly once.
//
// The adapters build request keys from what the platform sends (a user id, a
// button, a message's timestamp), and those can be guessed. So the key is
// stored only as an HMAC under a key derived from the instance key (never in
// the database): the database alone cannot tell whose request a row was.
// Requests that touch a person's own anonymous answer are not recorded at all
// (the front door leaves them out; see CommandSpec.unrecorded).
import { createHmac, hkdfSync, randomUUID } from "node:crypto";
import * as SQL from "./sql.js";
import type { Reply } from "../core/reply.js";
import { currentWrites, type RequestClaim, type RequestWrites } from "../core/writes.js";
import type { Prisma } from "./database.js";
import { type EmbeddedSqlite, RawStatements } from "./embeddedSqlite.js";
import { type GroupCommit, groupCommitOf } from "./groupCommit.js";

const PENDING = "pending:";
const RECEIPT = "receipt:";
/** how an attempt of an older version (no token, no time) is told */
const LEGACY_PENDING = "";
/** such an attempt is taken over after this long */
const LEGACY_PENDING_MS = 60_000;
/** after its deadline, an attempt gets this long before a repeat may take its key over */
const GRACE_MS = 500;

/** The key was taken over by a later attempt of the same request: this attempt's keyed write stored nothing. */
export class ClaimTaken extends Error {
  constructor(key: string) {
    super(`request ${key} was taken over by a later attempt; this attempt stored nothing`);
    this.name = "ClaimTaken";
  }
}

/** The key's value once a write keyed to this attempt's claim is stored: the receipt. */
export function receiptValue(claim: RequestClaim, receipt: Reply): string {
  const until = claim.marker.slice(claim.marker.lastIndexOf(":") + 1);
  return `${RECEIPT}${until}:${JSON.stringify(receipt, dropBinary)}`;
}

/** The statement that turns this attempt's claim into a receipt: a write keyed to it runs with it, or not at all. */
export function claimToReceipt(claim: RequestClaim, receipt: Reply): SQL.Sql {
  return SQL.sql`UPDATE "processed_request" SET "reply" = ${receiptValue(claim, receipt)}
    WHERE "key" = ${claim.key} AND "reply" = ${claim.marker}`;
}

export interface OnceOptions<T> {
  /** how long this attempt may take before its person is answered (a repeat waits that long before taking over) */
  deadlineMs?: number;
  /** how long a repeat waits for the first attempt's reply */
  waitMs?: number;
  /** the reply for a repeat that finds the work stored but not its full reply (default: the stored receipt itself) */
  receipt?: (reply: Reply) => T;
  /** kept as the key's reply when the work fails after it stored something without a receipt */
  committed?: () => T;
}

/** How many ended attempts this process remembers. */
const MAX_ENDED = 10_000;

type Settled<T> = { value: T } | null;

interface Owner<T> {
  work: () => Promise<T>;
  writes: RequestWrites | undefined;
  receipt: (reply: Reply) => T;
  committed?: () => T;
}

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
  /** this process's attempts that ended without an answer, by key: a repeat need not wait for them */
  private readonly ended = new Map<string, string>();

  private readonly digestKey: Buffer | null;
  /** PostgreSQL: claims and replies go out in groups, one commit each (groupCommit.ts) */
  private readonly group: GroupCommit | null;

  constructor(
    private readonly prisma: Prisma,
    /** SQLite: the key is claimed and answered with prepared statements (see embeddedSqlite.ts) */
    embedded: EmbeddedSqlite | null = null,
    /** the instance key (CoreContext.secret): keys are stored as HMACs under it (the service always gives it) */
    secret?: string,
  ) {
    this.raw = new RawStatements(prisma, embedded);
    this.group = embedded ? null : groupCommitOf(prisma);
    this.digestKey = secret === undefined ? null : digestKeyOf(secret);
  }

  /**
   * Runs `work` once per key. A repeat waits (up to `waitMs`) for the first
   * one's reply and returns it; `whileBusy` answers when it does not arrive.
   */
  async once<T>(
    requestKey: string,
    work: () => Promise<T>,
    whileBusy: () => T,
    options: OnceOptions<T> = {},
  ): Promise<T> {
    const key = this.digestKey ? digest(this.digestKey, requestKey) : requestKey;
    const writes = currentWrites();
    const deadlineMs = options.deadlineMs ?? 2_500;
    const waitUntil = Date.now() + (options.waitMs ?? 2_500);
    const receipt = options.receipt ?? ((reply: Reply) => reply as unknown as T);
    const owner = { work, writes, receipt, committed: options.committed };
    for (;;) {
      const marker = `${PENDING}${randomUUID()}:${Date.now() + deadlineMs + GRACE_MS}`;
      let claimed: boolean;
      try {
        claimed = await this.claim(key, marker);
      } catch (error) {
        // it may have been inserted all the same: a repeat here need not wait for an attempt that never ran
        this.remember(key, marker);
        throw error;
      }
      if (claimed) return this.runAsOwner(key, marker, owner);
      const row = await this.row(key);
      if (row === null) continue; // freed meanwhile
      // a receipt while its attempt still runs: wait for the full reply, as long as the attempt may take
      const settled = settledReply(row.reply, receipt, this.ended.has(key) || Date.now() > waitUntil);
      if (settled) {
        writes?.waitingForOtherAttempt(false);
        this.ended.delete(key);
        return settled.value;
      }
      if (this.isOver(key, row) && (await this.takeOver(key, row.reply, marker))) {
        this.ended.delete(key);
        writes?.waitingForOtherAttempt(false);
        return this.runAsOwner(key, marker, owner);
      }
      // another attempt of this request runs: until it answers, whatever it writes may be stored
      writes?.waitingForOtherAttempt(true);
      if (Date.now() > waitUntil) return whileBusy();
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private async runAsOwner<T>(key: string, marker: string, owner: Owner<T>): Promise<T> {
    if (owner.writes) owner.writes.claim = { key, marker };
    let result: T;
    try {
      result = await owner.work();
    } catch (error) {
      return this.afterFailure(key, marker, error, owner);
    }
    // the reply is right whether or not it is kept; a repeat finds the receipt, or takes the key over
    await this.answer(key, marker, JSON.stringify(result, dropBinary)).catch(() => this.remember(key, marker));
    return result;
  }

  /**
   * The work failed. A keyed write whose outcome is unknown is settled by
   * replacing the claim: stored (its receipt is the answer) or never stored.
   * When nothing was stored the key is freed, so a retry runs again.
   */
  private async afterFailure<T>(key: string, marker: string, error: unknown, owner: Owner<T>): Promise<T> {
    if (error instanceof ClaimTaken) throw error;
    const { writes } = owner;
    const unknown = writes?.unknownKeyed() ?? [];
    if (unknown.length > 0) {
      const settled = await this.settle(key, marker).catch(() => null);
      if (settled?.stored) {
        for (const ticket of unknown) ticket.settled(true);
        this.remember(key, marker);
        return owner.receipt(settled.stored);
      }
      if (settled) {
        for (const ticket of unknown) ticket.settled(false);
        marker = settled.marker;
      }
    }
    const outcome = writes?.outcome() ?? "none";
    if (outcome === "none") await this.release(key, marker).catch(() => undefined);
    else if (outcome === "committed" && owner.committed) {
      // something was stored: a repeat gets this answer (the receipt, or a plain confirmation), not a second run
      const reply = JSON.stringify(owner.committed(), dropBinary);
      await this.answer(key, marker, reply).catch(() => undefined);
    } else this.remember(key, marker);
    throw error;
  }

  private remember(key: string, marker: string): void {
    if (this.ended.size >= MAX_ENDED) this.ended.delete(this.ended.keys().next().value as string);
    this.ended.set(key, marker);
  }

  /**
   * Replaces this attempt's claim, so that a write keyed to it can no longer
   * commit: null when unsure, else what the key holds — the receipt of a write
   * that was stored, or a new claim when none was.
   */
  private async settle(key: string, marker: string): Promise<{ stored?: Reply; marker: string } | null> {
    const fence = `${PENDING}${randomUUID()}:${Date.now()}`;
    const replaced = await this.raw.execute(
      SQL.sql`UPDATE "processed_request" SET "reply" = ${fence} WHERE "key" = ${key} AND "reply" = ${marker}`,
    );
    if (replaced === 1) return { marker: fence };
    const row = await this.row(key);
    const stored = row ? settledReply<Reply>(row.reply, (r) => r, true) : null;
    return stored ? { stored: stored.value, marker } : null;
  }

  /** True when this request is the first with the key. */
  private async claim(key: string, marker: string): Promise<boolean> {
    if (this.group) return this.group.claim(key, marker, new Date());
    const inserted = await this.raw.execute(SQL.sql`
      INSERT INTO "processed_request" ("key", "reply", "createdAt") VALUES (${key}, ${marker}, ${new Date()})
      ON CONFLICT DO NOTHING`);
    return inserted === 1;
  }

  /** Takes the key over from an attempt that has ended (true), unless another repeat or the attempt got there first. */
  private async takeOver(key: string, seen: string, marker: string): Promise<boolean> {
    const taken = await this.raw.execute(SQL.sql`
      UPDATE "processed_request" SET "reply" = ${marker}, "createdAt" = ${new Date()}
       WHERE "key" = ${key} AND "reply" = ${seen}`);
    return taken === 1;
  }

  /** An attempt that has ended here, passed its time, or an older version's attempt left long ago. */
  private isOver(key: string, row: { reply: string; createdAt: Date | string }): boolean {
    if (this.ended.get(key) === row.reply) return true;
    if (row.reply === LEGACY_PENDING) return Date.now() - new Date(row.createdAt).getTime() > LEGACY_PENDING_MS;
    const until = Number(row.reply.slice(row.reply.lastIndexOf(":") + 1));
    return row.reply.startsWith(PENDING) && Number.isFinite(until) && Date.now() > until;
  }

  /** The key's row, or null when the key is free. */
  private async row(key: string): Promise<{ reply: string; createdAt: Date | string } | null> {
    const rows = await this.raw.rows<{ reply: string; createdAt: Date | string }>(
      SQL.sql`SELECT "reply", "createdAt" FROM "processed_request" WHERE "key" = ${key}`,
    );
    return rows[0] ?? null;
  }

  /** Keeps the reply, unless a later attempt has taken the key over. */
  private async answer(key: string, marker: string, reply: string): Promise<void> {
    if (this.group) {
      await this.group.answer(key, marker, reply);
      return;
    }
    await this.raw.execute(SQL.sql`UPDATE "processed_request" SET "reply" = ${reply}
      WHERE "key" = ${key} AND ("reply" = ${marker} OR "reply" LIKE ${`${RECEIPT}%`})`);
  }

  /** Nothing was stored: a retry may run the work again. */
  private async release(key: string, marker: string): Promise<void> {
    await this.raw.execute(SQL.sql`DELETE FROM "processed_request" WHERE "key" = ${key} AND "reply" = ${marker}`);
  }

  async purgeOlderThan(cutoff: Date): Promise<number> {
    return (await this.prisma.processedRequest.deleteMany({ where: { createdAt: { lt: cutoff } } })).count;
  }
}

/**
 * The answer a key holds for its request: its reply, or the receipt of stored
 * work once its attempt has had its time (or `anyReceipt`); null while an
 * attempt runs.
 */
function settledReply<T>(reply: string, receipt: (reply: Reply) => T, anyReceipt: boolean): Settled<T> {
  if (reply.startsWith("{") || reply.startsWith("[")) return { value: JSON.parse(reply) as T };
  if (!reply.startsWith(RECEIPT)) return null;
  const json = reply.indexOf(":", RECEIPT.length);
  const until = Number(reply.slice(RECEIPT.length, json));
  if (!anyReceipt && Number.isFinite(until) && Date.now() <= until) return null;
  return { value: receipt(JSON.parse(reply.slice(json + 1)) as Reply) };
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
