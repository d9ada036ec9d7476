// Opening the database: SQLite (embedded default) or PostgreSQL, one model.
// Both go through Prisma's JS engine with a driver adapter, so nothing native
// is downloaded. The SQLite client is generated from the same model (see
// prisma/generate.mjs) and has the same API; we type both as the PostgreSQL one.
// Readiness (whyNotWritable) is whether a write could succeed now, not only a read.
// Every write a request makes through either is marked in its tracker (writeWatch.ts).
// Only the opened database's client and driver adapter are loaded (the other
// provider's cost the service several MiB it never uses).
import { withTimeout } from "../core/deadline.js";
import { constants, mkdirSync } from "node:fs";
import { access, statfs } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { BUSY_WAIT_MS, EmbeddedSqlite } from "./embeddedSqlite.js";
import type { GroupCommit } from "./groupCommit.js";
import { noteQuery } from "./organisationCache.js";
import type { Prisma } from "./prisma.js";
import { watchWrites } from "./writeWatch.js";

export type { Prisma };
export type Provider = "sqlite" | "postgresql";

export interface Database {
  provider: Provider;
  url: string;
  prisma: Prisma;
  /** SQLite: Prisma's connection, shared for the hot statements of /logga (null on PostgreSQL) */
  embedded: EmbeddedSqlite | null;
  /** true when the database answers a trivial query */
  ping(): Promise<boolean>;
  /**
   * null when the database answers and could take a write now; else why not
   * ("unavailable", "read-only …", "disk full …", "locked by another process").
   * Writes nothing; answers within READINESS_TIMEOUT_MS.
   */
  whyNotWritable(): Promise<string | null>;
  close(): Promise<void>;
}

export function providerOf(url: string): Provider {
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) return "postgresql";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error(`DATABASE_URL must start with file: or postgresql:// (got "${url.split(":")[0]}:")`);
}

/** The file behind a `file:` URL, resolved against the working directory. */
export function sqliteFilePath(url: string): string {
  const path = url.slice("file:".length).split("?")[0];
  return path === ":memory:" ? path : resolve(path);
}

/** How long a readiness check may take (the /readyz answer). */
export const READINESS_TIMEOUT_MS = 2_000;

/** Less free space than this on the SQLite file's file system counts as a full disk. */
export const MIN_FREE_BYTES = 1024 * 1024;

export interface DatabaseOptions {
  /** told of every statement and its database time (the benches count them); `direct`: on the shared SQLite connection */
  onQuery?: (sql: string, ms: number, direct: boolean) => void;
  /** PostgreSQL connections (default 10) */
  poolSize?: number;
  /** PostgreSQL: false to run each /logga line's statements on their own (default: group commit) */
  groupCommit?: boolean;
}

type QueryEvents = { $on(event: "query", listener: (e: { query: string; duration: number }) => void): void };

