#!/usr/bin/env node
// Compiles every TypeScript source of the service once, at install
// (`postinstall`), into tsx's transform cache (in the system's temporary
// directory), so that the first `npx loftesbot …` after install starts as
// quickly as later ones instead of transpiling ~200 files first. Loading a
// module only defines things (no module of src/ or adapters/ acts when
// imported); a file that fails to load is reported and skipped: warming is
// an optimisation, never a reason for the install to fail.
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { register } from "tsx/esm/api";

const root = fileURLToPath(new URL("..", import.meta.url));

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

register();
const started = performance.now();
let failed = 0;
const files = [...sources(join(root, "src")), ...sources(join(root, "adapters"))];
for (const file of files) {
  try {
    await import(pathToFileURL(file).href);
  } catch (error) {
    failed++;
    process.stderr.write(`warm-cache: ${relative(root, file)}: ${error instanceof Error ? error.message : error}\n`);
  }
}
process.stdout.write(
  `loftesbot: compiled ${files.length - failed} TypeScript files into the start-up cache in ${Math.round(performance.now() - started)} ms\n`,
);
process.exit(0);
