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
// Each write here is marked in its request's tracker (writeWatch.ts) as it
// runs, so one that has not run when its request was answered "nothing was
// stored" never runs. A write keyed to its request key runs in one
// transaction with the statement that claims it (`runIf`).
import type { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type BetterSqlite3 from "better-sqlite3";
import type { Prisma as SQL } from "../../generated/postgresql/client.js";
import type { Prisma } from "./prisma.js";
import { trackedSync } from "./writeWatch.js";

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

/** Told of every statement run here (the benches count them beside Prisma's). */
export type StatementObserver = (sql: string, ms: number) => void;

export class EmbeddedSqlite {
  private connection: Connection | null = null;
  private readonly statements = new Map<string, Statement>();
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

  /** Runs a writing statement (written with `Prisma.sql`); returns how many rows it changed. */
  run(query: SQL.Sql): Promise<number> {
    return this.whenIdle(query.sql, (connection) =>
      trackedSync(query.sql, () => this.statement(connection, query.sql).run(...bound(query)).changes),
    );
  }

  /**
   * Runs `write` only when `guard` changes exactly one row, both in one
   * transaction; null (and nothing written) when the guard changed nothing.
   */
  runIf(guard: SQL.Sql, write: SQL.Sql): Promise<number | null> {
    return this.whenIdle(write.sql, (connection) =>
      trackedSync(
        write.sql,
        () =>
          connection.transaction(() => {
            if (this.statement(connection, guard.sql).run(...bound(guard)).changes !== 1) return null;
            return this.statement(connection, write.sql).run(...bound(write)).changes;
          })(),
        true,
      ),
    );
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
