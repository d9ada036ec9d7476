// Real databases for tests: a fresh SQLite file, and a fresh PostgreSQL
// database on the local server (LOFTESBOT_TEST_PG_URL, default the machine's
// 127.0.0.1:5432). When no PostgreSQL answers, the PostgreSQL tests are
// skipped and say so loudly — in CI (CI=true) they fail instead.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

export const adminPgUrl = process.env.LOFTESBOT_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export function sqliteTestUrl(name = "test"): string {
  return `file:${join(mkdtempSync(join(tmpdir(), "loftesbot-")), `${name}.db`)}`;
}

let available: Promise<boolean> | undefined;

export function postgresAvailable(): Promise<boolean> {
  available ??= (async () => {
    const client = new pg.Client({ connectionString: adminPgUrl, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.query("SELECT 1");
      return true;
    } catch {
      if (process.env.CI)
        throw new Error(`PostgreSQL does not answer at ${adminPgUrl}; CI must run the PostgreSQL tests`);
      console.warn(`\n*** PostgreSQL does not answer at ${adminPgUrl}: PostgreSQL tests are SKIPPED ***\n`);
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return available;
}

export interface FreshPostgres {
  url: string;
  drop(): Promise<void>;
}

export async function freshPostgres(prefix = "loftesbot_test"): Promise<FreshPostgres> {
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: adminPgUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(adminPgUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminPgUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

/** Runs a describe block's factory once per database kind. */
export const databaseKinds = ["sqlite", "postgresql"] as const;
export type DatabaseKind = (typeof databaseKinds)[number];

export async function freshDatabase(kind: DatabaseKind): Promise<{ url: string; drop(): Promise<void> } | null> {
  if (kind === "sqlite") return { url: sqliteTestUrl(), drop: async () => undefined };
  if (!(await postgresAvailable())) return null;
  return freshPostgres();
}
