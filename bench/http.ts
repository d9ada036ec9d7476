// The HTTP benches (scenarios 1 and 2): the service on SQLite and on
// PostgreSQL and a bare SDK floor, all started once and loaded in turn at each
// rate (floor, SQLite, PostgreSQL), so that a busy moment on a shared machine
// hits them alike. After the steps, every confirmed entry is looked for in
// activity_entry.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import pg from "pg";
import {
  type Child,
  createPgDatabase,
  dropPgDatabase,
  freePort,
  httpAnswers,
  httpOk,
  log,
  memoryOf,
  pgUrlFor,
  resetPeak,
  SERVICE_NODE_FLAGS,
  settle,
  sleep,
  startChild,
} from "./common.js";
import type { FakeSlack } from "./fakeSlack.js";
import { type LoadRequest, type LoadResult, runLoad } from "./load.js";
import type { BenchOrganisation } from "./org.js";

export interface HttpScenario {
  /** "slack" | "teams" */
  name: string;
  /** the bare SDK app: a script under bench/ */
  floorScript: string;
  floorEnv: Record<string, string>;
  /** environment for the service beyond the database and port */
  serviceEnv: Record<string, string>;
  /** builds request number `i` for a target (`target` names the response_url path, etc.) */
  build(i: number, target: string): LoadRequest;
  /** an answer of the service that confirms a stored entry */
  confirmed(status: number, body: string): boolean;
  /** an answer of the floor that is what the floor answers */
  floorOk(status: number, body: string): boolean;
}

export interface StepRow {
  target: string;
  result: LoadResult;
  peakMiB: number | null;
  /** the peak during this step alone (VmHWM reset as the step began); null where it cannot be reset */
  stepPeakMiB: number | null;
  cpuNote?: string;
}

export interface CommitCheck {
  target: string;
  sent: number;
  confirmedInBody: number;
  confirmedLater: number;
  /** answered 2xx without a confirmation (e.g. "försök igen") */
  answeredUnconfirmed: number;
  /** not answered before the step ended, or failed */
  unanswered: number;
  rows: number;
  ok: boolean;
}

export interface HttpBenchResult {
  scenario: string;
  steps: StepRow[];
  commits: CommitCheck[];
  startupMs: Record<string, number>;
  /** resident and peak memory of each target once started, before any load (MiB) */
  startMiB: Record<string, { rssMiB: number; peakMiB: number } | null>;
  notes: string[];
}

interface Target {
  name: string;
  child: Child;
  kind: "floor" | "sqlite" | "postgresql";
  countRows?: () => Promise<number>;
  cleanup?: () => Promise<void>;
  confirmed: number;
  sent: number;
  unconfirmed: number;
  unanswered: number;
}

