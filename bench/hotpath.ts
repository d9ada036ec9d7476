// Why /logga costs what it costs: the core's handleMessage for a one-line log,
// in process (no HTTP, no Slack), sequentially, with every Prisma query
// counted. Used by bench/run.ts for the report.
import { readFileSync } from "node:fs";
import { dayInZone } from "../src/domain/calendar.js";
import { importOrganisationText } from "../src/organisation/organisationStore.js";
import { migrateDatabase } from "../src/storage/migrate.js";
import { openBenchCore } from "./core.js";

export interface HotPathResult {
  requests: number;
  msPerRequest: number;
  queriesPerRequest: number;
  dbMsPerRequest: number;
  /** per request: statement kind, how many, database ms */
  byKind: [string, number, number][];
  replies: number;
  /** lines in flight at once */
  concurrency: number;
  /** lines per second of wall time */
  perSecond: number;
  /** CPU time of this process per line (ms) */
  cpuMsPerRequest: number;
  /** statements that change something (each its own commit outside a transaction) per line */
  writesPerRequest: number;
  /** commits per line: SQLite's batches (one carries the writes of the lines in flight); PostgreSQL: writesPerRequest */
  commitsPerRequest: number;
}

export async function measureHotPath(
  databaseUrl: string,
  organisationFile: string,
  slackIds: string[],
  requests = 300,
  options: { concurrency?: number; groupCommit?: boolean; migrated?: boolean } = {},
): Promise<HotPathResult> {
  const concurrency = options.concurrency ?? 1;
  if (!options.migrated) await migrateDatabase(databaseUrl);
  const core = await openBenchCore(databaseUrl, { groupCommit: options.groupCommit });
  try {
    const today = dayInZone(new Date(), "Europe/Stockholm");
    if (!options.migrated) {
      const outcome = await importOrganisationText(core.prisma, readFileSync(organisationFile, "utf8"), today);
      if (!outcome.ok) throw new Error("bench organisation did not import");
    }
    const run = `${Date.now()}:${Math.random().toString(36).slice(2, 6)}`;
    const one = (i: number) =>
      core.bot.handleMessage({
        platform: "slack",
        userId: slackIds[i % slackIds.length],
        // a note of its own and a few minutes: not a likely duplicate, never above the daily limit
        text: `logga 5min närvaro h${i}x${run.replace(/\W/g, "")}`,
        requestKey: `hotpath:${run}:${i}`,
      });
    for (let i = 0; i < 30; i++) await one(i); // warm-up
    core.queries.reset();
    const commitsBefore = core.commits();
    let confirmed = 0;
    const started = performance.now();
    const cpu = process.cpuUsage();
    let next = 0;
    const worker = async () => {
      while (next < requests) {
        const i = next++;
        if ((await one(1000 + i)).text.includes("✅")) confirmed++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    let writes = 0;
    for (const [kind, n] of core.queries.byKind) if (/^(INSERT|UPDATE|DELETE|WITH)\b/.test(kind)) writes += n;
    return {
      requests,
      msPerRequest: ms / requests,
      queriesPerRequest: core.queries.count / requests,
      dbMsPerRequest: core.queries.durationMs / requests,
      byKind: [...core.queries.byKind]
        .map(([k, n]): [string, number, number] => [k, n / requests, (core.queries.msByKind.get(k) ?? 0) / requests])
        .sort((a, b) => b[2] - a[2]),
      replies: confirmed,
      concurrency,
      perSecond: (requests / ms) * 1000,
      cpuMsPerRequest: (used.user + used.system) / 1000 / requests,
      writesPerRequest: writes / requests,
      commitsPerRequest:
        commitsBefore === null ? writes / requests : ((core.commits() ?? 0) - commitsBefore) / requests,
    };
  } finally {
    await core.close();
  }
}
