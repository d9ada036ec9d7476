// The embedded database's own connection, for the few statements every
// `/logga` runs (claiming the request key, storing the entries, the team's
// standing). Through Prisma each costs ~0.3 ms of query compilation and client
// work; as prepared statements on the same better-sqlite3 connection, tens of
// microseconds. Same connection as Prisma's, so there is no second writer and
// no lock between them; everything else stays on Prisma.
//
// Prisma runs an interactive transaction on that one connection too, and its
// driver adapter lets other queries run inside it while it is open. A
// statement here waits until no transaction is open, so an entry the bot
// confirms never rides in (and is never rolled back with) someone else's; so
// do Prisma's own queries outside a transaction (a poll answer, a delivery
// claim): `share` makes the adapter wait the same way.
//
// better-sqlite3 waits for another process's write lock (an import from the
// command line, a backup) on the service's only thread. So a statement waits
// at most BUSY_WAIT_MS there, and is tried again after an asynchronous pause
// until BUSY_BUDGET_MS have passed: the service keeps answering meanwhile.
// Readiness takes the write lock here the same way, for an instant.
//
// The connection deletes securely (PRAGMA secure_delete): what is deleted is
// zeroed in the file.
//
// Writes go out in batches (group commit): every write asked for during one
// turn of the event loop runs in ONE transaction at the next turn, each in a
// savepoint of its own, and every caller learns its outcome only after the
// COMMIT. So a ✅ still comes only after its entries are committed, a write
// the database refuses changes nothing and fails only its own caller, and the
// lines in flight together pay for one commit instead of one each (three per
// `/logga` line before: the claim, the entries with their receipt, the reply).
// A batch runs synchronously from BEGIN to COMMIT, so nothing else on this
// thread (a read, Prisma) sees it half done.
//
// Each write is marked in its request's tracker (writeWatch.ts) when it is
// queued and sent when its batch runs, so one still queued when its request
// was answered "nothing was stored" never runs. A write keyed to its request
// key runs in one savepoint with the statement that claims it (`runIf`).
import type { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type BetterSqlite3 from "better-sqlite3";
import type { Prisma as SQL } from "../../generated/postgresql/client.js";
import type { Prisma } from "./prisma.js";
import type { WriteTicket } from "../core/writes.js";
import { queuedWrite, settleQueued } from "./writeWatch.js";

type AdapterFactory = Pick<PrismaBetterSQLite3, "provider" | "adapterName" | "connect" | "connectToShadowDb">;
type Adapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;

type Connection = BetterSqlite3.Database;

/** How long one attempt may block the thread waiting for another process's write lock (the driver's busy timeout). */
export const BUSY_WAIT_MS = 20;
/**
 * How long the attempts together may wait: under the core's 2.5 s answer
 * deadline, so a write never lands after the person was told "försök igen".
 */
const BUSY_BUDGET_MS = 1_500;
type Statement = BetterSqlite3.Statement;

/** The most writes in one batch (a larger queue goes out in several, one after the other). */
const MAX_BATCH = 500;

interface QueuedWrite {
  sql: string;
  execute: (connection: Connection) => unknown;
  /** marked in its request's tracker (null: no request, or bookkeeping only) */
  ticket: WriteTicket | null;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** while another process holds the write lock, the write waits until then (performance.now()) */
  giveUpAt: number;
}

/** A write of a batch that did not commit: SQLite says so for sure (nothing of it is stored). */
function fail(write: QueuedWrite, error: unknown): void {
  write.ticket?.failed(true);
  write.reject(error);
}

function partition<T>(items: T[], keep: (item: T) => boolean): [T[], T[]] {
  const kept: T[] = [];
  const rest: T[] = [];
  for (const item of items) (keep(item) ? kept : rest).push(item);
  return [kept, rest];
}

/** Told of every statement run here (the benches count them beside Prisma's). */
export type StatementObserver = (sql: string, ms: number) => void;

export class EmbeddedSqlite {
  private connection: Connection | null = null;
  private readonly statements = new Map<string, Statement>();
  /** writes waiting for the next batch */
  private readonly queue: QueuedWrite[] = [];
  private flushScheduled = false;
  /** batches committed and the writes they carried (the benches report commits per line from it) */
  readonly stats = { batches: 0, writes: 0 };
  observer: StatementObserver | null = null;

  /** Wraps Prisma's adapter factory so that the connection it opens is shared with us. */
  share(factory: AdapterFactory): AdapterFactory {
    const attach = (adapter: Adapter): Adapter => {
      const client = (adapter as unknown as { client?: Connection }).client;
      if (!client || typeof client.prepare !== "function") return adapter;
      this.connection = client;
      this.statements.clear();
      // deleted rows are overwritten with zeros, not left in free space: a closed
      // poll's sealed answers and key, a forgotten person's data
      client.pragma("secure_delete = ON");
      // queries outside a transaction wait for an open one to end (a transaction's own go through its object)
      const { queryRaw, executeRaw, startTransaction } = adapter;
      adapter.queryRaw = (query) => whileLocked(() => whenNoTransaction(client, () => queryRaw.call(adapter, query)));
      adapter.executeRaw = (query) =>
        whileLocked(() => whenNoTransaction(client, () => executeRaw.call(adapter, query)));
      adapter.startTransaction = async (isolationLevel) => {
        const transaction = await startTransaction.call(adapter, isolationLevel);
        const own = { queryRaw: transaction.queryRaw, executeRaw: transaction.executeRaw };
        transaction.queryRaw = (query) => whileLocked(() => own.queryRaw.call(transaction, query));
        transaction.executeRaw = (query) => whileLocked(() => own.executeRaw.call(transaction, query));
        return transaction;
      };
      return adapter;
    };
    return {
      provider: factory.provider,
      adapterName: factory.adapterName,
      connect: async () => attach(await factory.connect()),
      connectToShadowDb: () => factory.connectToShadowDb(),
    };
  }

  /** False until Prisma has connected (then callers use Prisma). */
  get ready(): boolean {
    return this.connection?.open === true;
  }

  /**
   * Takes the write lock and lets it go at once (BEGIN IMMEDIATE; ROLLBACK), for
   * readiness: throws SQLITE_BUSY when another process holds it past the wait a
   * write gets, SQLITE_READONLY when the database cannot be written.
   */
  takeWriteLock(): Promise<void> {
    return this.whenIdle("BEGIN IMMEDIATE", (connection) => {
      connection.exec("BEGIN IMMEDIATE");
      connection.exec("ROLLBACK");
    });
  }

  /** Runs a writing statement (written with `Prisma.sql`) in the next batch; returns how many rows it changed. */
  run(query: SQL.Sql): Promise<number> {
    return this.enqueue(
      query.sql,
      false,
      (connection) => this.statement(connection, query.sql).run(...bound(query)).changes,
    );
  }

  /**
   * Runs `write` only when `guard` changes exactly one row, both in one
   * savepoint of the next batch; null (and nothing written) when the guard
   * changed nothing.
   */
  runIf(guard: SQL.Sql, write: SQL.Sql): Promise<number | null> {
    return this.enqueue(write.sql, true, (connection) => {
      if (this.statement(connection, guard.sql).run(...bound(guard)).changes !== 1) return null;
      return this.statement(connection, write.sql).run(...bound(write)).changes;
    });
  }

  private enqueue<T>(sql: string, keyed: boolean, execute: (connection: Connection) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // refused here (WritesClosed) when its request was already answered "nothing was stored"
      const ticket = queuedWrite(sql, keyed);
      this.queue.push({
        sql,
        execute,
        ticket,
        resolve: resolve as (value: unknown) => void,
        reject,
        giveUpAt: performance.now() + BUSY_BUDGET_MS,
      });
      this.scheduleFlush(0);
    });
  }

  private scheduleFlush(delayMs: number): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    const flush = () => {
      this.flushScheduled = false;
      this.flush();
    };
    if (delayMs > 0) setTimeout(flush, delayMs);
    else setImmediate(flush);
  }

  /** Runs the queued writes in one transaction (see the file's header). */
  private flush(): void {
    if (this.queue.length === 0) return;
    const connection = this.connection;
    if (!connection?.open) {
      for (const write of this.queue.splice(0)) fail(write, new Error("the embedded database is not connected"));
      return;
    }
    // Prisma's interactive transaction is open on the connection: after it
    if (connection.inTransaction) {
      this.scheduleFlush(1);
      return;
    }
    try {
      this.statement(connection, "BEGIN IMMEDIATE").run();
    } catch (error) {
      // another process holds the write lock past the driver's wait: try again shortly, within each write's budget
      const now = performance.now();
      const [waiting, late] = partition(
        this.queue.splice(0),
        (write) => lockedElsewhere(error) && write.giveUpAt > now,
      );
      for (const write of late) fail(write, error);
      this.queue.unshift(...waiting);
      if (this.queue.length > 0) this.scheduleFlush(BUSY_WAIT_MS);
      return;
    }
    const batch = this.queue.splice(0, MAX_BATCH);
    const outcomes: ({ value: unknown } | { error: unknown })[] = [];
    let aborted: unknown = null;
    for (const write of batch) {
      try {
        write.ticket?.send();
      } catch (error) {
        outcomes.push({ error });
        continue;
      }
      const started = performance.now();
      try {
        this.statement(connection, "SAVEPOINT batch_write").run();
        const value = write.execute(connection);
        this.statement(connection, "RELEASE batch_write").run();
        outcomes.push({ value });
      } catch (error) {
        if (!connection.inTransaction) {
          // an error that ended the transaction itself (disk full, I/O): nothing of the batch is stored
          aborted = error;
          break;
        }
        this.statement(connection, "ROLLBACK TO batch_write").run();
        this.statement(connection, "RELEASE batch_write").run();
        outcomes.push({ error });
      }
      this.observer?.(write.sql, performance.now() - started);
    }
    if (aborted === null) {
      try {
        this.statement(connection, "COMMIT").run();
      } catch (error) {
        aborted = error;
      }
    }
    if (aborted !== null) {
      if (connection.inTransaction) connection.exec("ROLLBACK");
      for (const write of batch) fail(write, aborted);
    } else {
      this.stats.batches++;
      this.stats.writes += batch.length;
      batch.forEach((write, i) => {
        const outcome = outcomes[i];
        if ("error" in outcome) fail(write, outcome.error);
        else {
          settleQueued(write.ticket, outcome.value);
          write.resolve(outcome.value);
        }
      });
    }
    if (this.queue.length > 0) this.scheduleFlush(0);
  }

  /** Runs a reading statement; integers come back as numbers. */
  all<T>(query: SQL.Sql): Promise<T[]> {
    return this.whenIdle(query.sql, (connection) => this.statement(connection, query.sql).all(...bound(query)) as T[]);
  }

  private statement(connection: Connection, sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = connection.prepare(sql);
      if (statement.reader) statement.safeIntegers(false);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Runs `work` as soon as no transaction is open on the connection — checked
   * and run in the same tick, so none can begin in between.
   */
  private async whenIdle<T>(sql: string, work: (connection: Connection) => T): Promise<T> {
    return whileLocked(async () => {
      for (;;) {
        const connection = this.connection;
        if (!connection?.open) throw new Error("the embedded database is not connected");
        if (!connection.inTransaction) {
          const started = performance.now();
          const result = work(connection);
          this.observer?.(sql, performance.now() - started);
          return result;
        }
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    });
  }
}

/** Tries `attempt` again while another process holds the write lock, within BUSY_BUDGET_MS. */
async function whileLocked<T>(attempt: () => Promise<T>): Promise<T> {
  const deadline = performance.now() + BUSY_BUDGET_MS;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (!lockedElsewhere(error) || performance.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, BUSY_WAIT_MS));
    }
  }
}

