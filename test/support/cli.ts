// Running the real `loftesbot` command as an operator or a script would.
import { spawn } from "node:child_process";
import { join } from "node:path";

export const binPath = join(import.meta.dirname, "..", "..", "bin", "loftesbot.mjs");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runLoftesbot(
  args: string[],
  options: { env?: Record<string, string>; input?: string; timeoutMs?: number; cwd?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], {
      env: { ...process.env, LOG_LEVEL: "warn", ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
      cwd: options.cwd,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 30_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? "");
  });
}
