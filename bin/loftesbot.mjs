#!/usr/bin/env node
// The `loftesbot` command: runs the TypeScript sources through tsx's loader
// (no build step, so `npm install && npm start` is all an operator needs).
// `npm start` gives node a memory flag for the service (README, "Memory
// settings"); `env -S` in this line would carry it too, but BusyBox's env
// (Alpine) and the BSDs' do not have -S.
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
