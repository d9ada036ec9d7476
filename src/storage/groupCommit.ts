// Group commit for PostgreSQL: the statements every `/logga` line runs
// (claiming its request key, storing its entries with the key's receipt,
// keeping its reply) are gathered from the lines in flight at the same moment
// and each kind goes out as ONE statement for all of them — one round trip and
// one commit (one WAL flush) per group instead of one per line.
//
// The guarantee stays the one of a statement per line:
// - a group is one statement, so it commits as a whole or not at all; each
//   line learns its own outcome from what the statement returns (its key
//   claimed, its claim turned into the receipt with its entries, or not);
// - a line's entries are inserted only for a claim that became its receipt in
//   that same statement, so the key still tells whether they were stored when
//   the connection is lost (processedRequests.ts settles it per line);
// - each line's write is marked in its own request's tracker (writes.ts): it
//   goes out only with its group, and a line that was answered "nothing was
//   stored" while it waited is left out of the group (WritesClosed);
// - the database refusing a group (a constraint of one line's data) refused
//   the whole statement, so nothing of it was stored: the lines are then tried
//   one by one, so that one bad line cannot fail the others. A lost connection
//   leaves every line of the group "unknown", each settled by its own key.
//
// A group goes out as soon as a connection of this pool is free for its kind
// (at most IN_FLIGHT groups of a kind at once): one line alone waits no longer
// than a turn of the event loop; under load the groups grow by themselves.
import type pg from "pg";
import { currentWrites, type WriteTicket, WritesClosed } from "../core/writes.js";

/** How many groups of one kind may be on their way at once (the pool has room for all kinds). */
const IN_FLIGHT = 4;
/** The most lines in one group. */
const MAX_GROUP = 500;

/** What a lane has done so far (the bench reads it from /metrics-like hooks, tests from here). */
export interface GroupStats {
  groups: number;
  lines: number;
}

interface Pending<I, R> {
  item: I;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
  /** a write marked in its request's tracker: sent with the group (refused when closed meanwhile) */
  ticket?: WriteTicket;
}

/** A statement error with the SQLSTATE where the rest of the storage layer looks for it (writeWatch.ts). */
function asStorageError(failure: unknown): Error {
  const definite = refusedByDatabase(failure);
  const error = failure instanceof NotSent ? failure.error : failure;
  const code = (error as { code?: unknown } | null)?.code;
  const wrapped = new Error(error instanceof Error ? error.message : String(error), {
    cause: { originalCode: typeof code === "string" ? code : undefined, error, definite },
  });
  wrapped.name = "GroupCommitError";
  return wrapped;
}

/** No connection could be had for the group: its statement never went out. */
class NotSent extends Error {
  constructor(readonly error: unknown) {
    super(error instanceof Error ? error.message : String(error));
    this.name = "NotSent";
  }
}

/**
 * Nothing of the statement committed: it never went out, or the database
 * answered with an error of its own (a SQLSTATE other than a connection failure).
 */
function refusedByDatabase(error: unknown): boolean {
  if (error instanceof NotSent) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) && !/^(08|57P)/.test(code);
}

class Lane<I, R> {
  private readonly queue: Pending<I, R>[] = [];
  private inFlight = 0;
  private scheduled = false;
  readonly stats: GroupStats = { groups: 0, lines: 0 };

  constructor(
    /** runs one group as one statement; returns each line's result in order */
    private readonly run: (items: I[]) => Promise<R[]>,
    /** lines with the same conflict key go in different groups */
    private readonly conflictKey: (item: I) => string,
  ) {}

