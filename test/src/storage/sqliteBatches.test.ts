// The shared SQLite connection's group commit (src/storage/embeddedSqlite.ts):
// the writes asked for in one turn of the event loop go out as one
// transaction, each in a savepoint of its own. What it promises, each seen
// from outside the code under test: the commits in the WAL file and the rows
// another connection (another process's view) reads.
// - writes asked for together commit together: one commit, not one each;
// - a caller hears of its write only once it is committed;
// - a write the database refuses fails only its caller, and a keyed write
//   (`runIf`) whose write is refused leaves its guard's change undone too;
// - a write still waiting when its request was answered "nothing was stored"
//   never runs;
// - while another process holds the write lock the batch waits, and commits
//   once it is let go;
// - an error that ends the transaction (a full disk) fails every write of the
//   batch, and none of them is stored.
import Database from "better-sqlite3";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Prisma as SQL } from "../../../generated/postgresql/client.js";
import { RequestWrites, WritesClosed, withWrites } from "../../../src/core/writes.js";
import { type Database as Db, openDatabase, sqliteFilePath } from "../../../src/storage/database.js";
import type { EmbeddedSqlite } from "../../../src/storage/embeddedSqlite.js";
import { migrateDatabase } from "../../../src/storage/migrate.js";
import { sqliteTestUrl } from "../../support/databases.js";
import { canMount, fillDisk, mountTmpfs, unmount } from "../../support/mounts.js";

interface Opened {
  db: Db;
  embedded: EmbeddedSqlite;
  /** another connection to the same file, as another process would have */
  other: Database.Database;
}

const opened: Opened[] = [];

async function open(url = sqliteTestUrl("batches")): Promise<Opened> {
  await migrateDatabase(url);
  const db = await openDatabase(url);
  await db.prisma.$executeRawUnsafe('CREATE TABLE "scratch" ("id" INTEGER PRIMARY KEY, "v" TEXT NOT NULL)');
  await db.prisma.$executeRawUnsafe('CREATE TABLE "guard" ("id" INTEGER PRIMARY KEY, "taken" INTEGER NOT NULL)');
  await db.prisma.$executeRawUnsafe('INSERT INTO "guard" ("id", "taken") VALUES (1, 0)');
  if (!db.embedded?.ready) throw new Error("the shared SQLite connection is not there");
  const other = new Database(sqliteFilePath(url));
  const o = { db, embedded: db.embedded, other };
  opened.push(o);
  return o;
}

afterEach(async () => {
  for (const { db, other } of opened.splice(0)) {
    if (other.inTransaction) other.exec("ROLLBACK");
    other.close();
    await db.close();
  }
});

const insert = (id: number, v: string | null = `v${id}`) =>
  SQL.sql`INSERT INTO "scratch" ("id", "v") VALUES (${id}, ${v})`;
const rowsSeenByOther = (other: Database.Database) =>
  (other.prepare('SELECT "id" FROM "scratch" ORDER BY "id"').all() as { id: number }[]).map((r) => r.id);

/** Frames in the WAL file since it was last emptied: each commit appends the pages it changed. */
function walFrames(other: Database.Database): number {
  const [row] = other.pragma("wal_checkpoint(PASSIVE)") as { log: number }[];
  return row.log;
}

