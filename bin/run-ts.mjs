#!/usr/bin/env node
// Runs a TypeScript file through tsx's loader, like bin/loftesbot.mjs does for
// the CLI: `node bin/run-ts.mjs bench/run.ts [args…]` (used by `npm run bench`).
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { register } from "tsx/esm/api";

const [file, ...args] = process.argv.slice(2);
if (!file) {
  process.stderr.write("usage: node bin/run-ts.mjs FILE.ts [args…]\n");
  process.exit(2);
}
register();
// the script sees its own arguments as if started directly
process.argv = [process.argv[0], resolve(file), ...args];
await import(pathToFileURL(resolve(file)).href);
