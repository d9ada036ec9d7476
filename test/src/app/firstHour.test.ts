// The first hour of an operator (issue 17), through the real `loftesbot`
// binary on fresh SQLite databases: a quiet start (no warn-level line in the
// service's first 10 s with the demo), no stack trace when a reader closes
// the pipe early, person ids matched case-insensitively by the CLI.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { binPath, runLoftesbot } from "../../support/cli.js";
import { sqliteTestUrl } from "../../support/databases.js";
import { startServiceProcess } from "../../support/service.js";

/** pino's JSON lines of a level at or above `level` (40 warn, 50 error). */
function linesAtLeast(output: string, level: number): string[] {
  return output.split("\n").filter((line) => {
    try {
      return (JSON.parse(line) as { level?: number }).level! >= level;
    } catch {
      return false;
    }
  });
}

describe("a fresh start with the demo", () => {
  it("prints no warn-level line in its first 10 s; what could not be delivered is one info line per job with the reason", async () => {
    const service = await startServiceProcess({
      env: { DATABASE_URL: sqliteTestUrl("quiet-start"), LOG_LEVEL: "info", LOFTESBOT_SCHEDULES: "1" },
    });
    try {
      await new Promise((r) => setTimeout(r, 10_000));
      expect(linesAtLeast(service.output(), 40), service.output()).toEqual([]);
      // the catch-up's runs may take longer than 10 s on a loaded machine: wait for their summary
      for (let i = 0; i < 120 && !service.output().includes('"event":"job.undelivered"'); i++)
        await new Promise((r) => setTimeout(r, 500));
      const output = service.output();
      expect(linesAtLeast(output, 40), output).toEqual([]);
      const undelivered = output
        .split("\n")
        .filter((l) => l.includes('"event":"job.undelivered"'))
        .map((l) => JSON.parse(l) as { level: number; job: string; msg: string });
      expect(undelivered.length, output).toBeGreaterThan(0);
      for (const line of undelivered) expect(line.level).toBe(30);
      expect(new Set(undelivered.map((l) => l.job)).size, JSON.stringify(undelivered)).toBe(undelivered.length);
      expect(undelivered.map((l) => l.msg).join("\n")).toMatch(/ingen chattplattform är konfigurerad/);
    } finally {
      await service.stop();
    }
  }, 240_000);
});

describe("the command line", () => {
  it("ends quietly when the reader closes the pipe early (jobs list | head -1)", async () => {
    const env = { ...process.env, DATABASE_URL: sqliteTestUrl("epipe"), LOG_LEVEL: "warn" };
    const result = await new Promise<{ code: number | null; stderr: string; first: string }>((resolve) => {
      const child = spawn(process.execPath, [binPath, "jobs", "list"], { env, stdio: ["ignore", "pipe", "pipe"] });
      let stderr = "";
      let first = "";
      child.stderr.on("data", (d) => {
        stderr += d;
      });
      // like `head -1`: read the first line, then close the pipe
      child.stdout.once("data", (d) => {
        first = String(d).split("\n")[0] ?? "";
        child.stdout.destroy();
      });
      child.on("close", (code) => resolve({ code, stderr, first }));
    });
    expect(result.first).toMatch(/^weekly-status /);
    expect(result.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(result.code).toBe(0);
  }, 60_000);

  it("matches person ids case-insensitively (person forget Ali.Hassan)", async () => {
    const env = { DATABASE_URL: sqliteTestUrl("case"), LOFTESBOT_DEMO: "1" };
    const chat = await runLoftesbot(["chat", "--as", "Ali.Hassan"], { env, input: "mina\n" });
    expect(chat.stdout).not.toMatch(/inte registrerad|not registered/i);
    const forget = await runLoftesbot(["person", "forget", "Ali.Hassan"], { env });
    expect(forget.stdout).toMatch(/^Ali\.Hassan: personal data removed/);
    expect(forget.code).toBe(0);
  }, 60_000);
});
