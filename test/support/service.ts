// The real service as an operator runs it: `node bin/loftesbot.mjs serve` in
// its own process, on a free port, with the environment the test gives. For
// black-box tests that kill, restart or starve the service. Every process
// started here is killed when the test process exits, whatever happens.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_ORGANISATION_FILE } from "../../src/organisation/organisationFile.js";
import { binPath } from "./cli.js";

const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/** A port nobody listens on right now (the service gets it a moment later). */
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

export interface ServiceProcess {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  child: ChildProcess;
  /** everything the process wrote to stdout and stderr so far */
  output(): string;
  /** true while the process runs */
  alive(): boolean;
  /** resolves with the exit code (or signal name) once the process has ended */
  exited: Promise<number | string | null>;
  /** SIGKILL: no clean-up at all, as in a power cut of the container */
  kill(): Promise<void>;
  /** SIGTERM and wait (SIGKILL after `graceMs`) */
  stop(graceMs?: number): Promise<void>;
}

export interface ServiceOptions {
  env: Record<string, string>;
  /** how long start-up may take (migrations, organisation import, tsx) */
  startTimeoutMs?: number;
  /** reuse a port (a restart behind the same address) */
  port?: number;
}

/** Starts `loftesbot serve` and waits until GET /healthz answers 200. */
export async function startServiceProcess(options: ServiceOptions): Promise<ServiceProcess> {
  for (let attempt = 0; ; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      return await startOnce(port, options);
    } catch (error) {
      // another process took the free port in the meantime: try another one
      if (attempt < 3 && options.port === undefined && /EADDRINUSE/.test(String(error))) continue;
      throw error;
    }
  }
}

async function startOnce(port: number, options: ServiceOptions): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [binPath, "serve"], {
    env: {
      ...process.env,
      LOG_LEVEL: "warn",
      LOFTESBOT_SCHEDULES: "0",
      LOFTESBOT_SECRET: "fault-test-secret",
      ...options.env,
      PORT: String(port),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let output = "";
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  const exited = new Promise<number | string | null>((resolve) => {
    child.once("exit", (code, signal) => {
      running.delete(child);
      resolve(code ?? signal);
    });
  });
  let ended = false;
  void exited.then(() => {
    ended = true;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    if (ended) throw new Error(`loftesbot serve exited during start-up:\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`loftesbot serve did not answer /healthz within the start-up time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    child,
    output: () => output,
    alive: () => !ended,
    exited,
    async kill() {
      if (!ended) child.kill("SIGKILL");
      await exited;
    },
    async stop(graceMs = 15_000) {
      if (ended) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

function shiftDay(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The demo organisation with its promises running from half a year ago to
 * half a year ahead, so a service on the real clock can always log on them
 * (the demo file's promises are for 2026 only). Returns the file's path.
 */
export function organisationFileForToday(dir = mkdtempSync(join(tmpdir(), "loftesbot-org-"))): string {
  const text = readFileSync(DEMO_ORGANISATION_FILE, "utf8")
    .replace(/from: \d{4}-\d{2}-\d{2}/g, `from: ${shiftDay(-180)}`)
    .replace(/to: \d{4}-\d{2}-\d{2}/g, `to: ${shiftDay(180)}`);
  const file = join(dir, "organisation.yaml");
  writeFileSync(file, text);
  return file;
}

/** Runs `work` over `items` with at most `limit` at a time. */
export async function withConcurrency<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

/** A short tag of letters only ("zqab…"): no digits, so the one-line parser and the masking leave it alone. */
export function letterTag(n: number, prefix = "zq"): string {
  let s = "";
  let v = n;
  do {
    s = String.fromCharCode(97 + (v % 26)) + s;
    v = Math.floor(v / 26);
  } while (v > 0);
  return `${prefix}${s.padStart(3, "a")}`;
}
