// The core as src/app/compose.ts builds it, over the service's own openDatabase
// with its query hook, so that the benches count (and time) every query.
import { registry } from "../src/features/index.js";
import { DeliveryLedger } from "../src/schedules/deliveryLedger.js";
import { LedgerOutbound } from "../src/schedules/outbound.js";
import { Loftesbot } from "../src/core/loftesbot.js";
import { createLogger } from "../src/core/log.js";
import { ActivityLogRepository } from "../src/storage/activityLogRepository.js";
import { PersonRoutes } from "../src/delivery/routes.js";
import { AuditLog } from "../src/storage/auditLog.js";
import { openDatabase, type Prisma } from "../src/storage/database.js";
import { OrganisationRepository } from "../src/storage/organisationRepository.js";
import { ProcessedRequests } from "../src/storage/processedRequests.js";
import { type Clock, type CoreContext, systemClock } from "../src/core/context.js";

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
  /** commits so far: SQLite's batches on the shared connection (null on PostgreSQL, where each write statement is one) */
  commits(): number | null;
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

export async function openBenchCore(
  url: string,
  options: { clock?: Clock; poolSize?: number; groupCommit?: boolean } = {},
): Promise<BenchCore> {
  const queries = counter();
  const count = (query: string, duration: number) => {
    queries.count++;
    queries.durationMs += duration;
    const kind = kindOf(query);
    queries.byKind.set(kind, (queries.byKind.get(kind) ?? 0) + 1);
    queries.msByKind.set(kind, (queries.msByKind.get(kind) ?? 0) + duration);
  };
  const db = await openDatabase(url, {
    poolSize: options.poolSize,
    groupCommit: options.groupCommit,
    onQuery: (sql, ms, direct) => count(direct ? `${sql} -- direct` : sql, ms),
  });
  const { prisma, embedded } = db;
  const ctx: CoreContext = {
    prisma,
    organisation: new OrganisationRepository(prisma),
    activityLog: new ActivityLogRepository(prisma, embedded),
    audit: new AuditLog(prisma),
    routes: new PersonRoutes(prisma),
    clock: options.clock ?? systemClock,
    timeZone: "Europe/Stockholm",
    defaultLang: "sv",
    pollMinResponses: 5,
    secret: "bench-secret",
    retention: { notesDays: 730, freeTextDays: 365, auditDays: 1825 },
    // no chat platforms: deliveries answer "no-platform", no job is started from a command
    outbound: new LedgerOutbound(new DeliveryLedger(prisma, "bench"), {}, () => ctx.clock.now()),
    jobs: { runNow: () => undefined },
    logger: createLogger("warn"),
  };
  const bot = new Loftesbot(ctx, new ProcessedRequests(prisma, embedded, ctx.secret), registry);
  return { prisma, ctx, bot, queries, commits: () => embedded?.stats.batches ?? null, close: () => db.close() };
}
