#!/usr/bin/env node
// One model, two databases.
//
//   node prisma/generate.mjs               derive the SQLite schema and generate
//                                          both Prisma Clients (runs on install)
//   node prisma/generate.mjs --migrations NAME
//                                          write the next migration for both
//                                          databases from the model change
//
// Migrations are plain SQL produced by `prisma migrate diff` (which works
// offline with Prisma 6.19's Wasm schema engine for both providers) and applied
// by our own runner (src/storage/migrate.ts), because `prisma migrate deploy`
// fails against PostgreSQL with the Wasm engine (prisma/orm#27403).
// Each provider keeps a snapshot of the model its migrations lead to, so the
// next migration is the diff snapshot → model.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const model = join(here, "schema.prisma");

const prismaBin = join(root, "node_modules", "prisma", "build", "index.js");

export const providers = ["postgresql", "sqlite"];

/** The schema text for a provider, derived from the one model. */
export function schemaFor(provider) {
  const text = readFileSync(model, "utf8");
  if (provider === "postgresql") return text;
  return text
    .replace('provider = "postgresql"', 'provider = "sqlite"')
    .replace('output              = "../generated/postgresql"', 'output              = "./sqlite"');
}

function derivedSchemaPath(provider) {
  if (provider === "postgresql") return model;
  const dir = join(root, "generated");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `schema.${provider}.prisma`);
  writeFileSync(file, schemaFor(provider));
  return file;
}

// The CLI reads the datasource URL while it inspects the schema; without one it
// falls back to the classic engines and tries to download them. These URLs are
// never connected to: generate and schema-to-schema diffs work offline.
// `migrate diff` with the JS engine opens a connection even between two schema
// files, so PostgreSQL diffs need a server (LOFTESBOT_PG_URL, or the local one).
const placeholderUrl = {
  postgresql: process.env.LOFTESBOT_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
  sqlite: "file:./generated/prisma-cli.db",
};

function prisma(args, provider, options = {}) {
  const schema = derivedSchemaPath(provider);
  return execFileSync(process.execPath, [prismaBin, ...args, "--config", join(here, "prisma.config.ts")], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: placeholderUrl[provider],
      LOFTESBOT_PRISMA_SCHEMA: schema,
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      CHECKPOINT_DISABLE: "1",
    },
    encoding: "utf8",
    ...options,
  });
}

/**
 * The generated client imports its query compiler's Wasm as a module that is
 * one 2.4 MB base64 string: the module's source and the string stay in the
 * heap for the life of the process (4.8 MB; about three times that in peak
 * RSS under load, as V8 sizes the old generation from what is live). Read as
 * a file instead, both are garbage once the Wasm module is compiled. The
 * rewrite is checked here, at install: the import must be the one expected,
 * and the file must be one base64 string that decodes to valid Wasm — else
 * the install fails, not the first query.
 */
const WASM_IMPORT =
  /const \{ wasm \} = await import\("(@prisma\/client\/runtime\/query_compiler_bg\.\w+\.wasm-base64\.mjs)"\)/;
/** the whole of the Wasm module's file (the generated code uses the same pattern) */
const WASM_MODULE = /^const wasm = "([A-Za-z0-9+/]+={0,2})";\s*export \{ wasm \};?\s*$/;

export function readWasmAsFile(classTs, require) {
  const match = WASM_IMPORT.exec(classTs);
  if (!match)
    throw new Error("prisma: the generated client no longer imports its Wasm as expected (see readWasmAsFile)");
  const base64 = WASM_MODULE.exec(readFileSync(require.resolve(match[1]), "utf8"))?.[1];
  if (!base64 || !WebAssembly.validate(Buffer.from(base64, "base64")))
    throw new Error(`prisma: ${match[1]} is no longer one base64 string of valid Wasm (see readWasmAsFile)`);
  return classTs.replace(
    match[0],
    [
      "// read as a file, not imported: see readWasmAsFile in prisma/generate.mjs",
      `    const { readFileSync } = await import("node:fs")`,
      `    const { createRequire } = await import("node:module")`,
      `    const file = createRequire(import.meta.url).resolve("${match[1]}")`,
      `    const wasm = ${WASM_MODULE}.exec(readFileSync(file, "utf8"))?.[1]`,
      `    if (!wasm) throw new Error(\`\${file} is not the Prisma query compiler's Wasm as prisma/generate.mjs expects\`)`,
    ].join("\n"),
  );
}

function generate() {
  for (const provider of providers) {
    prisma(["generate", "--schema", derivedSchemaPath(provider)], provider, { stdio: ["ignore", "ignore", "inherit"] });
    const classTs = join(root, "generated", provider, "internal", "class.ts");
    writeFileSync(classTs, readWasmAsFile(readFileSync(classTs, "utf8"), createRequire(classTs)));
  }
  console.log("prisma: generated clients for postgresql and sqlite");
}

function writeMigration(name) {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error("migration name: lowercase letters, digits, _");
  for (const provider of providers) {
    const dir = join(here, "migrations", provider);
    mkdirSync(dir, { recursive: true });
    const snapshot = join(dir, "model.snapshot.prisma");
    const current = derivedSchemaPath(provider);
    const from = existsSync(snapshot) ? ["--from-schema-datamodel", snapshot] : ["--from-empty"];
    const sql = prisma(["migrate", "diff", ...from, "--to-schema-datamodel", current, "--script"], provider);
    if (!/\S/.test(sql.replace(/^--.*$/gm, ""))) {
      console.log(`${provider}: no change`);
      continue;
    }
    const n = readdirSync(dir).filter((f) => /^\d{4}_/.test(f)).length + 1;
    const mdir = join(dir, `${String(n).padStart(4, "0")}_${name}`);
    mkdirSync(mdir);
    writeFileSync(join(mdir, "migration.sql"), sql);
    writeFileSync(snapshot, schemaFor(provider));
    console.log(`${provider}: wrote ${mdir}`);
  }
}

/** The SQL that creates the current model from nothing (for the drift test). */
export function modelSql(provider) {
  return prisma(
    ["migrate", "diff", "--from-empty", "--to-schema-datamodel", derivedSchemaPath(provider), "--script"],
    provider,
  );
}

export function snapshotOf(provider) {
  const file = join(here, "migrations", provider, "model.snapshot.prisma");
  return existsSync(file) ? readFileSync(file, "utf8") : null;
}

const runAsScript = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (runAsScript && existsSync(model)) {
  const args = process.argv.slice(2);
  if (args[0] === "--migrations") writeMigration(args[1] ?? "change");
  else generate();
}
