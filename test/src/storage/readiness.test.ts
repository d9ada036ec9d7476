// Readiness is writability (src/storage/database.ts whyNotWritable): null while
// the database answers and can take a write, else why not. Real conditions on
// real databases: SQLite with its write lock held by another connection, on a
// read-only mount and on a full disk (where the machine allows mounting), and
// PostgreSQL with default_transaction_read_only on for the database (as a
// managed server does when its storage fills up, or a standby after failover).
import Database from "better-sqlite3";
import { rmSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, sqliteFilePath } from "../../../src/storage/database.js";
import { migrateDatabase } from "../../../src/storage/migrate.js";
import { adminPgUrl, freshPostgres, postgresAvailable, sqliteTestUrl } from "../../support/databases.js";
import { canMount, fillDisk, mountReadOnly, mountTmpfs, unmount } from "../../support/mounts.js";

describe("SQLite readiness", () => {
  // 'locked' is itself the proof it answered within READINESS_TIMEOUT_MS: past it, whyNotWritable says 'unavailable'
  it("is null when writable; 'locked' while another connection holds the write lock, within the readiness timeout; null after", async () => {
    const url = sqliteTestUrl("readiness");
    await migrateDatabase(url);
    const db = await openDatabase(url);
    const other = new Database(sqliteFilePath(url));
    try {
      expect(await db.whyNotWritable()).toBeNull();
      other.exec("BEGIN IMMEDIATE");
      expect(await db.whyNotWritable()).toMatch(/locked/);
      // reads still answer: the old probe (SELECT 1) said ready here
      expect(await db.ping()).toBe(true);
      other.exec("ROLLBACK");
      expect(await db.whyNotWritable()).toBeNull();
    } finally {
      if (other.inTransaction) other.exec("ROLLBACK");
      other.close();
      await db.close();
    }
  });
});

describe("SQLite readiness on a file system that cannot be written", () => {
  it.skipIf(!canMount())("is 'disk full' on a full disk and 'read-only file system' on a read-only mount", async () => {
    const dir = mountTmpfs("8m");
    try {
      const url = `file:${join(dir, "db.sqlite")}`;
      await migrateDatabase(url);
      const db = await openDatabase(url);
      try {
        expect(await db.whyNotWritable()).toBeNull();
        fillDisk(join(dir, "junk"));
        // a real write fails now, while reads (the old probe, SELECT 1) still answer
        await expect(
          db.prisma.$executeRawUnsafe("CREATE TABLE readiness_probe AS SELECT zeroblob(1048576) AS x"),
        ).rejects.toThrow();
        expect(await db.ping()).toBe(true);
        expect(await db.whyNotWritable()).toMatch(/^disk full \(\d+ KiB free\)$/);
      } finally {
        await db.close();
      }
      rmSync(join(dir, "junk"));
      // the same file seen through a read-only mount: nothing can be written there
      const readOnly = mountReadOnly(dir);
      const seen = await openDatabase(`file:${join(readOnly, "db.sqlite")}`);
      try {
        expect(await seen.whyNotWritable()).toBe("read-only file system");
      } finally {
        await seen.close();
        unmount(readOnly);
      }
    } finally {
      unmount(dir);
    }
  });
});

describe("PostgreSQL readiness", async () => {
  const available = await postgresAvailable();
  const fresh = available ? await freshPostgres("loftesbot_readiness") : null;
  afterAll(async () => {
    await fresh?.drop();
  });

  /** Sets the database's default_transaction_read_only and ends its sessions, so new ones start with it. */
  async function setReadOnly(on: boolean): Promise<void> {
    const name = new URL(fresh?.url ?? "").pathname.slice(1);
    const admin = new pg.Client({ connectionString: adminPgUrl });
    await admin.connect();
    try {
      await admin.query(
        on
          ? `ALTER DATABASE "${name}" SET default_transaction_read_only = on`
          : `ALTER DATABASE "${name}" RESET default_transaction_read_only`,
      );
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", [name]);
    } finally {
      await admin.end();
    }
  }

  it.skipIf(!available)("is null when writable; 'read-only' when the database refuses writes; null after", async () => {
    const url = fresh?.url ?? "";
    const db = await openDatabase(url, { poolSize: 2 });
    try {
      expect(await db.whyNotWritable()).toBeNull();
      await setReadOnly(true);
      // the pool's old sessions were ended: the first call may see one of them go
      await db.ping();
      await expect(db.prisma.$executeRawUnsafe("CREATE TABLE readiness_probe (id int)")).rejects.toThrow(/read-only/);
      expect(await db.ping(), "reads still answer: the old probe (SELECT 1) said ready here").toBe(true);
      expect(await db.whyNotWritable()).toMatch(/read-only/);
      await setReadOnly(false);
      await db.ping();
      expect(await db.whyNotWritable()).toBeNull();
    } finally {
      await db.close();
    }
  });
});
