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
}

export async function measureHotPath(
  databaseUrl: string,
  organisationFile: string,
  slackIds: string[],
  requests = 300,
): Promise<HotPathResult> {
  await migrateDatabase(databaseUrl);
  const core = await openBenchCore(databaseUrl);
  try {
    const today = dayInZone(new Date(), "Europe/Stockholm");
    const outcome = await importOrganisationText(core.prisma, readFileSync(organisationFile, "utf8"), today);
    if (!outcome.ok) throw new Error("bench organisation did not import");
    const one = (i: number) =>
      core.bot.handleMessage({
        platform: "slack",
        userId: slackIds[i % slackIds.length],
        // a note of its own and a few minutes: not a likely duplicate, never above the daily limit
        text: `logga 5min närvaro h${i}x${Date.now()}`,
        requestKey: `hotpath:${i}:${Date.now()}`,
      });
    for (let i = 0; i < 30; i++) await one(i); // warm-up
    core.queries.reset();
    let confirmed = 0;
    const started = performance.now();
    for (let i = 0; i < requests; i++) if ((await one(1000 + i)).text.includes("✅")) confirmed++;
    const ms = performance.now() - started;
    return {
      requests,
      msPerRequest: ms / requests,
      queriesPerRequest: core.queries.count / requests,
      dbMsPerRequest: core.queries.durationMs / requests,
      byKind: [...core.queries.byKind]
        .map(([k, n]): [string, number, number] => [k, n / requests, (core.queries.msByKind.get(k) ?? 0) / requests])
        .sort((a, b) => b[2] - a[2]),
      replies: confirmed,
    };
  } finally {
    await core.close();
  }
}