  push(item: I, ticket?: WriteTicket): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject, ticket });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= IN_FLIGHT || this.queue.length === 0) return;
    this.scheduled = true;
    // the lines that arrive in this turn of the event loop go in the same group
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.inFlight < IN_FLIGHT && this.queue.length > 0) {
      const group: Pending<I, R>[] = [];
      const keys = new Set<string>();
      const later: Pending<I, R>[] = [];
      while (this.queue.length > 0 && group.length < MAX_GROUP) {
        const next = this.queue.shift() as Pending<I, R>;
        const key = this.conflictKey(next.item);
        if (keys.has(key)) {
          later.push(next);
          continue;
        }
        try {
          next.ticket?.send();
        } catch (closed) {
          next.reject(closed);
          continue;
        }
        keys.add(key);
        group.push(next);
      }
      this.queue.unshift(...later);
      if (group.length === 0) continue;
      this.inFlight++;
      this.stats.groups++;
      this.stats.lines += group.length;
      void this.runGroup(group).finally(() => {
        this.inFlight--;
        this.schedule();
      });
    }
  }

  private async runGroup(group: Pending<I, R>[]): Promise<void> {
    try {
      const results = await this.run(group.map((p) => p.item));
      for (const [i, p] of group.entries()) p.resolve(results[i] as R);
    } catch (error) {
      if (group.length > 1 && refusedByDatabase(error)) {
        // nothing of the group was stored: each line alone, so that one line's bad data fails only that line
        await Promise.all(group.map((p) => this.runGroup([p])));
        return;
      }
      const failure = asStorageError(error);
      for (const p of group) p.reject(failure);
    }
  }
}

export interface KeyedBatch {
  /** the request key (as stored) and this attempt's claim on it */
  key: string;
  marker: string;
  /** the key's value once the entries are stored (the receipt) */
  receipt: string;
  /** the entries' rows, in the column order of ENTRY_COLUMNS */
  rows: unknown[][];
}

/** activity_entry's columns as a keyed batch gives them, with each one's PostgreSQL type. */
export const ENTRY_COLUMNS: [string, string][] = [
  ["id", "text"],
  ["batchId", "text"],
  ["activityId", "text"],
  ["personId", "text"],
  ["loggedById", "text"],
  ["groupId", "text"],
  ["primary", "boolean"],
  ["day", "text"],
  ["minutes", "integer"],
  ["count", "integer"],
  ["note", "text"],
  ["source", "text"],
  ["createdAt", "timestamp(3)"],
];

/** Clients of a group commit's pool that have their "error" listener. */
const watched = new WeakSet<pg.PoolClient>();

