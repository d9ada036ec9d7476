// The follow-up's operator commands through the real `loftesbot` binary, on a
// SQLite database seeded with the follow-up dataset: `report` writes the HTML
// and Markdown and prints their paths; `export progress` prints CSV.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
    const paths = result.stdout.trim().split("\n");
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
