// The follow-up's operator commands through the real `loftesbot` binary, on a
// SQLite database seeded with the follow-up dataset: `report` writes the HTML
// and Markdown and prints their paths; `export progress` prints CSV.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLoftesbot } from "../../support/cli.js";
import { openTestCore, type TestCore } from "../../support/core.js";
import { seedFollowUp } from "../../support/followUpData.js";

describe("loftesbot report and export progress", () => {
  let core: TestCore;
  let env: Record<string, string>;
  beforeAll(async () => {
    core = (await openTestCore("sqlite", { now: "2026-08-01T08:00:00Z" }))!;
    await seedFollowUp(core);
    env = { DATABASE_URL: core.config.databaseUrl, LOFTESBOT_DEMO: "0" };
    await core.close();
  });
  afterAll(async () => {
    await core.drop().catch(() => undefined);
  });

  it("report prints the paths of a self-contained HTML file with charts and a Markdown file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "loftesbot-cli-report-"));
    const result = await runLoftesbot(
      ["report", "--kommun", "norrdal", "--from", "2026-08-01", "--to", "2026-11-30", "--out", dir],
      { env },
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const [where, ...paths] = result.stdout.trim().split("\n");
    expect(where).toBe(`Rapporten skrevs till ${dir}:`);
    expect(paths.slice(0, 2)).toEqual([
      join(dir, "uppfoljning-norrdal-2026-08-01_2026-11-30.html"),
      join(dir, "uppfoljning-norrdal-2026-08-01_2026-11-30.md"),
    ]);
    for (const path of paths) expect(existsSync(path)).toBe(true);
    const html = readFileSync(paths[0], "utf8");
    expect(html).toContain('src="data:image/png;base64,iVBORw0KGgo');
    expect(html).not.toMatch(/<(script|link)\b|src="http/);
    expect(html).toContain("Utfört: 130,5 av 348,6 h (37 % av målet för perioden).");
  });

  it("report without --out writes into ./reports and says so, never into the working directory itself", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "loftesbot-cli-cwd-"));
    const result = await runLoftesbot(["report", "--kommun", "norrdal", "--from", "2026-08-01", "--to", "2026-11-30"], {
      env,
      cwd,
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n")[0]).toBe(`Rapporten skrevs till ${join(cwd, "reports")}:`);
    expect(readdirSync(cwd)).toEqual(["reports"]);
    expect(readdirSync(join(cwd, "reports"))).toContain("uppfoljning-norrdal-2026-08-01_2026-11-30.html");
  });

  it("report without a kommun says how to use it", async () => {
    const result = await runLoftesbot(["report", "--from", "2026-08-01"], { env });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("--kommun must be one of asby, norrdal");
  });

  it("export progress prints Excel-friendly CSV", async () => {
    const csv = await runLoftesbot(["export", "progress", "--from", "2026-11-01", "--to", "2026-11-30"], { env });
    expect(csv.code).toBe(0);
    expect(csv.stderr).toBe(""); // no progress bar when stderr is not a terminal
    expect(csv.stdout.startsWith("\uFEFFkommun;promise;activity;")).toBe(true);
    expect(csv.stdout).toContain(";2026-11;2026-11-01;2026-11-30;;Alla grupper;timmar;20;85,71;34,29\r\n");
  });
});

describe("loftesbot report with hostile ids in an old database", () => {
  it("writes every file inside --out DIR, whatever the kommun's and promises' ids hold", async () => {
    const core = (await openTestCore("sqlite", { now: "2026-08-01T08:00:00Z" }))!;
    try {
      // as an old database might hold them (the organisation file refuses such ids now)
      const p = core.db.prisma;
      await p.kommun.create({ data: { id: "k/../../../ut", name: "Utby kommun", lpoId: "norrdal" } });
      const promise = async (id: string) => {
        await p.citizenPromise.create({
          data: {
            id,
            kommunId: "k/../../../ut",
            title: `Löfte ${id.length}`,
            fromDay: "2026-01-01",
            toDay: "2026-12-31",
          },
        });
        const a = await p.promiseActivity.create({
          data: { promiseId: id, code: "U1", name: "Närvaro", unit: "timmar" },
        });
        await p.activityTarget.create({
          data: { activityId: a.id, amount: 5, unit: "timmar", per: "vecka", validFrom: "2026-01-01" },
        });
      };
      await promise("x/../../../../utanfor");
      await promise("/tmp/absolut");
      await promise("a\\b\u0000c");
      const env = { DATABASE_URL: core.config.databaseUrl, LOFTESBOT_DEMO: "0" };
      await core.close();
      const root = mkdtempSync(join(tmpdir(), "loftesbot-cli-hostile-"));
      const dir = join(root, "a", "b", "out");
      mkdirSync(dir, { recursive: true });
      const result = await runLoftesbot(
        ["report", "--kommun", "Utby kommun", "--from", "2026-08-01", "--to", "2026-11-30", "--out", dir],
        { env },
      );
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      const paths = result.stdout.trim().split("\n").slice(1);
      expect(paths).toHaveLength(5); // HTML, Markdown and one chart per promise
      for (const path of paths) {
        expect(dirname(path)).toBe(dir);
        expect(existsSync(path)).toBe(true);
      }
      // nothing anywhere else under the root, and nothing at the absolute path
      expect(readdirSync(root, { recursive: true }).map(String).sort()).toEqual(
        ["a", "a/b", "a/b/out", ...readdirSync(dir).map((f) => `a/b/out/${f}`)].sort(),
      );
      expect(existsSync("/tmp/absolut.png")).toBe(false);
      // the Markdown's chart links name the files written beside it
      const markdown = readFileSync(paths[1]!, "utf8");
      for (const chart of paths.slice(2)) expect(markdown).toContain(`(${chart.slice(dir.length + 1)})`);
    } finally {
      await core.drop().catch(() => undefined);
    }
  });
});