export async function runHttpBench(
  scenario: HttpScenario,
  options: {
    rates: number[];
    durationS: number;
    organisation: BenchOrganisation;
    fake: FakeSlack;
    databases: ("sqlite" | "postgresql")[];
  },
): Promise<HttpBenchResult> {
  const targets: Target[] = [];
  const startupMs: Record<string, number> = {};
  const notes: string[] = [];
  const tmp = mkdtempSync(join(tmpdir(), `loftesbench-${scenario.name}-`));
  try {
    // the floor and the service once per database, started side by side
    const startFloor = async (): Promise<Target> => {
      const port = await freePort();
      const started = performance.now();
      const child = await startChild(
        `${scenario.name}-floor`,
        ["bin/run-ts.mjs", scenario.floorScript],
        { PORT: String(port), ...scenario.floorEnv },
        port,
        () => httpAnswers(`http://127.0.0.1:${port}/`),
      );
      startupMs.floor = performance.now() - started;
      return { name: "floor", child, kind: "floor", confirmed: 0, sent: 0, unconfirmed: 0, unanswered: 0 };
    };
    const startService = async (kind: "sqlite" | "postgresql"): Promise<Target> => {
      const port = await freePort();
      let databaseUrl: string;
      let countRows: () => Promise<number>;
      let cleanup: (() => Promise<void>) | undefined;
      if (kind === "sqlite") {
        const file = join(tmp, "loftesbot.db");
        databaseUrl = `file:${file}`;
        countRows = async () => {
          const db = new Sqlite(file, { readonly: true });
          try {
            return (db.prepare("SELECT COUNT(*) AS n FROM activity_entry").get() as { n: number }).n;
          } finally {
            db.close();
          }
        };
      } else {
        const name = await createPgDatabase(`loftesbench_${scenario.name}`);
        databaseUrl = pgUrlFor(name);
        countRows = async () => {
          const client = new pg.Client({ connectionString: databaseUrl });
          await client.connect();
          try {
            return Number((await client.query("SELECT COUNT(*) AS n FROM activity_entry")).rows[0].n);
          } finally {
            await client.end();
          }
        };
        cleanup = () => dropPgDatabase(name);
      }
      const started = performance.now();
      const child = await startChild(
        `${scenario.name}-${kind}`,
        [
          ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
          ...SERVICE_NODE_FLAGS,
          // more node flags for the service only (a later flag wins: --max-semi-space-size=16 is V8's default)
          ...(process.env.BENCH_SERVICE_NODE_ARGS?.split(" ").filter(Boolean) ?? []),
          "bin/loftesbot.mjs",
          "serve",
        ],
        {
          PORT: String(port),
          DATABASE_URL: databaseUrl,
          LOFTESBOT_ORG_FILE: options.organisation.file,
          LOFTESBOT_DEMO: "0",
          LOFTESBOT_SCHEDULES: "0",
          LOFTESBOT_SECRET: "bench-secret",
          LOG_LEVEL: "warn",
          ...scenario.serviceEnv,
        },
        port,
        () => httpOk(`http://127.0.0.1:${port}/readyz`),
        120_000,
      );
      startupMs[kind] = performance.now() - started;
      return {
        name: kind,
        child,
        kind,
        countRows,
        cleanup,
        confirmed: 0,
        sent: 0,
        unconfirmed: 0,
        unanswered: 0,
      };
    };
    targets.push(...(await Promise.all([startFloor(), ...options.databases.map(startService)])));
    log(
      `${scenario.name}: started ${targets.map((t) => `${t.name} (pid ${t.child.pid}, ${Math.round(startupMs[t.name])} ms)`).join(", ")}`,
    );

    const startMiB: HttpBenchResult["startMiB"] = {};
    for (const target of targets) startMiB[target.name] = memoryOf(target.child.pid);
    const steps: StepRow[] = [];
    let counter = 0;
    // warm-up (JIT, connection pools): one second at a low rate; its entries count in the commit check
    for (const target of targets) {
      const base = counter;
      const warm = await runLoad({
        title: `${scenario.name} ${target.name} warm-up`,
        baseUrl: `http://127.0.0.1:${target.child.port}`,
        rate: 100,
        durationS: 1,
        build: (i) => scenario.build(base + i, target.name),
        confirmed: target.kind === "floor" ? scenario.floorOk : scenario.confirmed,
      });
      counter += warm.sent + 1;
      target.confirmed += warm.confirmed;
      target.sent += warm.sent;
      target.unconfirmed += warm.unconfirmed2xx;
      target.unanswered += warm.unanswered + warm.errors;
      await settle(target.child.pid);
    }
    for (const rate of options.rates) {
      for (const target of targets) {
        const base = counter;
        // the whole life's peak so far (start-up, the organisation file's import, earlier steps), then this step's own
        const lifePeak = memoryOf(target.child.pid)?.peakMiB ?? null;
        const peakReset = resetPeak(target.child.pid);
        const result = await runLoad({
          title: `${scenario.name} ${target.name} ${rate}/s`,
          baseUrl: `http://127.0.0.1:${target.child.port}`,
          rate,
          durationS: options.durationS,
          build: (i) => scenario.build(base + i, target.name),
          confirmed: target.kind === "floor" ? scenario.floorOk : scenario.confirmed,
        });
        counter += result.sent + 1;
        target.confirmed += result.confirmed;
        target.sent += result.sent;
        target.unconfirmed += result.unconfirmed2xx;
        target.unanswered += result.unanswered + result.errors;
        const memory = memoryOf(target.child.pid);
        const stepPeak = peakReset ? (memory?.peakMiB ?? null) : null;
        steps.push({
          target: target.name,
          result,
          peakMiB: memory === null ? null : Math.max(memory.peakMiB, lifePeak ?? 0),
          stepPeakMiB: stepPeak,
        });
        log(
          `${scenario.name} ${target.name} ${rate}/s: ${result.throughput.toFixed(0)}/s p50 ${result.p50} ms p99 ${result.p99} ms ` +
            `2xx ${result.ok2xx} non2xx ${result.non2xx} errors ${result.errors} confirmed ${result.confirmed}`,
        );
        // work still running after the step (queued requests, answers after an ack) ends before the next turn
        await settle(target.child.pid);
      }
    }

    // every confirmed entry committed?
    for (const target of targets) await settle(target.child.pid);
    await sleep(500);
    const commits: CommitCheck[] = [];
    for (const target of targets) {
      if (!target.countRows) continue;
      const rows = await target.countRows();
      const later = options.fake.stats.confirmedBy.get(`${scenario.name}-${target.name}`) ?? 0;
      const confirmations = target.confirmed + later;
      commits.push({
        target: target.name,
        sent: target.sent,
        confirmedInBody: target.confirmed,
        confirmedLater: later,
        answeredUnconfirmed: target.unconfirmed,
        unanswered: target.unanswered,
        rows,
        ok: rows >= confirmations && rows <= target.sent,
      });
      if (rows < confirmations)
        notes.push(
          `${scenario.name}/${target.name}: CONFIRMED ENTRIES MISSING: ${rows} rows for ${confirmations} confirmations`,
        );
      else if (rows > confirmations)
        notes.push(
          `${scenario.name}/${target.name}: ${rows - confirmations} entries stored without a confirmation reaching the person ` +
            `(${target.unconfirmed} answered without ✅, ${target.unanswered} not answered before their step ended)`,
        );
    }
    return { scenario: scenario.name, steps, commits, startupMs, startMiB, notes };
  } finally {
    for (const target of targets) {
      await target.child.stop().catch(() => undefined);
      await target.cleanup?.().catch(() => undefined);
    }
    rmSync(tmp, { recursive: true, force: true });
  }
}
