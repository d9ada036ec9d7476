// Shared helpers of the benchmarks: child processes (the service, the bare
// SDK floors), their peak memory, throw-away PostgreSQL databases, the
// machine description, and tables.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The node flags `npm start` runs the service with (package.json), so the bench measures the service as it runs. */
export const SERVICE_NODE_FLAGS: string[] = (() => {
  const start = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: { start: string } }).scripts
    .start;
  const words = start.split(/\s+/);
  return words.slice(words.indexOf("node") + 1, words.indexOf("bin/loftesbot.mjs"));
})();
export const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** VmHWM (peak resident set) and VmRSS of a process, in MiB; null when it is gone. */
export function memoryOf(pid: number): { peakMiB: number; rssMiB: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
    return { peakMiB: kib("VmHWM") / 1024, rssMiB: kib("VmRSS") / 1024 };
  } catch {
    return null;
  }
}

/**
 * Starts a process's peak resident set (VmHWM) afresh from its present size
 * (Linux: `5` to /proc/<pid>/clear_refs), so that the next reading is the
 * peak of what came after; false where that is not allowed.
 */
export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

/** CPU time (user + system) a process has used so far, in seconds. */
export function cpuSecondsOf(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    // fields after "comm)": state is [0]; utime is field 14 overall → index 11 here, stime → 12
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Waits until a process uses less than `busyShare` of a core (or `maxMs` passed): work after a step is done. */
export async function settle(pid: number, maxMs = 15_000, busyShare = 0.1): Promise<number> {
  const started = Date.now();
  let last = cpuSecondsOf(pid);
  for (;;) {
    await sleep(300);
    const now = cpuSecondsOf(pid);
    if (now === null || last === null) return Date.now() - started;
    if ((now - last) / 0.3 < busyShare || Date.now() - started > maxMs) return Date.now() - started;
    last = now;
  }
}

export interface Child {
  name: string;
  process: ChildProcess;
  pid: number;
  port: number;
  /** stderr/stdout tail, for errors */
  output(): string;
  stop(): Promise<void>;
}

const children = new Set<Child>();

/** Starts `node <args>` with env; waits until `ready` answers. Every child is stopped at exit. */
export async function startChild(
  name: string,
  args: string[],
  env: Record<string, string>,
  port: number,
  ready: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<Child> {
  const proc = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let tail = "";
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString("utf8")).slice(-8000);
  };
  proc.stdout?.on("data", keep);
  proc.stderr?.on("data", keep);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    proc.once("exit", () => {
      exited = true;
      resolve();
    }),
  );
  const child: Child = {
    name,
    process: proc,
    pid: proc.pid ?? -1,
    port,
    output: () => tail,
    async stop() {
      children.delete(child);
      if (exited) return;
      proc.kill("SIGTERM");
      const killed = await Promise.race([exit.then(() => true), sleep(15_000).then(() => false)]);
      if (!killed) {
        proc.kill("SIGKILL");
        await exit;
      }
    },
  };
  children.add(child);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`${name} exited during start-up:\n${tail}`);
    if (await ready().catch(() => false)) return child;
    if (Date.now() > deadline) {
      await child.stop();
      throw new Error(`${name} did not become ready within ${timeoutMs} ms:\n${tail}`);
    }
    await sleep(100);
  }
}

export async function stopAllChildren(): Promise<void> {
  await Promise.all([...children].map((c) => c.stop()));
}

export async function httpOk(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/** Any HTTP answer at all (a bare SDK app has no health endpoint). */
export async function httpAnswers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { method: "POST", body: "{}", signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

// ---- PostgreSQL: a fresh database per scenario, dropped afterwards ----------

const databases = new Set<string>();

export function pgUrlFor(database: string): string {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function pgAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function createPgDatabase(prefix: string): Promise<string> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}`.toLowerCase();
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  databases.add(name);
  return name;
}

export async function dropPgDatabase(name: string): Promise<void> {
  databases.delete(name);
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export async function dropAllPgDatabases(): Promise<void> {
  for (const name of [...databases]) await dropPgDatabase(name).catch(() => undefined);
}

// ---- the machine and the figures -------------------------------------------

export function machine(): Record<string, string> {
  let cpuModel = cpus()[0]?.model ?? "unknown";
  try {
    cpuModel = /^model name\s*:\s*(.*)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? cpuModel;
  } catch {
    // not Linux
  }
  let load = "";
  try {
    load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  } catch {
    load = "n/a";
  }
  return {
    nproc: String(cpus().length),
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    cpu: cpuModel,
    "load average at start": load,
  };
}

export function loadAverage(): string {
  try {
    return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  } catch {
    return "n/a";
  }
}

/** A Markdown table (also readable as plain text). */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length), 3));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  return [line(header), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...cells.slice(1).map(line)].join("\n");
}

export const fmt = {
  n: (v: number, digits = 0) => (Number.isFinite(v) ? v.toFixed(digits) : "–"),
  ms: (v: number) => (Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v.toFixed(1)) : "–"),
  s: (ms: number) => (ms / 1000).toFixed(2),
};

/** Today in the service's time zone (Europe/Stockholm), YYYY-MM-DD. */
export function todayInStockholm(at = new Date()): string {
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm" }).format(at);
}

export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