/** SQLITE_BUSY from the driver, or as Prisma's adapter passes it on (a statement that did not run). */
function lockedElsewhere(error: unknown): boolean {
  const e = error as { code?: unknown; cause?: { originalCode?: unknown } } | null;
  return e?.code === "SQLITE_BUSY" || e?.cause?.originalCode === "SQLITE_BUSY";
}

/** Values as Prisma's SQLite adapter binds them: booleans 1/0, timestamps as ISO text. */
function bound(query: SQL.Sql): unknown[] {
  return query.values.map((v) => (v instanceof Date ? sqliteTimestamp(v) : typeof v === "boolean" ? (v ? 1 : 0) : v));
}

/**
 * Raw SQL (written once with `Prisma.sql`, portable) on the quickest path
 * there is: the shared SQLite connection when there is one, else Prisma's
 * `$executeRaw`/`$queryRaw`, which skip its query compiler too.
 */
export class RawStatements {
  constructor(
    private readonly prisma: Prisma,
    private readonly embedded: EmbeddedSqlite | null,
  ) {}

  /** How many rows the statement changed. */
  execute(query: SQL.Sql): Promise<number> {
    return this.embedded?.ready ? this.embedded.run(query) : this.prisma.$executeRaw(query);
  }

  /**
   * `write` only when `guard` changes exactly one row, atomically (one
   * transaction); null when the guard changed nothing. On PostgreSQL, where one
   * statement is one round trip, callers write the pair as one statement.
   */
  async executeIf(guard: SQL.Sql, write: SQL.Sql): Promise<number | null> {
    if (this.embedded?.ready) return this.embedded.runIf(guard, write);
    return this.prisma.$transaction(async (tx) => {
      if ((await tx.$executeRaw(guard)) !== 1) return null;
      return tx.$executeRaw(write);
    });
  }

