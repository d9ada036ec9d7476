// File systems in a state a test needs, where the machine allows mounting
// (root with CAP_SYS_ADMIN, as on the development machine): a small tmpfs to
// fill up, a read-only bind mount. Tests using them are skipped, loudly, where
// mounting is not allowed. Every mount made here is unmounted by its caller.
import { execFileSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

let allowed: boolean | undefined;

/** True when this process may mount a tmpfs; says so loudly once when not. */
export function canMount(): boolean {
  if (allowed !== undefined) return allowed;
  const dir = mkdtempSync(join(tmpdir(), "loftesbot-mountcheck-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", dir], { stdio: "ignore" });
    execFileSync("umount", [dir], { stdio: "ignore" });
    allowed = true;
  } catch {
    allowed = false;
    console.warn("\n*** cannot mount here: the tests of a full disk and a read-only file system are SKIPPED ***\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return allowed;
}

/** A new directory with a tmpfs of `size` (e.g. "16m") mounted on it. */
export function mountTmpfs(size: string): string {
  const dir = mkdtempSync(join(tmpdir(), "loftesbot-tmpfs-"));
  execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir]);
  return dir;
}

/** A new directory showing `source` read-only (a bind mount). */
export function mountReadOnly(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), "loftesbot-ro-"));
  execFileSync("mount", ["--bind", source, dir]);
  execFileSync("mount", ["-o", "remount,bind,ro", dir]);
  return dir;
}

/** Unmounts `dir` (lazily, so an open file does not keep it) and removes it. */
export function unmount(dir: string): void {
  execFileSync("umount", ["-l", dir]);
  rmSync(dir, { recursive: true, force: true });
}

/** Writes `file` until its file system has no space left. */
export function fillDisk(file: string): void {
  const fd = openSync(file, "w");
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
  } finally {
    closeSync(fd);
  }
}
