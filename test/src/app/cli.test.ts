// The operator's command line: configuration errors in one line, migrate,
// org import/export, and the service's start, readiness and clean stop.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { binPath, runLoftesbot } from "../../support/cli.js";
import { sqliteTestUrl } from "../../support/databases.js";

describe("loftesbot command", () => {
  it("a wrong configuration value stops with one clear line", async () => {
    const result = await runLoftesbot(["migrate"], {
      env: { PORT: "huge", TZ_REGION: "Mars/Olympus", DATABASE_URL: "mysql://x" },
    });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^loftesbot: Invalid configuration: .*PORT.*DATABASE_URL.*TZ_REGION/);
  });

  it("migrate creates the database and a second run changes nothing", async () => {
    const env = { DATABASE_URL: sqliteTestUrl("migrate") };
    // every committed migration, in order
    const committed = readdirSync(join(import.meta.dirname, "../../../prisma/migrations/sqlite"), {
      withFileTypes: true,
    })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    expect(committed.length).toBeGreaterThan(1);
    expect((await runLoftesbot(["migrate"], { env })).stdout).toContain(
      `Applied ${committed.length} migration(s): ${committed.join(", ")}`,
    );
    expect((await runLoftesbot(["migrate"], { env })).stdout).toContain("up to date");
  });

  it("org import reports every error with its path and exits non-zero; a good file imports once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "loftesbot-org-"));
    const env = { DATABASE_URL: sqliteTestUrl("org"), LOFTESBOT_DEMO: "0" };
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "lpo: { id: x, name: X }\npeople:\n  - { id: a, name: A, roles: [chef], groups: [nope] }\n");
    const refused = await runLoftesbot(["org", "import", bad], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('people[0].roles[0]: unknown role "chef"');
    expect(refused.stderr).toContain("people[0].groups[0]");
    expect(refused.stderr).toContain("nothing was changed");
    const good = join(dir, "good.yaml");
    writeFileSync(
      good,
      "lpo: { id: x, name: X }\ngroups:\n  - { id: g, name: G, kind: ig }\npeople:\n  - { id: a, name: A, roles: [medarbetare], groups: [g] }\n",
    );
    expect((await runLoftesbot(["org", "import", good], { env })).stdout).toMatch(/change\(s\)/);
    expect((await runLoftesbot(["org", "import", good], { env })).stdout).toContain("no changes");
    const exported = await runLoftesbot(["org", "export"], { env });
    expect(exported.stdout).toContain("id: a");
  });

  it("serve answers /healthz and /readyz with the demo loaded, and stops cleanly on SIGTERM", async () => {
    // PORT=0: the system picks a port no other process holds, and the service's start line names it
    // (a port chosen here could be taken by another test's connection before the service binds it)
    const child = spawn(process.execPath, [binPath, "serve"], {
      env: { ...process.env, PORT: "0", DATABASE_URL: sqliteTestUrl("serve"), LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let logs = "";
    child.stderr.on("data", (d) => {
      logs += d;
    });
    child.stdout.on("data", (d) => {
      logs += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    let port = 0;
    for (let i = 0; i < 200 && port === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      port = Number(/"event":"service\.started","port":(\d+)/.exec(logs)?.[1] ?? 0);
    }
    expect(port, logs).toBeGreaterThan(0);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.status,
      () => 0,
    );
    expect(ready, logs).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect(logs).toContain('"event":"org.loaded"');
    expect(logs).toContain("Slack is off");
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(logs).toContain('"event":"service.stopped"');
  });
});