  /** The database behind the client (a SQLite client may come without the shared connection). */
  get provider(): "sqlite" | "postgresql" {
    if (this.embedded) return "sqlite";
    const active = (this.prisma as unknown as { _activeProvider?: string })._activeProvider;
    return active === "sqlite" ? "sqlite" : "postgresql";
  }

  rows<T>(query: SQL.Sql): Promise<T[]> {
    return this.embedded?.ready ? this.embedded.all<T>(query) : this.prisma.$queryRaw<T[]>(query);
  }
}

async function whenNoTransaction<T>(client: Connection, work: () => Promise<T>): Promise<T> {
  while (client.open && client.inTransaction) await new Promise((resolve) => setTimeout(resolve, 1));
  return work();
}

/**
 * A timestamp column read with raw SQL, as a Date: PostgreSQL's driver gives
 * one; SQLite gives the stored text (Prisma's "…+00:00", or "YYYY-MM-DD
 * HH:MM:SS" in UTC as SQLite's CURRENT_TIMESTAMP writes it) or milliseconds.
 */
export function storedTimestamp(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === "number" || typeof value === "bigint") return new Date(Number(value));
  const text = String(value).trim();
  return new Date(/(?:[zZ]|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text.replace(" ", "T")}Z`);
}

/** An ISO timestamp as Prisma's SQLite adapter stores a DateTime ("…+00:00"). */
export function sqliteTimestamp(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}
