#!/usr/bin/env -S node --max-semi-space-size=8
// The `loftesbot` command: runs the TypeScript sources through tsx's loader
// (no build step, so `npm install && npm start` is all an operator needs).
// The node flag above is also in package.json's `start` (a test keeps them the
// same): V8's young generation at most 2 × 8 MiB instead of 2 × 16. Under load
// each request's objects live until its answer, so V8 grows the young
// generation to its limit; at 8 the service's peak memory at 1 000 lines/s is
// about 25 MiB lower, with no throughput change the bench could tell from noise.
// Never a stack trace: a reader that closes the pipe early (`jobs list | head
// -1`) ends the command quietly, and any error that escapes the CLI is one
// line on stderr with exit code 1.
import { register } from "tsx/esm/api";

const quietOnClosedPipe = (error) => {
  if (error && error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  process.stderr.write(`loftesbot: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
};
process.stdout.on("error", quietOnClosedPipe);
process.stderr.on("error", () => process.exit(process.exitCode ?? 1));
process.on("uncaughtException", quietOnClosedPipe);
process.on("unhandledRejection", quietOnClosedPipe);

try {
  register();
  const { runCli } = await import("../src/app/cli.ts");
  process.exitCode = await runCli(process.argv.slice(2));
} catch (error) {
  quietOnClosedPipe(error);
}
