// What /logga answers when the database is slow or busy, on SQLite and
// PostgreSQL: past the answer deadline with nothing written, "inget sparades"
// is said and stays true (nothing is written for the request afterwards);
// with the write on its way, the answer says it cannot confirm it and where to
// look, and a retry with the same request key confirms the one entry; a repeat
// of a request still running says so. Another connection holds the lock that
// stalls the write, as another process would.
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Loftesbot } from "../../../../src/core/loftesbot.js";
import { replyAsPlainText } from "../../../../src/core/reply.js";
import { sqliteFilePath } from "../../../../src/storage/database.js";
import { ProcessedRequests, requestKeyDigest } from "../../../../src/storage/processedRequests.js";
import { openTestCore, type TestCore } from "../../../support/core.js";
import { databaseKinds } from "../../../support/databases.js";

const NOTHING_STORED = /inget sparades|nothing was stored/i;

for (const kind of databaseKinds) {
  describe(`saved answers on ${kind}`, () => {
    let core: TestCore | null;
    /** the same core, answering within 300 ms */
    let quick: Loftesbot;
    beforeAll(async () => {
      core = await openTestCore(kind, { now: "2026-11-25T09:00:00Z" });
      if (!core) return;
      quick = new Loftesbot(
        core.ctx,
        new ProcessedRequests(core.db.prisma, core.db.embedded, core.ctx.secret),
        core.registry,
        300,
      );
      await say(core.bot, "3h närvaro 2026-11-23 zqwarm"); // the organisation and the standing are read once (another day and amount: not a duplicate of the lines below)
    });
    afterAll(async () => {
      await core?.drop();
    });

    async function say(bot: Loftesbot, line: string, requestKey?: string): Promise<string> {
      const reply = await bot.handleMessage({
        platform: "console",
        userId: "ali.hassan",
        text: `logga ${line}`,
        requestKey,
      });
      return replyAsPlainText(reply);
    }
    const stored = (note: string) => core!.db.prisma.activityEntry.count({ where: { note } });

    /** Holds a lock another process would hold (SQLite: the write lock; PostgreSQL: the table) for `ms`. */
    async function lockedFor(table: string, ms: number): Promise<{ released: Promise<void> }> {
      if (kind === "sqlite") {
        const other = new Database(sqliteFilePath(core!.db.url));
        other.exec("BEGIN IMMEDIATE");
        const released = new Promise<void>((resolve) =>
          setTimeout(() => {
            other.exec("ROLLBACK");
            other.close();
            resolve();
          }, ms),
        );
        return { released };
      }
      const other = new pg.Client({ connectionString: core!.db.url });
      await other.connect();
      await other.query("BEGIN");
      await other.query(`LOCK TABLE "${table}" IN EXCLUSIVE MODE`);
      const released = new Promise<void>((resolve) =>
        setTimeout(async () => {
          await other.query("ROLLBACK");
          await other.end();
          resolve();
        }, ms),
      );
      return { released };
    }

    it("past the deadline before anything was written: 'inget sparades', and nothing is written for it later", async (ctx) => {
      if (!core) return ctx.skip();
      for (const [note, key] of [
        ["zqlocked", "locked-1"],
        ["zqlockednokey", undefined],
      ] as const) {
        // the claim of the key (or, without one, the entries) waits for the lock past the deadline
        const { released } = await lockedFor(key ? "processed_request" : "activity_entry", 800);
        const answer = await say(quick, `1h närvaro ${note}`, key);
        // PostgreSQL without a key: the INSERT is on its way when the deadline passes (the next test)
        if (kind === "postgresql" && !key) {
          await released;
          continue;
        }
        await released;
        await new Promise((r) => setTimeout(r, 1_500));
        expect(await stored(note), note).toBe(0);
        expect(answer, note).toMatch(NOTHING_STORED);
        expect(answer, note).toContain("hann inte svara");
      }
    });

    it("past the deadline with the INSERT on its way (PostgreSQL): 'cannot confirm – look in /mina'; a retry with the key confirms it once", async (ctx) => {
      if (!core || kind !== "postgresql") return ctx.skip();
      const { released } = await lockedFor("activity_entry", 800);
      const answer = await say(quick, "2h närvaro zqinflight", "inflight-1");
      expect(answer).not.toMatch(NOTHING_STORED);
      expect(answer).toContain("kunde inte bekräfta");
      expect(answer).toContain("/mina");
      await released;
      await new Promise((r) => setTimeout(r, 300));
      expect(await stored("zqinflight")).toBe(1);
      const retry = await say(core.bot, "2h närvaro zqinflight", "inflight-1");
      expect(retry).toMatch(/^✅ 2 h på L1/);
      expect(await stored("zqinflight")).toBe(1);
    });

    it("a repeat of a request whose first attempt still runs says so, never 'inget sparades'", async (ctx) => {
      if (!core) return ctx.skip();
      // another instance's attempt holds the key and has until a minute from now
      await core.db.prisma.processedRequest.create({
        // keys are stored as HMACs under the instance key
        data: {
          key: requestKeyDigest(core.ctx.secret, "running-1"),
          reply: `pending:other-instance:${Date.now() + 60_000}`,
        },
      });
      const answer = await say(quick, "1h närvaro zqrunning", "running-1");
      expect(answer).not.toMatch(NOTHING_STORED);
      expect(answer).toMatch(/arbetar fortfarande|kunde inte bekräfta/);
      expect(await stored("zqrunning")).toBe(0);
    });
  });
}
