#!/usr/bin/env node
// The `loftesbot` command: runs the TypeScript sources through tsx's loader
// (no build step, so `npm install && npm start` is all an operator needs).
import { register } from "tsx/esm/api";

register();
const { runCli } = await import("../src/app/cli.ts");
process.exitCode = await runCli(process.argv.slice(2));
