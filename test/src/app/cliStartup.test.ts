// First-run start-up of the CLI (issue 17: ≤ 2 s after install): a command
// loads only what it uses. `--help` loads no database client, no feature, no
// chart or chat platform library; `jobs list` (database and schedules) loads
// no chart library and no chat platform SDK while no platform is configured.
// `serve` (issue 18: memory) loads what answering `/logga` needs before its
// first request: no chart library (loaded by the first chart-bearing command),
// no holiday calendar (the nudge jobs'), no theme stemmer or stop words (the
// polls'), no statistics (the indicators') and only its own database's client;
// with Teams on, of Teams AI only its adapter (not its AI system or sign-in).
// Which modules load is asserted here; the time itself is measured in
// BENCHMARKS.md, not asserted (no timed assertions in unit tests).
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { binPath } from "../../support/cli.js";
import { freshPostgres, postgresAvailable } from "../../support/databases.js";

const dir = mkdtempSync(join(tmpdir(), "loftesbot-startup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function modulesLoadedBy(args: string[]): string[] {
  const file = join(dir, `${args.join("-")}.txt`);
  const result = spawnSync(
    process.execPath,
    ["--import", join(import.meta.dirname, "..", "..", "support", "recordModules.mjs"), binPath, ...args],
    {
      env: {
        ...process.env,
        LOFTESBOT_TEST_MODULES_FILE: file,
        DATABASE_URL: `file:${join(dir, "startup.db")}`,
        LOG_LEVEL: "silent",
        SLACK_SIGNING_SECRET: "",
        SLACK_BOT_TOKEN: "",
        MICROSOFT_APP_ID: "",
        LOFTESBOT_TEAMS_LOCAL: "0",
      },
      encoding: "utf8",
      timeout: 60_000,
    },
  );
  expect(result.status, result.stderr).toBe(0);
  return readFileSync(file, "utf8").split("\n").filter(Boolean);
}

/** The modules `serve` has loaded once it listens and has been idle `idleMs`, stopped with SIGTERM. */
async function modulesLoadedByServe(env: Record<string, string>, idleMs = 2_000): Promise<string[]> {
  const file = join(dir, `serve-${Object.keys(env).join("-")}.txt`);
  const child = spawn(
    process.execPath,
    ["--import", join(import.meta.dirname, "..", "..", "support", "recordModules.mjs"), binPath, "serve"],
    {
      env: {
        ...process.env,
        LOFTESBOT_TEST_MODULES_FILE: file,
        DATABASE_URL: `file:${join(dir, "serve.db")}`,
        PORT: "0",
        LOG_LEVEL: "info",
        LOFTESBOT_SCHEDULES: "0",
        SLACK_SIGNING_SECRET: "",
        SLACK_BOT_TOKEN: "",
        MICROSOFT_APP_ID: "",
        LOFTESBOT_TEAMS_LOCAL: "0",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout.on("data", (d) => {
    output += d;
  });
  child.stderr.on("data", (d) => {
    output += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const started = Date.now();
  while (!output.includes("listening on port") && Date.now() - started < 60_000) {
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(output, output).toContain("listening on port");
  // whatever the service would load right after start (in the background) has had its time
  await new Promise((resolve) => setTimeout(resolve, idleMs));
  child.kill("SIGTERM");
  expect(await exited, output).toBe(0);
  return readFileSync(file, "utf8").split("\n").filter(Boolean);
}

const CHARTS = /node_modules\/(vega|vega-lite|sharp|@resvg\/resvg-js)\//;
const PLATFORMS = /node_modules\/(botbuilder|@microsoft\/teams-ai|@slack\/bolt|@slack\/web-api)\//;
const DATABASE = /node_modules\/(@prisma|better-sqlite3|pg)\/|\/generated\//;

describe("what a CLI command loads at start", () => {
  it("--help: only the CLI itself (no database, features, charts or platforms)", () => {
    const loaded = modulesLoadedBy(["--help"]);
    expect(loaded.some((url) => url.endsWith("/src/app/cli.ts"))).toBe(true);
    expect(loaded.filter((url) => DATABASE.test(url) || CHARTS.test(url) || PLATFORMS.test(url))).toEqual([]);
    expect(loaded.filter((url) => /\/src\/(features|storage)\//.test(url))).toEqual([]);
  });

  it("jobs list: the database and the jobs, no chart library and no chat platform SDK", () => {
    const loaded = modulesLoadedBy(["jobs", "list"]);
    expect(loaded.some((url) => DATABASE.test(url))).toBe(true);
    expect(loaded.filter((url) => CHARTS.test(url) || PLATFORMS.test(url))).toEqual([]);
  });
});

// loaded by the features that use them, not by /logga
const NOT_FOR_LOGGA = /node_modules\/(date-holidays|stopwords-iso|snowball-stemmers|jstat)\//;
// PostgreSQL's driver, its driver adapter and its generated client only on PostgreSQL
const POSTGRES = /node_modules\/(@prisma\/adapter-pg|pg|pg-pool|pg-protocol)\/|\/generated\/postgresql\//;
// and SQLite's only on SQLite
const SQLITE = /node_modules\/(@prisma\/adapter-better-sqlite3|better-sqlite3)\/|\/generated\/sqlite\//;
// what Teams AI's index brings and the Teams adapter does not use: its AI system (the LLM client, the
// tokenizer, prompt templates) and its sign-in (botbuilder's dialogs); only the AI summaries load it
const TEAMS_AI_UNUSED = /node_modules\/(openai|gpt-tokenizer|botbuilder-dialogs|json-colorizer|jsonschema|lodash)\//;

describe("what `serve` loads before its first request", async () => {
  const postgres = (await postgresAvailable()) ? await freshPostgres("loftesbot_startup") : null;
  afterAll(async () => {
    await postgres?.drop();
  });

  it("SQLite, Slack on, Teams off: Bolt and the SQLite client; no charts, holidays, stemmer, statistics, PostgreSQL or Teams", async () => {
    const loaded = await modulesLoadedByServe({
      SLACK_SIGNING_SECRET: "startup-test-secret",
      SLACK_BOT_TOKEN: "xoxb-startup-test",
      SLACK_API_URL: "http://127.0.0.1:9/api/",
    });
    expect(loaded.some((url) => url.includes("/node_modules/@slack/bolt/"))).toBe(true);
    expect(loaded.some((url) => url.includes("/generated/sqlite/"))).toBe(true);
    // the query compiler ran, its Wasm read as a file: the imported base64 module would stay in the heap (generate.mjs)
    expect(loaded.some((url) => url.endsWith("/query_compiler_bg.sqlite.mjs"))).toBe(true);
    expect(loaded.filter((url) => url.includes("wasm-base64"))).toEqual([]);
    expect(loaded.filter((url) => CHARTS.test(url))).toEqual([]);
    expect(loaded.filter((url) => NOT_FOR_LOGGA.test(url))).toEqual([]);
    expect(loaded.filter((url) => POSTGRES.test(url))).toEqual([]);
    expect(loaded.filter((url) => /node_modules\/(botbuilder|@microsoft\/teams-ai)\//.test(url))).toEqual([]);
  }, 90_000);

  it("SQLite, Teams on (local): botbuilder and Teams AI's adapter only; not its AI system or sign-in", async () => {
    const loaded = await modulesLoadedByServe({ LOFTESBOT_TEAMS_LOCAL: "1" });
    expect(loaded.some((url) => url.endsWith("/adapters/teams/teamsApp.ts"))).toBe(true);
    expect(loaded.some((url) => url.includes("/node_modules/botbuilder/"))).toBe(true);
    expect(
      loaded
        .filter((url, i, all) => url.includes("/node_modules/@microsoft/teams-ai/") && all.indexOf(url) === i)
        .map((url) => url.slice(url.indexOf("/teams-ai/") + "/teams-ai/".length))
        .sort(),
    ).toEqual(["lib/TeamsAdapter.js", "package.json"]);
    expect(loaded.filter((url) => TEAMS_AI_UNUSED.test(url))).toEqual([]);
    expect(loaded.filter((url) => CHARTS.test(url) || POSTGRES.test(url))).toEqual([]);
    expect(loaded.filter((url) => /node_modules\/@slack\//.test(url))).toEqual([]);
  }, 90_000);

  it.skipIf(!postgres)(
    "PostgreSQL, no platform: the PostgreSQL client, not SQLite's",
    async () => {
      const loaded = await modulesLoadedByServe({ DATABASE_URL: postgres?.url ?? "" });
      expect(loaded.some((url) => url.includes("/generated/postgresql/"))).toBe(true);
      expect(loaded.some((url) => url.includes("/node_modules/pg/"))).toBe(true);
      expect(loaded.filter((url) => SQLITE.test(url))).toEqual([]);
      expect(loaded.filter((url) => CHARTS.test(url) || NOT_FOR_LOGGA.test(url) || PLATFORMS.test(url))).toEqual([]);
    },
    90_000,
  );
});

describe("how the service's node is started", () => {
  it("npm start gives node the flags the README tells operators to give it when they start the service otherwise", () => {
    const root = join(import.meta.dirname, "..", "..", "..");
    const start = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: { start: string } })
      .scripts.start;
    expect(start).toMatch(/^node (--[\w-]+=\S+ )+bin\/loftesbot\.mjs serve$/);
    expect(readFileSync(join(root, "README.md"), "utf8")).toContain(`\`${start}\``);
    // the command's own first line carries no flag: BusyBox's env (Alpine) has no -S
    expect(readFileSync(binPath, "utf8").split("\n")[0]).toBe("#!/usr/bin/env node");
  });
});
