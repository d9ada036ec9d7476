// `npm run bench`: Löftesbot under load, over HTTP and through its jobs.
//
//   npm run bench                       the full run (~5 minutes on 2 cores)
//   npm run bench -- --quick            2-second steps, a small national set (development)
//   npm run bench -- --only slack,teams,national,fanout,hotpath,pg,memory,scaleout
//   npm run bench -- --duration 10 --rates 250,500,1000,2000 --entries 1000000
//   npm run bench -- --national-sqlite  the national scenario on SQLite as well
//   npm run bench -- --databases postgresql   the HTTP scenarios on these databases only (default sqlite,postgresql)
//   npm run bench -- --digest-budget 15 seconds of digests to measure before extrapolating over the LPOs
//   npm run bench -- --fanout-concurrency 200   the JobRunner's concurrency for the fan-out (default: its own, 16)
//   npm run bench -- --runner           also the weekly status through the JobRunner with a discarding sender
//   npm run bench -- --report FILE      also write the figures (Markdown) to FILE
//
// It prints tables of figures and asserts nothing about time. It starts and
// stops its own processes and drops the PostgreSQL databases it created.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  createPgDatabase,
  dropAllPgDatabases,
  fmt,
  loadAverage,
  log,
  machine,
  pgAvailable,
  pgUrlFor,
  stopAllChildren,
  table,
} from "./common.js";
import { FakeSlack } from "./fakeSlack.js";
import { FANOUT_LIMITS, type FanoutResult, runFanout } from "./fanout.js";
import { measureHotPath } from "./hotpath.js";
import { type HttpBenchResult, runHttpBench } from "./http.js";
import { generatePostgres, generateSqlite, measureNational, NATIONAL, type NationalResult } from "./national.js";
import { writeBenchOrganisation } from "./org.js";
import { runScaleOut } from "./scaleout.js";
import { slackScenario } from "./slack.js";
import { teamsScenario } from "./teams.js";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    only: { type: "string" },
    duration: { type: "string" },
    "teams-duration": { type: "string" },
    "fanout-concurrency": { type: "string" },
    rates: { type: "string" },
    "teams-rates": { type: "string" },
    entries: { type: "string" },
    people: { type: "string" },
    "national-sqlite": { type: "boolean", default: false },
    "digest-budget": { type: "string" },
    runner: { type: "boolean", default: false },
    "no-postgres": { type: "boolean", default: false },
    databases: { type: "string" },
    "memory-rate": { type: "string" },
    instances: { type: "string" },
    "scale-rates": { type: "string" },
    report: { type: "string" },
  },
  allowPositionals: false,
});

const quick = values.quick === true;
const only = new Set(
  (values.only ?? "slack,teams,national,fanout,hotpath,pg,memory,scaleout").split(",").map((s) => s.trim()),
);
const durationS = Number(values.duration ?? (quick ? 2 : 10));
const teamsDurationS = Number(values["teams-duration"] ?? (quick ? 2 : 4));
const rates = (values.rates ?? "250,500,1000,2000,4000").split(",").map(Number);
const teamsRates = (values["teams-rates"] ?? values.rates ?? "250,1000,2000").split(",").map(Number);
const entries = Number(values.entries ?? (quick ? 100_000 : NATIONAL.entries));
const peopleCount = Number(values.people ?? 2000);

const out: string[] = [];
const say = (text = "") => {
  out.push(text);
  process.stdout.write(`${text}\n`);
};

function httpTable(result: HttpBenchResult, floorName: string): string {
  const floorAt = new Map(result.steps.filter((s) => s.target === "floor").map((s) => [s.result.rate, s.result]));
  return table(
    [
      "target",
      "offered/s",
      "done/s",
      "p50 ms",
      "p99 ms",
      "max ms",
      "2xx",
      "non-2xx",
      "errors",
      "confirmed",
      "peak RSS MiB",
      `done/s vs ${floorName}`,
      `p99 vs ${floorName}`,
    ],
    result.steps.map(({ target, result: r, peakMiB }) => {
      const floor = floorAt.get(r.rate);
      const isFloor = target === "floor";
      return [
        isFloor ? floorName : `Löftesbot ${target}`,
        r.rate,
        fmt.n(r.throughput),
        fmt.ms(r.p50),
        fmt.ms(r.p99),
        fmt.ms(r.max),
        r.ok2xx,
        r.non2xx,
        r.errors +
          (r.timeouts ? ` (${r.timeouts} timeouts)` : "") +
          (r.unanswered ? `, ${r.unanswered} unanswered` : ""),
        r.confirmed,
        peakMiB === null ? "–" : fmt.n(peakMiB),
        isFloor || !floor ? "" : `${fmt.n((100 * r.throughput) / floor.throughput)} %`,
        isFloor || !floor ? "" : `${fmt.n(r.p99 / Math.max(floor.p99, 1), 1)}×`,
      ];
    }),
  );
}