export async function openDatabase(url: string, options: DatabaseOptions = {}): Promise<Database> {
  const provider = providerOf(url);
  const { onQuery } = options;
  const log = onQuery ? [{ emit: "event" as const, level: "query" as const }] : undefined;
  const watched = (client: unknown): Prisma => {
    if (onQuery) (client as QueryEvents).$on("query", (e) => onQuery(e.query, Number(e.duration), false));
    return watchOrganisationWrites(client as Prisma);
  };
  let prisma: Prisma;
  let embedded: EmbeddedSqlite | null = null;
  let groupCommit: GroupCommit | null = null;
  if (provider === "sqlite") {
    const file = sqliteFilePath(url);
    if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
    // better-sqlite3 waits for a lock on the only thread: each attempt waits at most
    // BUSY_WAIT_MS there, then is tried again without blocking (embeddedSqlite.ts)
    embedded = new EmbeddedSqlite();
    if (onQuery) embedded.observer = (sql, ms) => onQuery(sql, ms, true);
    const [{ PrismaBetterSQLite3 }, { PrismaClient: SqliteClient }] = await Promise.all([
      import("@prisma/adapter-better-sqlite3"),
      import("../../generated/sqlite/client.js"),
    ]);
    const adapter = watchWrites(
      embedded.share(new PrismaBetterSQLite3({ url: file, timeout: BUSY_WAIT_MS })),
      "sqlite",
    );
    prisma = watched(new SqliteClient({ adapter, log }));
  } else {
    const max = options.poolSize ?? 10;
    const [{ PrismaPg }, { PrismaClient: PostgresClient }, { GroupCommit, registerGroupCommit }] = await Promise.all([
      import("@prisma/adapter-pg"),
      import("../../generated/postgresql/client.js"),
      import("./groupCommit.js"),
    ]);
    const adapter = watchWrites(
      new PrismaPg({ connectionString: url, max, connectionTimeoutMillis: 3_000 }),
      "postgresql",
    );
    prisma = watched(new PostgresClient({ adapter, log }));
    // the statements of every /logga line, gathered into one commit per group (groupCommit.ts)
    if (options.groupCommit !== false) {
      groupCommit = new GroupCommit(url, { onQuery });
      registerGroupCommit(prisma, groupCommit);
    }
  }
  return {
    provider,
    url,
    prisma,
    embedded,
    async ping() {
      try {
        await withTimeout(prisma.$queryRawUnsafe("SELECT 1"), READINESS_TIMEOUT_MS);
        return true;
      } catch {
        return false;
      }
    },
    async whyNotWritable() {
      try {
        return await withTimeout(
          provider === "sqlite" ? sqliteWritable(url, prisma, embedded) : postgresWritable(prisma),
          READINESS_TIMEOUT_MS,
        );
      } catch {
        return "unavailable";
      }
    },
    async close() {
      await groupCommit?.close();
      await prisma.$disconnect();
    },
  };
}

/**
 * SQLite: the file and its directory can be written (not a read-only file
 * system, not taken away from us), there is room for the write-ahead log, and
 * the write lock can be taken (BEGIN IMMEDIATE, let go at once: held for
 * microseconds; waits for another process as a write does, at most 1.5 s).
 */
async function sqliteWritable(url: string, prisma: Prisma, embedded: EmbeddedSqlite | null): Promise<string | null> {
  const file = sqliteFilePath(url);
  if (file !== ":memory:") {
    for (const path of [file, dirname(file)]) {
      try {
        await access(path, constants.W_OK);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return code === "EROFS" ? "read-only file system" : `not writable (${code})`;
      }
    }
    const space = await statfs(dirname(file));
    const free = space.bavail * space.bsize;
    if (free < MIN_FREE_BYTES) return `disk full (${Math.floor(free / 1024)} KiB free)`;
  }
  await prisma.$queryRawUnsafe("SELECT 1"); // connects Prisma, whose connection the embedded one is
  if (!embedded?.ready) return null;
  try {
    await embedded.takeWriteLock();
    return null;
  } catch (error) {
    const code = String((error as { code?: unknown }).code ?? "");
    if (code === "SQLITE_BUSY") return "locked by another process";
    if (code.startsWith("SQLITE_READONLY")) return "read-only";
    if (code === "SQLITE_FULL") return "disk full";
    throw error;
  }
}

/**
 * PostgreSQL: a session that starts now may write (not a standby in recovery,
 * not default_transaction_read_only, which managed servers set when their
 * storage is nearly full). One query, no transaction.
 */
async function postgresWritable(prisma: Prisma): Promise<string | null> {
  const rows = await prisma.$queryRawUnsafe<{ read_only: string }[]>(
    "SELECT current_setting('transaction_read_only') AS read_only",
  );
  return rows[0]?.read_only === "off" ? null : "read-only";
}

/** Every write to an organisation table invalidates the in-memory organisation cache. */
function watchOrganisationWrites(client: Prisma): Prisma {
  return client.$extends({
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          const result = await query(args);
          noteQuery(model, operation);
          return result;
        },
      },
    },
  }) as unknown as Prisma;
}