describe("SQLite group commit (the shared connection's batches)", () => {
  it("commits the writes asked for in one turn together: the WAL holds one commit's pages, not one per write", async () => {
    const { embedded, other } = await open();
    other.pragma("wal_checkpoint(TRUNCATE)");
    expect(walFrames(other)).toBe(0);
    const ids = Array.from({ length: 50 }, (_, i) => i + 1);
    const seenAtAnswer: boolean[] = [];
    await Promise.all(
      ids.map((id) =>
        embedded.run(insert(id)).then((changed) => {
          expect(changed).toBe(1);
          // told only after the COMMIT: another connection sees the row at that moment
          seenAtAnswer.push(other.prepare('SELECT 1 FROM "scratch" WHERE "id" = ?').get(id) !== undefined);
        }),
      ),
    );
    expect(seenAtAnswer).toEqual(ids.map(() => true));
    expect(rowsSeenByOther(other)).toEqual(ids);
    // one write per commit appended the table's page ~50 times over; one commit for all appends it once
    expect(walFrames(other)).toBeLessThan(10);
  });

  it("fails only the write the database refuses; the others of its batch are stored", async () => {
    const { embedded, other } = await open();
    const results = await Promise.allSettled([
      embedded.run(insert(1)),
      embedded.run(insert(2, null)), // NOT NULL
      embedded.run(insert(3)),
      embedded.run(insert(1, "again")), // the same primary key
      embedded.run(insert(4)),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled", "rejected", "fulfilled"]);
    expect(rowsSeenByOther(other)).toEqual([1, 3, 4]);
  });

  it("undoes a keyed write's guard when its write is refused, and leaves the other writes of the batch alone", async () => {
    const { embedded, other } = await open();
    const takeGuard = SQL.sql`UPDATE "guard" SET "taken" = "taken" + 1 WHERE "id" = 1`;
    const results = await Promise.allSettled([
      embedded.run(insert(1)),
      embedded.runIf(takeGuard, insert(1, "the same key")),
      embedded.run(insert(2)),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    // the guard changed one row, then its write failed: both undone together
    expect(other.prepare('SELECT "taken" FROM "guard" WHERE "id" = 1').get()).toEqual({ taken: 0 });
    expect(rowsSeenByOther(other)).toEqual([1, 2]);
    // and a guard that changes nothing keeps its write out: null, nothing stored
    const none = await embedded.runIf(SQL.sql`UPDATE "guard" SET "taken" = 1 WHERE "id" = 99`, insert(5));
    expect(none).toBeNull();
    expect(rowsSeenByOther(other)).toEqual([1, 2]);
  });

  it("never runs a write still waiting for its batch when its request was answered 'nothing was stored'", async () => {
    const { embedded, other } = await open();
    const writes = new RequestWrites();
    const pending = withWrites(writes, async () => embedded.run(insert(7)));
    // the deadline fires before the batch went out: the request is told nothing was stored
    expect(writes.closeIfNothingWritten()).toBe("none");
    await expect(pending).rejects.toBeInstanceOf(WritesClosed);
    await embedded.run(insert(8)); // the next batch runs
    expect(rowsSeenByOther(other)).toEqual([8]);
    expect(writes.outcome()).toBe("none");
  });

  it("marks a request's write committed only after its batch commits", async () => {
    const { embedded } = await open();
    const writes = new RequestWrites();
    let outcomeWhileQueued: string | undefined;
    await withWrites(writes, async () => {
      const pending = embedded.run(insert(9));
      outcomeWhileQueued = writes.outcome();
      await pending;
    });
    expect(outcomeWhileQueued).toBe("none");
    expect(writes.outcome()).toBe("committed");
  });

  it("waits while another process holds the write lock, and commits once it is let go", async () => {
    const { embedded, other } = await open();
    other.exec("BEGIN IMMEDIATE");
    const pending = Promise.all([embedded.run(insert(1)), embedded.run(insert(2))]);
    await new Promise((resolve) => setTimeout(resolve, 150));
    other.exec("ROLLBACK");
    await expect(pending).resolves.toEqual([1, 1]);
    expect(rowsSeenByOther(other)).toEqual([1, 2]);
  });

  it("gives up after its time while the lock stays taken, and stores nothing", async () => {
    const { embedded, other } = await open();
    other.exec("BEGIN IMMEDIATE");
    const results = await Promise.allSettled([embedded.run(insert(1)), embedded.run(insert(2))]);
    other.exec("ROLLBACK");
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/locked|busy/i);
    expect(rowsSeenByOther(other)).toEqual([]);
  });

  it.skipIf(!canMount())("fails every write of a batch that a full disk ends, and none is stored", async () => {
    const dir = mountTmpfs("8m");
    try {
      const url = `file:${join(dir, "batches.db")}`;
      const { embedded, other } = await open(url);
      await embedded.run(insert(1));
      fillDisk(join(dir, "junk"));
      const big = "x".repeat(64 * 1024);
      const results = await Promise.allSettled(
        Array.from({ length: 40 }, (_, i) => embedded.run(insert(100 + i, big))),
      );
      expect(results.every((r) => r.status === "rejected")).toBe(true);
      rmSync(join(dir, "junk"));
      expect(rowsSeenByOther(other)).toEqual([1]);
      // and the connection takes the next batch once there is room
      await embedded.run(insert(2));
      expect(rowsSeenByOther(other)).toEqual([1, 2]);
    } finally {
      for (const { db, other } of opened.splice(0)) {
        other.close();
        await db.close();
      }
      unmount(dir);
    }
  });
});
