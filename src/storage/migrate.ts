// Applies the committed SQL migrations (prisma/migrations/<provider>/NNNN_name)
// in order, each once, recording them in `_loftesbot_migrations`. We run them
// ourselves: Prisma 6.19's `migrate deploy` cannot reach PostgreSQL with the
// Wasm engine (prisma/orm#27403). Several instances starting together are
// serialised: SQLite by an immediate transaction, PostgreSQL by an advisory lock.
// SQLite migrations run with foreign keys off (a migration that redefines a
// table drops the old one, and with them on, that drop would cascade to every
// row that references it) and are checked with foreign_key_check before commit.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Provider, providerOf, sqliteFilePath } from "./database.js";

const migrationsRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "prisma", "migrations");
const MIGRATION_LOCK = 7_204_211;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function committedMigrations(provider: Provider): Migration[] {
  const dir = join(migrationsRoot, provider);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /^\d{4}_/.test(name))
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export interface MigrationOutcome {
  applied: string[];
  alreadyApplied: number;
}

/** Brings the database at `url` up to the committed model. Safe to repeat. */
export async function migrateDatabase(url: string): Promise<MigrationOutcome> {
  const provider = providerOf(url);
  const migrations = committedMigrations(provider);
  // each database's driver is loaded only where it is used
  return provider === "sqlite" ? migrateSqlite(url, migrations) : migratePostgres(url, migrations);
}

async function migrateSqlite(url: string, migrations: Migration[]): Promise<MigrationOutcome> {
  const { default: Sqlite } = await import("better-sqlite3");
  const file = sqliteFilePath(url);
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const db = new Sqlite(file, { timeout: 10_000 });
  try {
    db.pragma("journal_mode = WAL");
    // off for the whole run: the pragma cannot change inside the transaction, so a
    // migration's own `PRAGMA foreign_keys=OFF` would be ignored there
    db.pragma("foreign_keys = OFF");
    db.exec(
      'CREATE TABLE IF NOT EXISTS "_loftesbot_migrations" (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    const applied: string[] = [];
    const run = db.transaction(() => {
      const done = new Set(
        (db.prepare('SELECT name FROM "_loftesbot_migrations"').all() as { name: string }[]).map((r) => r.name),
      );
      for (const m of migrations) {
        if (done.has(m.name)) continue;
        db.exec(m.sql);
        db.prepare('INSERT INTO "_loftesbot_migrations" (name, checksum, applied_at) VALUES (?, ?, ?)').run(
          m.name,
          m.checksum,
          new Date().toISOString(),
        );
        applied.push(m.name);
      }
      const broken = applied.length > 0 ? (db.pragma("foreign_key_check") as { table: string; parent: string }[]) : [];
      if (broken.length > 0)
        throw new Error(
          `migration left rows without their parent: ${broken.map((b) => `${b.table} → ${b.parent}`).join(", ")}`,
        );
    });
    run.immediate();
    return { applied, alreadyApplied: migrations.length - applied.length };
  } finally {
    db.close();
  }
}

async function migratePostgres(url: string, migrations: Migration[]): Promise<MigrationOutcome> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS "_loftesbot_migrations" (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
    );
    const done = new Set((await client.query('SELECT name FROM "_loftesbot_migrations"')).rows.map((r) => r.name));
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.name)) continue;
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO "_loftesbot_migrations" (name, checksum) VALUES ($1, $2)', [
          m.name,
          m.checksum,
        ]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
      applied.push(m.name);
    }
    return { applied, alreadyApplied: migrations.length - applied.length };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
}
