// The core as src/compose.ts builds it, but over a Prisma client opened here
// with query events, so that the benches can count (and time) every query.
// src/storage/database.ts has no hook for that; this mirrors openDatabase.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresClient } from "../generated/postgresql/client.js";
import { PrismaClient as SqliteClient } from "../generated/sqlite/client.js";
import { Loftesbot } from "../src/loftesbot.js";
import { createLogger } from "../src/log.js";
import { ActivityLogRepository } from "../src/storage/activityLogRepository.js";
import { AuditLog } from "../src/storage/auditLog.js";
import { type Prisma, providerOf, sqliteFilePath } from "../src/storage/database.js";
import { EmbeddedSqlite } from "../src/storage/embeddedSqlite.js";
import { OrganisationRepository } from "../src/storage/organisationRepository.js";
import { ProcessedRequests } from "../src/storage/processedRequests.js";
import { type Clock, type CoreContext, systemClock } from "../src/usecases/context.js";

export interface QueryCounter {
  count: number;
  /** the database's own time as Prisma reports it, ms */
  durationMs: number;
  /** statements by their first words, for the report */
  byKind: Map<string, number>;
  /** database time by kind, ms */
  msByKind: Map<string, number>;
  reset(): void;
}

export interface BenchCore {
  prisma: Prisma;
  ctx: CoreContext;
  bot: Loftesbot;
  queries: QueryCounter;
  close(): Promise<void>;
}

function counter(): QueryCounter {
  const c: QueryCounter = {
    count: 0,
    durationMs: 0,
    byKind: new Map(),
    msByKind: new Map(),
    reset() {
      c.count = 0;
      c.durationMs = 0;
      c.byKind.clear();
      c.msByKind.clear();
    },
  };
  return c;
}

function kindOf(sql: string): string {
  const table = /\b(?:FROM|INTO|UPDATE)\s+[`"]?(?:\w+[`"]?\.)?[`"]?(\w+)/i.exec(sql)?.[1] ?? "?";
  const verb = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? "?";
  return `${verb} ${table}${sql.endsWith("-- direct") ? " (direct)" : ""}`;
}

export function openBenchCore(url: string, options: { clock?: Clock; poolSize?: number } = {}): BenchCore {
  const queries = counter();
  const log = [{ emit: "event" as const, level: "query" as const }];
  let prisma: Prisma;
  let embedded: EmbeddedSqlite | null = null;
  const count = (query: string, duration: number) => {
    queries.count++;
    queries.durationMs += duration;
    const kind = kindOf(query);
    queries.byKind.set(kind, (queries.byKind.get(kind) ?? 0) + 1);
    queries.msByKind.set(kind, (queries.msByKind.get(kind) ?? 0) + duration);
  };
  if (providerOf(url) === "sqlite") {
    // as openDatabase: the hot statements of /logga on Prisma's own connection (counted as "direct")
    embedded = new EmbeddedSqlite();
    embedded.observer = (sql, ms) => count(`${sql} -- direct`, ms);
    const adapter = embedded.share(new PrismaBetterSQLite3({ url: sqliteFilePath(url), timeout: 10_000 }));
    prisma = new SqliteClient({ adapter, log }) as unknown as Prisma;
  } else {
    const adapter = new PrismaPg({
      connectionString: url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 3_000,
    });
    prisma = new PostgresClient({ adapter, log }) as unknown as Prisma;
  }
  (prisma as unknown as { $on(event: "query", cb: (e: { query: string; duration: number }) => void): void }).$on(
    "query",
    (event) => count(event.query, Number(event.duration)),
  );
  const ctx: CoreContext = {
    prisma,
    organisation: new OrganisationRepository(prisma),
    activityLog: new ActivityLogRepository(prisma, embedded),
    audit: new AuditLog(prisma),
    clock: options.clock ?? systemClock,
    timeZone: "Europe/Stockholm",
    defaultLang: "sv",
    pollMinResponses: 5,
    secret: "bench-secret",
    retention: { notesDays: 730, freeTextDays: 365, auditDays: 1825 },
    logger: createLogger("warn"),
  };
  const bot = new Loftesbot(ctx, new ProcessedRequests(prisma, embedded));
  return { prisma, ctx, bot, queries, close: () => prisma.$disconnect() };
}
