// First-run start-up of the CLI (issue 17: ≤ 2 s after install): a command
// loads only what it uses. `--help` loads no database client, no feature, no
// chart or chat platform library; `jobs list` (database and schedules) loads
// no chart library and no chat platform SDK while no platform is configured.
// Which modules load is asserted here; the time itself is measured in
// BENCHMARKS.md, not asserted (no timed assertions in unit tests).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { binPath } from "../../support/cli.js";

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