/** A timestamp as the text PostgreSQL reads into `timestamp(3)` in UTC (as Prisma stores a DateTime). */
function utc(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

const q = (name: string) => `"${name}"`;

const CLAIM_SQL = `INSERT INTO "processed_request" ("key", "reply", "createdAt")
  SELECT * FROM unnest($1::text[], $2::text[], $3::timestamp(3)[])
  ON CONFLICT DO NOTHING
  RETURNING "key", "reply"`;

const ANSWER_SQL = `UPDATE "processed_request" AS p SET "reply" = a."reply"
  FROM unnest($1::text[], $2::text[], $3::text[]) AS a("key", "marker", "reply")
  WHERE p."key" = a."key" AND (p."reply" = a."marker" OR p."reply" LIKE 'receipt:%')
  RETURNING p."key"`;

const KEYED_SQL = (() => {
  const columns = ENTRY_COLUMNS.map(([name]) => q(name)).join(", ");
  const n = ENTRY_COLUMNS.length;
  const arrays = ENTRY_COLUMNS.map(([, type], i) => `$${i + 4}::${type}[]`).join(", ");
  return `WITH "claim" AS (
    UPDATE "processed_request" AS p SET "reply" = g."receipt"
      FROM unnest($1::text[], $2::text[], $3::text[]) AS g("key", "marker", "receipt")
     WHERE p."key" = g."key" AND p."reply" = g."marker"
    RETURNING p."key", g."marker"
  ), "stored" AS (
    INSERT INTO "activity_entry" (${columns})
    SELECT ${ENTRY_COLUMNS.map(([name]) => `e.${q(name)}`).join(", ")}
      FROM unnest(${arrays}, $${n + 4}::text[], $${n + 5}::text[]) AS e(${columns}, "claimKey", "claimMarker")
     WHERE EXISTS (SELECT 1 FROM "claim" AS c WHERE c."key" = e."claimKey" AND c."marker" = e."claimMarker")
    RETURNING 1
  )
  SELECT "key", "marker" FROM "claim"`;
})();

const DAY_ENTRIES_SQL = `SELECT q."i", e."personId", e."loggedById", e."activityId", e."minutes", e."count", e."note",
         e."createdAt"::text AS "createdAt"
    FROM unnest($1::integer[], $2::text[], $3::text[]) AS q("i", "personId", "day")
    JOIN "activity_entry" AS e ON e."personId" = q."personId" AND e."day" = q."day"
   WHERE e."undoneAt" IS NULL
   ORDER BY q."i", e."createdAt" DESC, e."id" DESC`;

/**
 * A row of a person's entries on a day, as the day-entries read returns it
 * (see entriesOnDay). `createdAt` is the stored UTC time as text: the driver
 * would read a timestamp without time zone in the process's own zone.
 */
export type DayEntryRow = Record<
  "personId" | "loggedById" | "activityId" | "minutes" | "count" | "note" | "createdAt",
  unknown
>;

export class GroupCommit {
  private pool: pg.Pool | null = null;
  private closed = false;
  private readonly claims: Lane<{ key: string; marker: string; at: Date }, boolean>;
  private readonly answers: Lane<{ key: string; marker: string; reply: string }, number>;
  private readonly keyed: Lane<KeyedBatch, number | null>;
  private readonly dayEntries: Lane<{ personIds: string[]; day: string }, DayEntryRow[]>;
  private reads = 0;

  private readonly poolSize: number;
  private readonly onQuery?: (sql: string, ms: number, direct: boolean) => void;

  constructor(
    private readonly url: string,
    options: {
      /** connections of its own (beside Prisma's pool); default: room for every kind's groups at once */
      poolSize?: number;
      /** told of every group's statement and its time (the benches count them) */
      onQuery?: (sql: string, ms: number, direct: boolean) => void;
    } = {},
  ) {
    this.poolSize = options.poolSize ?? 3 * IN_FLIGHT;
    this.onQuery = options.onQuery;
    this.claims = new Lane(
      async (items) => {
        const { rows } = await this.query<{ key: string; reply: string }>(CLAIM_SQL, [
          items.map((i) => i.key),
          items.map((i) => i.marker),
          items.map((i) => i.at.toISOString()),
        ]);
        const won = new Set(rows.map((r) => `${r.key}\n${r.reply}`));
        return items.map((i) => won.has(`${i.key}\n${i.marker}`));
      },
      (i) => i.key,
    );
    this.answers = new Lane<{ key: string; marker: string; reply: string }, number>(
      async (items) => {
        const { rows } = await this.query<{ key: string }>(ANSWER_SQL, [
          items.map((i) => i.key),
          items.map((i) => i.marker),
          items.map((i) => i.reply),
        ]);
        const changed = new Set(rows.map((r) => r.key));
        return items.map((i) => (changed.has(i.key) ? 1 : 0));
      },
      (i) => i.key,
    );
    this.keyed = new Lane(
      async (items) => {
        const columns = ENTRY_COLUMNS.map((_, c) => items.flatMap((i) => i.rows.map((row) => utc(row[c]))));
        const { rows } = await this.query<{ key: string; marker: string }>(KEYED_SQL, [
          items.map((i) => i.key),
          items.map((i) => i.marker),
          items.map((i) => i.receipt),
          ...columns,
          items.flatMap((i) => i.rows.map(() => i.key)),
          items.flatMap((i) => i.rows.map(() => i.marker)),
        ]);
        const stored = new Set(rows.map((r) => `${r.key}\n${r.marker}`));
        return items.map((i) => (stored.has(`${i.key}\n${i.marker}`) ? i.rows.length : null));
      },
      (i) => i.key,
    );
    // a read, gathered the same way: each line's people and day, one query for the lines in flight
    this.dayEntries = new Lane(
      async (items) => {
        const asked = items.flatMap((item, i) =>
          [...new Set(item.personIds)].map((personId) => ({ i, personId, day: item.day })),
        );
        const { rows } = await this.query<DayEntryRow & { i: number }>(DAY_ENTRIES_SQL, [
          asked.map((a) => a.i),
          asked.map((a) => a.personId),
          asked.map((a) => a.day),
        ]);
        const results: DayEntryRow[][] = items.map(() => []);
        for (const { i, ...row } of rows) results[i]?.push(row);
        return results;
      },
      () => String(this.reads++),
    );
  }

  /**
   * The entries (not undone) of these people on this day, newest first, read
   * together with the other lines' in flight (one query for all of them).
   */
  entriesOnDay(personIds: string[], day: string): Promise<DayEntryRow[]> {
    return this.dayEntries.push({ personIds, day });
  }

  /** Claims a request key for this attempt: true when it was free (see processedRequests.ts). */
  claim(key: string, marker: string, at: Date): Promise<boolean> {
    return this.claims.push({ key, marker, at });
  }

  /** Keeps a reply, unless a later attempt has taken the key over: 1 when kept, 0 when not. */
  answer(key: string, marker: string, reply: string): Promise<number> {
    return this.answers.push({ key, marker, reply });
  }

  /**
   * Stores a line's entries together with its claim becoming the receipt:
   * how many entries were stored, or null when the claim was no longer this
   * attempt's (nothing stored). Marked in the request's tracker as a keyed write.
   */
  async keyedInsert(batch: KeyedBatch): Promise<number | null> {
    const writes = currentWrites();
    const ticket = writes?.begin(true);
    try {
      const stored = await this.keyed.push(batch, ticket);
      if (stored === null) ticket?.failed(true);
      else ticket?.committed();
      return stored;
    } catch (error) {
      ticket?.failed(error instanceof WritesClosed || definiteFailure(error));
      throw error;
    }
  }

  /** Groups and lines so far, per kind. */
  stats(): Record<"claims" | "answers" | "keyed" | "dayEntries", GroupStats> {
    return {
      claims: this.claims.stats,
      answers: this.answers.stats,
      keyed: this.keyed.stats,
      dayEntries: this.dayEntries.stats,
    };
  }

  /** Ends the pool once the groups on their way are done; a group that would go out later is refused, unsent. */
  async close(): Promise<void> {
    this.closed = true;
    const pool = this.pool;
    this.pool = null;
    await pool?.end().catch(() => undefined);
  }

  private async query<T extends pg.QueryResultRow>(sql: string, values: unknown[]): Promise<pg.QueryResult<T>> {
    if (this.closed) throw new NotSent(new Error("the database was closed"));
    if (!this.pool) {
      // the driver is loaded with the first group (a SQLite service never loads it)
      const { default: Pg } = await import("pg");
      if (this.closed) throw new NotSent(new Error("the database was closed"));
      if (!this.pool) {
        this.pool = new Pg.Pool({
          connectionString: this.url,
          max: this.poolSize,
          connectionTimeoutMillis: 3_000,
          // its idle connections never keep a process alive that is otherwise done (a CLI command, a test)
          allowExitOnIdle: true,
        });
        // a connection lost while idle is dropped from the pool; the next group opens another
        this.pool.on("error", () => undefined);
      }
    }
    const pool = this.pool;
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw new NotSent(error);
    }
    if (!watched.has(client)) {
      watched.add(client);
      // a connection lost in the middle of a statement also emits "error" on its client, which the pool
      // listens to only while the client is idle: unheard, it would end the process. The statement itself
      // fails with the same error, and that is where it is handled
      client.on("error", () => undefined);
    }
    try {
      const started = performance.now();
      const result = await client.query<T>(sql, values);
      this.onQuery?.(sql, performance.now() - started, true);
      client.release();
      return result;
    } catch (error) {
      // a connection that failed is not given back for another group
      client.release(refusedByDatabase(error) ? undefined : (error as Error));
      throw error;
    }
  }
}

/** A group's failure that surely stored nothing (never sent, or refused by the database). */
function definiteFailure(error: unknown): boolean {
  return (error as { cause?: { definite?: unknown } } | null)?.cause?.definite === true;
}

/** The group commit of each PostgreSQL client opened by openDatabase (the repositories find theirs here). */
const byClient = new WeakMap<object, GroupCommit>();

export function registerGroupCommit(client: object, groupCommit: GroupCommit): void {
  byClient.set(client, groupCommit);
}

/** The group commit for a client's database; null on SQLite, or when opened without one. */
export function groupCommitOf(client: object): GroupCommit | null {
  return byClient.get(client) ?? null;
}
