// The committed migrations are the model: for each database, a fresh database
// migrated by our runner has exactly the schema that Prisma derives from
// prisma/schema.prisma, a second run applies nothing, and the snapshot the
// next migration will be diffed from matches the model.
import Sqlite from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error plain ESM script without types
import { modelSql, schemaFor, snapshotOf } from "../../prisma/generate.mjs";
import { committedMigrations, migrateDatabase } from "../../src/storage/migrate.js";
import { sqliteFilePath } from "../../src/storage/database.js";
import { freshPostgres, postgresAvailable, sqliteTestUrl } from "../support/databases.js";

function sqliteCatalog(url: string): string[] {
  const db = new Sqlite(sqliteFilePath(url));
  const rows = db
    .prepare(
      "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name <> '_loftesbot_migrations' ORDER BY type, name",
    )
    .all() as { type: string; name: string; sql: string | null }[];
  db.close();
  // SQLite writes an added column into the table's text with its own spacing
  // ("NOT NULL , \"x\" REAL)"): spaces before a comma or a closing parenthesis say nothing
  return rows.map((r) => `${r.type} ${r.name}: ${(r.sql ?? "").replace(/\s+/g, " ").replace(/ ([,)])/g, "$1")}`);
}

async function postgresCatalog(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query(
      `SELECT table_name, column_name, data_type, is_nullable, coalesce(column_default, '') AS d
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_loftesbot_migrations'
        ORDER BY table_name, column_name`,
    );
    const indexes = await client.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_loftesbot_migrations' ORDER BY indexname`,
    );
    const constraints = await client.query(
      `SELECT c.conname, pg_get_constraintdef(c.oid) AS def FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE n.nspname = 'public' ORDER BY c.conname`,
    );
    return [
      ...columns.rows.map((r) => `column ${r.table_name}.${r.column_name} ${r.data_type} ${r.is_nullable} ${r.d}`),
      ...indexes.rows.map((r) => `index ${r.indexname}: ${r.indexdef}`),
      ...constraints.rows
        .filter((r) => !r.conname.startsWith("_loftesbot"))
        .map((r) => `constraint ${r.conname}: ${r.def}`),
    ];
  } finally {
    await client.end();
  }
}

describe("SQLite migrations", () => {
  it("are generated from the current model (snapshot matches)", () => {
    expect(snapshotOf("sqlite"), "the model changed without a migration: run `npm run db:migrations -- NAME`").toBe(
      schemaFor("sqlite"),
    );
  });

  it("migrate an empty database to exactly the model, and a second run changes nothing", async () => {
    const migrated = sqliteTestUrl("migrated");
    const first = await migrateDatabase(migrated);
    expect(first.applied).toEqual(committedMigrations("sqlite").map((m) => m.name));
    const second = await migrateDatabase(migrated);
    expect(second.applied).toEqual([]);

    const reference = sqliteTestUrl("reference");
    const db = new Sqlite(sqliteFilePath(reference));
    db.exec(modelSql("sqlite"));
    db.close();
    expect(sqliteCatalog(migrated)).toEqual(sqliteCatalog(reference));
    expect(sqliteCatalog(migrated).length).toBeGreaterThan(20);
  });

  it("uses WAL", async () => {
    const url = sqliteTestUrl("wal");
    await migrateDatabase(url);
    const db = new Sqlite(sqliteFilePath(url));
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
  });
});

describe("PostgreSQL migrations", async () => {
  const available = await postgresAvailable();
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it("are generated from the current model (snapshot matches)", () => {
    expect(snapshotOf("postgresql"), "the model changed without a migration: run `npm run db:migrations -- NAME`").toBe(
      schemaFor("postgresql"),
    );
  });

  it.skipIf(!available)(
    "migrate an empty database to exactly the model, and a second run changes nothing",
    async () => {
      const migrated = await freshPostgres("lb_migrated");
      const reference = await freshPostgres("lb_reference");
      cleanups.push(migrated.drop, reference.drop);
      const first = await migrateDatabase(migrated.url);
      expect(first.applied).toEqual(committedMigrations("postgresql").map((m) => m.name));
      expect((await migrateDatabase(migrated.url)).applied).toEqual([]);

      const client = new pg.Client({ connectionString: reference.url });
      await client.connect();
      await client.query(modelSql("postgresql"));
      await client.end();
      const a = await postgresCatalog(migrated.url);
      expect(a).toEqual(await postgresCatalog(reference.url));
      expect(a.length).toBeGreaterThan(100);
    },
  );

  it.skipIf(!available)("three instances migrating at once apply each migration once", async () => {
    const db = await freshPostgres("lb_parallel");
    cleanups.push(db.drop);
    const outcomes = await Promise.all([migrateDatabase(db.url), migrateDatabase(db.url), migrateDatabase(db.url)]);
    expect(outcomes.flatMap((o) => o.applied)).toEqual(committedMigrations("postgresql").map((m) => m.name));
  });
});