function commitTable(result: HttpBenchResult): string {
  return table(
    [
      "target",
      "requests sent",
      "✅ in the answer",
      "✅ via response_url",
      "answered without ✅",
      "unanswered at step end",
      "rows in activity_entry",
      "every confirmed entry committed",
    ],
    result.commits.map((c) => [
      `Löftesbot ${c.target}`,
      c.sent,
      c.confirmedInBody,
      c.confirmedLater,
      c.answeredUnconfirmed,
      c.unanswered,
      c.rows,
      c.ok ? "yes" : "NO",
    ]),
  );
}

function nationalTable(result: NationalResult): string {
  const rows: (string | number)[][] = [
    ["one plain SQL aggregate (floor)", fmt.s(result.floor.ms), 1, "–", `${result.floor.rows} rows`, "1.0×"],
  ];
  for (const m of result.measures)
    rows.push([
      m.what,
      fmt.s(m.ms),
      m.queries,
      fmt.s(m.dbMs),
      `${m.messages} messages${m.note ? `; ${m.note}` : ""}`,
      `${fmt.n(m.ms / result.floor.ms, 1)}×`,
    ]);
  return table(["what", "wall s", "queries", "Σ query s", "output", "vs floor"], rows);
}

function fanoutTable(r: FanoutResult): string {
  return table(
    [
      "channels",
      "wall s",
      "sent",
      "failed",
      "postMessage calls",
      "accepted",
      "429s",
      "duplicates",
      "charts uploaded",
      "queries",
      "repeat run: sent again",
    ],
    [
      [
        r.channels,
        fmt.s(r.ms),
        r.outcome.sent,
        r.outcome.failed,
        r.postMessageCalls,
        r.accepted,
        r.rateLimited,
        r.duplicates,
        r.uploads,
        r.queries,
        `${r.repeat.newPosts} (already delivered ${r.repeat.outcome.alreadyDone}, ${fmt.s(r.repeat.ms)} s)`,
      ],
    ],
  );
}

