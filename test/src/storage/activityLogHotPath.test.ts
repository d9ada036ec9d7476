// The statements every /logga runs, on both databases: on SQLite they are
// prepared statements on Prisma's own connection (embeddedSqlite.ts), on
// PostgreSQL Prisma queries. Both must store what Prisma would, never ride in
// another transaction, and the cached standing must equal a fresh sum.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ActivityLogRepository, type NewEntry } from "../../../src/storage/activityLogRepository.js";
import { sqliteFilePath } from "../../../src/storage/database.js";
import { storedTimestamp } from "../../../src/storage/embeddedSqlite.js";
import { ProcessedRequests, requestKeyDigest } from "../../../src/storage/processedRequests.js";
import { openTestCore, type TestCore } from "../../support/core.js";
import { databaseKinds } from "../../support/databases.js";
import { replyAsPlainText } from "../../../src/core/reply.js";
import { type BenchCore, openBenchCore } from "../../../bench/core.js";

const DAY = "2026-11-25";
const WEEK = { from: "2026-11-23", to: "2026-11-29" };

for (const kind of databaseKinds) {
  describe(`the /logga statements on ${kind}`, () => {
    let core: TestCore | null;
    let activityId = "";
    beforeAll(async () => {
      core = await openTestCore(kind, { now: `${DAY}T09:00:00Z` });
      if (core) activityId = (await core.db.prisma.promiseActivity.findFirstOrThrow({ where: { code: "L1" } })).id;
    });
    afterAll(async () => {
      await core?.drop();
    });
    const entry = (over: Partial<NewEntry> = {}): NewEntry => ({
      activityId,
      personId: "ali.hassan",
      groupId: "ig-1",
      primary: true,
      day: DAY,
      minutes: 90,
      count: null,
      note: "",
      ...over,
    });
    const fresh = (embedded = core!.db.embedded) => new ActivityLogRepository(core!.db.prisma, embedded);
    const sums = async (repo: ActivityLogRepository, from = WEEK.from, to = WEEK.to) =>
      [...(await repo.amountsByGroup(activityId, from, to))].sort((a, b) =>
        String(a.groupId).localeCompare(String(b.groupId)),
      );
    const sorted = <T extends { groupId: string | null }>(rows: T[]) =>
      [...rows].sort((a, b) => String(a.groupId).localeCompare(String(b.groupId)));

    it("uses prepared statements on SQLite only, once Prisma has connected", (ctx) => {
      if (!core) return ctx.skip();
      expect(core.db.embedded?.ready ?? false).toBe(kind === "sqlite");
    });

    it("stores a batch exactly as Prisma reads and writes it", async (ctx) => {
      if (!core) return ctx.skip();
      const at = new Date("2026-11-25T09:15:30.123Z");
      const entries = [
        entry({ note: "Torget, åäö \"citat\" 'apostrof'" }),
        entry({ personId: "emma.lund", primary: false, minutes: null, count: 3, groupId: null }),
      ];
      const viaHotPath = await fresh().storeBatch("ali.hassan", "slack", entries, at);
      const viaPrisma = await fresh(null).storeBatch("ali.hassan", "slack", entries, at);
      const read = async (batchId: string) =>
        (await core!.db.prisma.activityEntry.findMany({ where: { batchId }, orderBy: { personId: "asc" } })).map(
          ({ id, batchId: _b, ...rest }) => rest,
        );
      const hot = await read(viaHotPath);
      expect(hot).toHaveLength(2);
      expect(hot).toEqual(await read(viaPrisma));
      expect(hot[0]).toMatchObject({ personId: "ali.hassan", primary: true, minutes: 90, createdAt: at });
      expect(hot[1]).toMatchObject({ personId: "emma.lund", primary: false, count: 3, groupId: null });
      // Prisma's own queries by time find them (the stored timestamp compares as Prisma's does)
      expect(await core.ctx.activityLog.lastBatchLoggedBy("ali.hassan", new Date("2026-11-25T09:15:30.000Z"))).not.toBe(
        null,
      );
    });

    it("reads a day's entries of people exactly as Prisma reads them (what a line is checked against)", async (ctx) => {
      if (!core) return ctx.skip();
      const day = "2026-11-20";
      const repo = fresh();
      await repo.storeBatch(
        "ali.hassan",
        "slack",
        [entry({ day, note: "först" }), entry({ day, personId: "emma.lund", primary: false, minutes: null, count: 2 })],
        new Date("2026-11-20T08:00:00.456Z"),
      );
      await fresh(null).storeBatch(
        "emma.lund",
        "console",
        [entry({ day, personId: "emma.lund", note: "åäö" })],
        new Date("2026-11-20T09:30:00Z"),
      );
      const undone = await repo.storeBatch(
        "ali.hassan",
        "slack",
        [entry({ day, note: "ångrad" })],
        new Date("2026-11-20T10:00:00Z"),
      );
      await core.db.prisma.activityEntry.updateMany({ where: { batchId: undone }, data: { undoneAt: new Date() } });
      await repo.storeBatch("ali.hassan", "slack", [entry({ day: "2026-11-21" })], new Date("2026-11-21T10:00:00Z"));
      const viaPrisma = (personIds: string[]) =>
        core!.db.prisma.activityEntry.findMany({
          where: { personId: { in: personIds }, day, undoneAt: null },
          select: {
            personId: true,
            loggedById: true,
            activityId: true,
            minutes: true,
            count: true,
            note: true,
            createdAt: true,
          },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        });
      for (const ids of [["ali.hassan"], ["emma.lund"], ["ali.hassan", "emma.lund"], ["nobody"]]) {
        const read = await repo.entriesOnDay(ids, day);
        expect(read).toEqual(await viaPrisma(ids));
      }
      const both = await repo.entriesOnDay(["ali.hassan", "emma.lund"], day);
      // newest first (the two of one line share their time)
      expect(both.map((e) => e.note)).toEqual(["åäö", expect.any(String), expect.any(String)]);
      expect(both.find((e) => e.note === "först")?.createdAt).toEqual(new Date("2026-11-20T08:00:00.456Z"));
      expect(await repo.entriesOnDay([], day)).toEqual([]);
    });

    it("does not store inside someone else's open transaction, so its rollback cannot take the entry or another write", async (ctx) => {
      if (!core) return ctx.skip();
      const prisma = core.db.prisma;
      let stored: Promise<string> | undefined;
      let other: Promise<unknown> | undefined;
      // the same query once before, so that when unguarded it would run at once inside the transaction
      await prisma.processedRequest.create({ data: { key: "before-someone-elses-transaction", reply: "x" } });
      const rolledBack = prisma
        .$transaction(async (tx) => {
          await tx.person.update({ where: { id: "ali.hassan" }, data: { name: "Ali Hassan (ändras)" } });
          stored = fresh().storeBatch("ali.hassan", "slack", [entry({ note: "under transaktion" })], new Date());
          // a Prisma query outside the transaction, at the same time, is not part of it either
          // (a Prisma query runs when awaited or then-ed: start it now)
          other = prisma.processedRequest
            .create({ data: { key: "during-someone-elses-transaction", reply: "x" } })
            .then((row) => row);
          await new Promise((r) => setTimeout(r, 250));
          throw new Error("rolled back on purpose");
        })
        .catch((error: Error) => error.message);
      expect(await rolledBack).toBe("rolled back on purpose");
      const batchId = await stored!;
      await other;
      expect(await prisma.processedRequest.count({ where: { key: "during-someone-elses-transaction" } })).toBe(1);
      expect(await prisma.activityEntry.count({ where: { batchId } })).toBe(1);
      expect((await prisma.person.findUniqueOrThrow({ where: { id: "ali.hassan" } })).name).toBe("Ali Hassan");
    });

    it("keeps the standing equal to a fresh sum while batches are stored and read at once", async (ctx) => {
      if (!core) return ctx.skip();
      const repo = fresh();
      const groups = ["ig-1", "ig-2", null];
      const work: Promise<unknown>[] = [];
      for (let i = 0; i < 60; i++) {
        const groupId = groups[i % 3];
        work.push(
          repo.storeBatch("ali.hassan", "slack", [entry({ groupId, minutes: 15 + i, count: i % 4 })], new Date()),
        );
        if (i % 5 === 0) work.push(repo.standingByGroup(activityId, WEEK.from, WEEK.to));
      }
      // an entry outside the week changes nothing in it
      work.push(repo.storeBatch("ali.hassan", "slack", [entry({ day: "2026-11-20", minutes: 999 })], new Date()));
      await Promise.all(work);
      expect(sorted(await repo.standingByGroup(activityId, WEEK.from, WEEK.to))).toEqual(await sums(repo));
      // the sum is kept: a second read with nothing stored in between gives the same
      expect(sorted(await repo.standingByGroup(activityId, WEEK.from, WEEK.to))).toEqual(await sums(repo));
    });

    it("serves the standing from memory and adds what this process stores to it", async (ctx) => {
      if (!core) return ctx.skip();
      const repo = fresh();
      const find = (rows: { groupId: string | null; minutes: number }[], g: string) =>
        rows.find((r) => r.groupId === g)?.minutes ?? 0;
      const first = await repo.standingByGroup(activityId, WEEK.from, WEEK.to);
      await behindTheBack(core, activityId, "behind-cached"); // +420 min for ig-2, unseen by this repository
      await repo.storeBatch("ali.hassan", "slack", [entry({ minutes: 30 })], new Date());
      const second = await repo.standingByGroup(activityId, WEEK.from, WEEK.to);
      expect(find(second, "ig-1")).toBe(find(first, "ig-1") + 30);
      expect(find(second, "ig-2")).toBe(find(first, "ig-2"));
      expect(find(await sums(repo), "ig-2")).toBe(find(first, "ig-2") + 420);
    });

    it("forgets the standing on undo, and takes in other processes' entries after its time to live", async (ctx) => {
      if (!core) return ctx.skip();
      // a time to live long enough that a slow machine does not reach it between two reads
      const repo = new ActivityLogRepository(core.db.prisma, core.db.embedded, { standingTtlMs: 2_000 });
      const batch = await repo.storeBatch("ali.hassan", "slack", [entry({ minutes: 600 })], new Date());
      const before = sorted(await repo.standingByGroup(activityId, WEEK.from, WEEK.to));
      await repo.undoBatch(batch, new Date());
      const afterUndo = sorted(await repo.standingByGroup(activityId, WEEK.from, WEEK.to));
      expect(afterUndo).toEqual(await sums(repo));
      expect(afterUndo).not.toEqual(before);
      // another process stores 7 hours for ig-2, behind this repository's back
      await behindTheBack(core, activityId, "behind-ttl");
      const ig2 = (rows: { groupId: string | null; minutes: number }[]) =>
        rows.find((r) => r.groupId === "ig-2")?.minutes ?? 0;
      const cached = ig2(await repo.standingByGroup(activityId, WEEK.from, WEEK.to));
      expect(cached).toBe(ig2(afterUndo));
      await new Promise((r) => setTimeout(r, 2_100));
      expect(ig2(await repo.standingByGroup(activityId, WEEK.from, WEEK.to))).toBe(cached + 420);
    });

    it("runs a request key once: a repeat gets the first reply, a failure frees the key", async (ctx) => {
      if (!core) return ctx.skip();
      const processed = new ProcessedRequests(core.db.prisma, core.db.embedded, core.ctx.secret);
      let runs = 0;
      const work = async () => {
        runs++;
        await new Promise((r) => setTimeout(r, 30));
        return { text: `svar ${runs}` };
      };
      const busy = () => ({ text: "upptagen" });
      const [first, second] = await Promise.all([processed.once("k1", work, busy), processed.once("k1", work, busy)]);
      expect(first).toEqual({ text: "svar 1" });
      expect(second).toEqual({ text: "svar 1" });
      expect(await processed.once("k1", work, busy)).toEqual({ text: "svar 1" });
      expect(runs).toBe(1);
      await expect(processed.once("k2", () => Promise.reject(new Error("boom")), busy)).rejects.toThrow("boom");
      expect(await processed.once("k2", work, busy)).toEqual({ text: "svar 2" });
      // the key is kept only as an HMAC under the instance key
      expect(await core.db.prisma.processedRequest.findUnique({ where: { key: "k2" } })).toBeNull();
      const row = await core.db.prisma.processedRequest.findUniqueOrThrow({
        where: { key: requestKeyDigest(core.ctx.secret, "k2") },
      });
      expect(JSON.parse(row.reply)).toEqual({ text: "svar 2" });
      expect(Math.abs(row.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
    });
  });
}

describe("a timestamp read with raw SQL", () => {
  it("is the same instant whichever way SQLite holds it", () => {
    const at = new Date("2026-11-25T09:15:30.123Z");
    expect(storedTimestamp("2026-11-25T09:15:30.123+00:00")).toEqual(at);
    expect(storedTimestamp("2026-11-25T10:15:30.123+01:00")).toEqual(at);
    expect(storedTimestamp("2026-11-25T09:15:30.123Z")).toEqual(at);
    // SQLite's CURRENT_TIMESTAMP: UTC without a zone, whatever the process's time zone
    expect(storedTimestamp("2026-11-25 09:15:30")).toEqual(new Date("2026-11-25T09:15:30Z"));
    expect(storedTimestamp(at.getTime())).toEqual(at);
    expect(storedTimestamp(at)).toBe(at);
  });
});

/**
 * Runs `test` on a bench core (it counts every query by kind) over a fresh SQLite test core, and closes
 * both after.
 */
async function onSqliteBench(test: (bench: BenchCore) => Promise<void>): Promise<void> {
  const core = await openTestCore("sqlite", { now: `${DAY}T09:00:00Z` });
  if (!core) throw new Error("SQLite is always there");
  const bench = await openBenchCore(core.db.url, { clock: core.clock });
  try {
    await test(bench);
  } finally {
    await bench.close();
    await core.drop();
  }
}

/** The kinds of query the bench counted that went through Prisma (not a prepared statement: "(direct)"). */
const throughPrisma = (bench: BenchCore) =>
  [...bench.queries.byKind.keys()].filter((kind) => !kind.endsWith("(direct)"));

describe("a /logga line on SQLite", () => {
  it("sends no query through Prisma once the caches are warm: every statement is a prepared one", async () => {
    await onSqliteBench(async (bench) => {
      const log = async (i: number) =>
        replyAsPlainText(
          await bench.bot.handleMessage({
            platform: "console",
            userId: "ali.hassan",
            text: `/logga 5min närvaro runda ${i}`,
            requestKey: `hot:${i}`,
          }),
        );
      for (let i = 0; i < 3; i++) expect(await log(i)).toContain("✅");
      bench.queries.reset();
      for (let i = 3; i < 6; i++) expect(await log(i)).toContain("✅");
      expect(throughPrisma(bench)).toEqual([]);
      expect(bench.queries.count).toBeGreaterThan(0);
    });
  });
});

describe("a /logga line from another group", () => {
  it("sends no query through Prisma either once one group's line has warmed the caches (the group names are read once for all groups)", async () => {
    await onSqliteBench(async (bench) => {
      const log = async (userId: string, i: number) =>
        replyAsPlainText(
          await bench.bot.handleMessage({
            platform: "console",
            userId,
            text: `/logga 5min närvaro varv ${i}`,
            requestKey: `hot-groups:${userId}:${i}`,
          }),
        );
      // ali.hassan is in IG Turlag 1 (ig-1), david.persson in IG Turlag 2 (ig-2)
      for (let i = 0; i < 2; i++) expect(await log("ali.hassan", i)).toContain("✅");
      bench.queries.reset();
      expect(await log("david.persson", 2)).toContain("IG Turlag 2");
      expect(throughPrisma(bench)).toEqual([]);
    });
  });
});

/** An entry of 7 hours for ig-2 written over a second connection (as another process would). */
async function behindTheBack(core: TestCore, activityId: string, id: string): Promise<void> {
  const values = [id, id, activityId, "emma.lund", "emma.lund", "ig-2", DAY, 420];
  if (core.db.provider === "sqlite") {
    const db = new Database(sqliteFilePath(core.db.url));
    db.prepare(
      `INSERT INTO "activity_entry" ("id","batchId","activityId","personId","loggedById","groupId","primary","day","minutes","note","source","createdAt")
       VALUES (?,?,?,?,?,?,1,?,?,'','console','2026-11-25T10:00:00.000+00:00')`,
    ).run(...values);
    db.close();
    return;
  }
  const pg = (await import("pg")).default;
  const client = new pg.Client({ connectionString: core.db.url });
  await client.connect();
  await client.query(
    `INSERT INTO "activity_entry" ("id","batchId","activityId","personId","loggedById","groupId","primary","day","minutes","note","source","createdAt")
     VALUES ($1,$2,$3,$4,$5,$6,true,$7,$8,'','console',now())`,
    values,
  );
  await client.end();
}