async function main(): Promise<void> {
  const started = performance.now();
  const info = machine();
  const postgres = !values["no-postgres"] && (await pgAvailable());
  if (!postgres) log("PostgreSQL is not available (or --no-postgres): its scenarios are skipped");
  say("# Löftesbot benchmark");
  say();
  say(
    table(
      ["machine", ""],
      Object.entries(info).map(([k, v]) => [k, v]),
    ),
  );
  say();
  say(
    `Settings: steps of ${durationS} s (Slack) and ${teamsDurationS} s (Teams) at ${rates.join(", ")} / ${teamsRates.join(", ")} requests/s; ` +
      `${peopleCount} people; national: ${entries.toLocaleString("en")} entries.`,
  );

  const fake = new FakeSlack();
  await fake.start();
  const tmp = mkdtempSync(join(tmpdir(), "loftesbench-"));
  const notes: string[] = [];
  try {
    const organisation = writeBenchOrganisation(
      join(tmp, "organisation.json"),
      peopleCount,
      Math.max(1, peopleCount / 20),
    );
    const wanted = new Set((values.databases ?? "sqlite,postgresql").split(",").map((s) => s.trim()));
    const databases = (["sqlite", "postgresql"] as const).filter((d) => wanted.has(d) && (d === "sqlite" || postgres));

    if (only.has("slack")) {
      say();
      say("## 1. Slack: signed `/logga` slash commands");
      const result = await runHttpBench(slackScenario(organisation, fake), {
        rates,
        durationS,
        organisation,
        fake,
        databases,
      });
      say();
      say(httpTable(result, "bare Bolt"));
      say();
      say(commitTable(result));
      notes.push(...result.notes);
    }

    if (only.has("memory")) {
      say();
      say("## Memory: the service against the bare Bolt + botbuilder floor, under the same Slack load");
      const memoryRate = Number(values["memory-rate"] ?? 1000);
      const result = await runHttpBench(
        { ...slackScenario(organisation, fake), floorScript: "bench/memoryFloor.ts" },
        { rates: [memoryRate], durationS, organisation, fake, databases },
      );
      const floor = result.steps.find((s) => s.target === "floor");
      const ratio = (mine: number | null, theirs: number | null | undefined) =>
        mine === null || theirs === null || theirs === undefined ? "–" : `${fmt.n(mine / theirs, 2)}×`;
      say();
      say(
        table(
          [
            "target",
            "RSS after start MiB",
            "peak RSS after start MiB",
            `peak RSS during ${durationS} s at ${memoryRate}/s MiB`,
            "peak RSS of the whole run MiB",
            "done/s",
            "peak during the load vs floor",
            "peak of the whole run vs floor",
          ],
          result.steps.map(({ target, result: r, peakMiB, stepPeakMiB }) => {
            const start = result.startMiB[target];
            const isFloor = target === "floor";
            return [
              isFloor ? "bare Bolt + botbuilder" : `Löftesbot ${target}`,
              start ? fmt.n(start.rssMiB) : "–",
              start ? fmt.n(start.peakMiB) : "–",
              stepPeakMiB === null ? "–" : fmt.n(stepPeakMiB),
              peakMiB === null ? "–" : fmt.n(peakMiB),
              fmt.n(r.throughput),
              isFloor ? "" : ratio(stepPeakMiB, floor?.stepPeakMiB),
              isFloor ? "" : ratio(peakMiB, floor?.peakMiB),
            ];
          }),
        ),
      );
      say();
      say(
        "Peak RSS = VmHWM of the process (/proc/<pid>/status). 'During the load': VmHWM started afresh as the step began " +
          "(/proc/<pid>/clear_refs), so it is the step's own peak; 'whole run': from the process's start, so it includes " +
          "start-up (migration, the first import of the organisation file) and the warm-up. " +
          "The floor (bench/memoryFloor.ts) loads @slack/bolt and botbuilder and acks every command.",
      );
      notes.push(...result.notes.map((n) => `memory: ${n}`));
    }

    if (only.has("scaleout") && postgres) {
      say();
      const instances = Number(values.instances ?? 3);
      const scaleRates = (values["scale-rates"] ?? "1000,4000").split(",").map(Number);
      say(`## Scale-out: ${instances} instances on one PostgreSQL behind a round-robin proxy (loopback)`);
      const result = await runScaleOut({ instances, rates: scaleRates, durationS, organisation, fake });
      const floorAt = new Map(
        result.steps.filter((s) => s.target.includes("bare")).map((s) => [s.result.rate, s.result]),
      );
      say();
      say(
        table(
          [
            "target",
            "offered/s",
            "done/s",
            "p50 ms",
            "p99 ms",
            "confirmed",
            "cores used (its processes)",
            "cores used (the proxy)",
            "lines per core-second",
            "peak RSS MiB (largest process)",
            "done/s vs bare Bolt",
          ],
          result.steps.map(({ target, result: r, cpuS, proxyCpuS, peakMiB }) => {
            const floor = floorAt.get(r.rate);
            const busy = cpuS / Math.max(r.durationS, 0.001);
            return [
              target,
              r.rate,
              fmt.n(r.throughput),
              fmt.ms(r.p50),
              fmt.ms(r.p99),
              r.confirmed,
              fmt.n(busy, 2),
              fmt.n(proxyCpuS / Math.max(r.durationS, 0.001), 2),
              cpuS > 0 ? fmt.n((r.throughput * r.durationS) / cpuS) : "–",
              peakMiB === null ? "–" : fmt.n(peakMiB),
              target.includes("bare") || !floor ? "" : `${fmt.n((100 * r.throughput) / floor.throughput)} %`,
            ];
          }),
        ),
      );
      const l = result.lines;
      say();
      say(
        table(
          [
            "requests to the services (with repeats)",
            "of them repeats to the next instance",
            "lines confirmed (✅)",
            "lines stored",
            "confirmed but not stored",
            "stored more than once",
          ],
          [[l.sent, l.repeats, l.confirmed, l.stored, l.missing, l.duplicated]],
        ),
      );
      const j = result.jobs;
      say();
      say(
        table(
          ["job", "run on", "bound channels", "chat.postMessage accepted", "duplicates", "wall s"],
          [["weekly-status", `${j.instances} instances at once`, j.channels, j.posted, j.duplicates, fmt.s(j.ms)]],
        ),
      );
      const o = result.org;
      say();
      say(
        `Organisation change: a channel bound to grp-1 through instance 1 (answered in ${fmt.ms(o.firstMs)} ms); ` +
          o.seenMs
            .map(
              (ms, i) =>
                `instance ${i + 2} ${o.seen[i] ? "saw it" : "DID NOT see it"} (answered ${fmt.ms(ms)} ms after)`,
            )
            .join(", ") +
          ".",
      );
      for (const note of result.notes) notes.push(note);
    }

    if (only.has("teams")) {
      say();
      say("## 2. Teams: `logga 1h närvaro` message activities (expectReplies)");
      const result = await runHttpBench(teamsScenario(organisation, fake), {
        rates: teamsRates,
        durationS: teamsDurationS,
        organisation,
        fake,
        databases,
      });
      say();
      say(httpTable(result, "bare botbuilder"));
      say();
      say(commitTable(result));
      notes.push(...result.notes);
    }

    if (only.has("hotpath")) {
      say();
      say("## Why: one `/logga` in the core, in process, sequential (SQLite)");
      const hotUrl = `file:${join(tmp, "hotpath.db")}`;
      const slackIds = organisation.people.map((p) => p.slack);
      const hot = await measureHotPath(hotUrl, organisation.file, slackIds, quick ? 100 : 300);
      say();
      say(
        `${fmt.ms(hot.msPerRequest)} ms per request on one thread, ${fmt.n(hot.queriesPerRequest, 1)} queries per request ` +
          `(${fmt.ms(hot.dbMsPerRequest)} ms of it in the database as Prisma reports it).`,
      );
      say();
      say(
        table(
          ["statement", "per request", "db ms per request"],
          hot.byKind.map(([k, n, ms]) => [k, fmt.n(n, 1), fmt.n(ms, 2)]),
        ),
      );
      // the same with lines in flight together: SQLite's group commit carries their writes in one commit
      const crowd = await measureHotPath(hotUrl, organisation.file, slackIds, quick ? 1000 : 3000, {
        concurrency: 64,
        migrated: true,
      });
      say();
      say(
        table(
          ["lines in flight", "lines", "lines/s", "CPU ms per line", "writes per line", "commits per line", "✅"],
          [hot, crowd].map((h) => [
            h.concurrency,
            h.requests,
            fmt.n(h.perSecond),
            fmt.n(h.cpuMsPerRequest, 2),
            fmt.n(h.writesPerRequest, 2),
            fmt.n(h.commitsPerRequest, 2),
            h.replies,
          ]),
        ),
      );
      say();
      say(
        "Commits per line on SQLite = the shared connection's batches (embeddedSqlite.ts): the writes asked for in one turn of the event loop commit together.",
      );
    }

    if (only.has("pg") && postgres) {
      say();
      say("## PostgreSQL `/logga` in the core, in process: group commit off and on");
      const url = pgUrlFor(await createPgDatabase("loftesbench_pghot"));
      const ids = organisation.people.map((p) => p.slack);
      const rows: (string | number)[][] = [];
      let migrated = false;
      for (const concurrency of [1, 64]) {
        for (const groupCommit of [false, true]) {
          const n = concurrency === 1 ? (quick ? 100 : 300) : quick ? 1000 : 3000;
          const hot = await measureHotPath(url, organisation.file, ids, n, { concurrency, groupCommit, migrated });
          migrated = true;
          rows.push([
            groupCommit ? "group commit" : "a statement per line (before)",
            concurrency,
            hot.requests,
            fmt.n(hot.perSecond),
            fmt.n(hot.cpuMsPerRequest, 2),
            fmt.n(hot.queriesPerRequest, 2),
            fmt.n(hot.writesPerRequest, 2),
            fmt.n(hot.dbMsPerRequest, 2),
            hot.replies,
          ]);
          log(`pg hotpath ${groupCommit ? "group" : "single"} ×${concurrency}: ${hot.perSecond.toFixed(0)}/s`);
        }
      }
      say();
      say(
        table(
          [
            "statements",
            "lines in flight",
            "lines",
            "lines/s",
            "CPU ms per line",
            "statements per line",
            "commits per line",
            "db ms per line",
            "✅",
          ],
          rows,
        ),
      );
      say();
      say(
        "One process (this bench's), the service's core without HTTP: `handleMessage` for `logga 1,5h närvaro` from distinct people. " +
          "Commits per line = statements that change something (each commits on its own); with group commit one statement carries a group of lines.",
      );
    }

    const nationalDbs: ("postgresql" | "sqlite")[] = [];
    if (postgres) nationalDbs.push("postgresql");
    if (values["national-sqlite"] || !postgres) nationalDbs.push("sqlite");
    if (only.has("national") || only.has("fanout")) {
      for (const provider of nationalDbs) {
        const shape = { ...NATIONAL, entries };
        let url: string;
        if (provider === "postgresql") url = pgUrlFor(await createPgDatabase("loftesbench_national"));
        else url = `file:${join(tmp, "national.db")}`;
        log(`national ${provider}: generating ${entries} entries`);
        const dataset =
          provider === "postgresql" ? await generatePostgres(url, shape) : await generateSqlite(url, shape);
        log(`national ${provider}: generated in ${fmt.s(dataset.generateMs)} s`);
        if (only.has("national")) {
          say();
          say(`## 3. National scale on ${provider === "postgresql" ? "PostgreSQL" : "SQLite"}`);
          say();
          say(
            `${dataset.people} people, ${dataset.groups} groups (each bound to a Slack channel), ${dataset.kommuner} kommuner in ${shape.lpos} LPOs, ` +
              `${dataset.activities} activities, ${entries.toLocaleString("en")} entries from ${dataset.promiseFrom} to ${dataset.today}; ` +
              `generated in ${fmt.s(dataset.generateMs)} s.`,
          );
          const result = await measureNational(url, provider, dataset, {
            withRunner: values.runner === true,
            digestBudgetMs: Number(values["digest-budget"] ?? (quick ? 5 : 15)) * 1000,
          });
          say();
          say(nationalTable(result));
          for (const note of result.notes) say(`\n${note}`);
        }
        if (only.has("fanout") && (provider === "postgresql" || !postgres)) {
          say();
          say(`## 4. Fan-out of the weekly status to every channel (${provider}), rate-limited fake Slack`);
          const concurrency = values["fanout-concurrency"] ? Number(values["fanout-concurrency"]) : undefined;
          const result = await runFanout(url, fake, FANOUT_LIMITS, concurrency);
          say();
          say(
            `Limits of the fake: one message per ${result.limits.perChannelMs} ms per channel; ` +
              `${result.limits.globalPerSecond}/s workspace-wide with bursts of ${result.limits.globalBurst}; 429 with Retry-After: ${result.limits.retryAfterSeconds}. ` +
              `JobRunner concurrency: ${concurrency ?? "its default (16)"}.`,
          );
          say();
          say(fanoutTable(result));
        }
      }
    }

    if (notes.length > 0) {
      say();
      say("Notes:");
      for (const note of notes) say(`- ${note}`);
    }
    say();
    say(`Total ${fmt.s(performance.now() - started)} s; load average at the end ${loadAverage()}.`);
    if (values.report) writeFileSync(values.report, `${out.join("\n")}\n`);
  } finally {
    await stopAllChildren();
    await dropAllPgDatabases();
    await fake.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

const stop = async (signal: string) => {
  log(`${signal}: stopping`);
  await stopAllChildren();
  await dropAllPgDatabases();
  process.exit(130);
};
process.once("SIGINT", () => void stop("SIGINT"));
process.once("SIGTERM", () => void stop("SIGTERM"));

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    await stopAllChildren();
    await dropAllPgDatabases();
    process.exit(1);
  },
);
