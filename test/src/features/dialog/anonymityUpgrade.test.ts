// Polls from before per-poll keys, in a database made by the first migration,
// on SQLite and PostgreSQL. The upgrade keeps every answer (on SQLite it
// redefines poll_response; with foreign keys on, that would have deleted every
// poll_answer row) and drops the old, recomputable request keys. An open
// poll's plain answers under instance-key tokens are still found and changed
// (and then sealed), and reminders count them (an old reminder is not sent
// again); at closing every sheet is written without token, group or day, and
// the old reminder rows get random keys. An anonymous poll closed before the
// upgrade is rewritten the same way by the next close run.
import Sqlite from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Core, loadConfig, openCore } from "../../../../src/app/compose.js";
import { silentLogger } from "../../../../src/core/log.js";
import { replyAsPlainText } from "../../../../src/core/reply.js";
import { ANSWER_ACTION, POLL_ANSWER_FORM } from "../../../../src/features/dialog/forms.js";
import { pollCloseJob, pollRemindersJob } from "../../../../src/features/dialog/jobs.js";
import { legacyReminderKey, legacyResponseToken } from "../../../../src/features/dialog/pollToken.js";
import { DEMO_ORGANISATION_FILE } from "../../../../src/organisation/organisationFile.js";
import { sqliteFilePath } from "../../../../src/storage/database.js";
import { committedMigrations } from "../../../../src/storage/migrate.js";
import { FakeClock } from "../../../support/core.js";
import { type DatabaseKind, databaseKinds, freshDatabase } from "../../../support/databases.js";
import { RecordingSender, type Sent } from "../../../support/recordingSender.js";

const SECRET = "upgrade-test-instance-key";
const IG1 = ["anna.berg", "ali.hassan", "emma.lund", "oskar.nyberg", "sofia.karlsson"];

type Statement = [string, unknown[]];

/** The database as the first migration left it, with polls answered the old way. */
function legacyData(kind: DatabaseKind): Statement[] {
  const t = (iso: string) => (kind === "sqlite" ? iso.replace("Z", "+00:00") : iso);
  const yes = kind === "sqlite" ? 1 : true;
  const p = (n: number) => (kind === "sqlite" ? "?" : `$${n}`);
  const insert = (table: string, row: Record<string, unknown>): Statement => {
    const columns = Object.keys(row);
    return [
      `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map((_, i) => p(i + 1)).join(", ")})`,
      Object.values(row),
    ];
  };
  const statements: Statement[] = [
    insert("lpo", { id: "norrdal", name: "LPO Norrdal", updatedAt: t("2026-11-01T00:00:00.000Z") }),
    insert("processed_request", {
      key: "slack:action:0123456789abcdef",
      reply: "{}",
      createdAt: t("2026-11-25T10:00:00.000Z"),
    }),
  ];
  const poll = (id: string, status: string, closedAt: string | null) => {
    statements.push(
      insert("dialogue_poll", {
        id,
        lpoId: "norrdal",
        kind: "vad",
        title: `Gammal dialog ${id}`,
        createdById: "erik.johansson",
        anonymous: yes,
        status,
        opensAt: t("2026-11-10T09:00:00.000Z"),
        closesAt: t(closedAt ?? "2026-12-02T15:00:00.000Z"),
        closedAt: closedAt ? t(closedAt) : null,
        createdAt: t("2026-11-10T09:00:00.000Z"),
      }),
      insert("poll_question", { id: `${id}-q0`, pollId: id, position: 0, kind: "scale", text: "Hur trygg?" }),
      insert("poll_question", { id: `${id}-q1`, pollId: id, position: 1, kind: "text", text: "Vad först?" }),
    );
    for (const person of IG1)
      statements.push(
        insert("poll_recipient", {
          pollId: id,
          personId: person,
          groupId: "ig-1",
          invitedAt: t("2026-11-10T09:05:00.000Z"),
        }),
      );
  };
  const sheet = (pollId: string, person: string, scale: string, text: string, day: string) => {
    const id = `${pollId}-${person}`;
    statements.push(
      insert("poll_response", {
        id,
        pollId,
        token: legacyResponseToken(SECRET, pollId, person),
        groupId: "ig-1",
        day,
      }),
      insert("poll_answer", { id: `${id}-a0`, responseId: id, questionId: `${pollId}-q0`, value: scale }),
      insert("poll_answer", { id: `${id}-a1`, responseId: id, questionId: `${pollId}-q1`, value: text }),
    );
  };
  // d1: open; Ali and Emma have answered, Anna was reminded the old way
  poll("d1", "open", null);
  sheet("d1", "ali.hassan", "4", "Gammalt svar från förr", "2026-11-11");
  sheet("d1", "emma.lund", "2", "Mer ljus", "2026-11-12");
  statements.push(
    insert("delivery", {
      id: "old-reminder",
      job: "poll-reminders",
      recipient: legacyReminderKey(SECRET, "d1", "anna.berg"),
      period: "poll",
      status: "sent",
      attempts: 1,
      sentAt: t("2026-11-20T09:00:00.000Z"),
      createdAt: t("2026-11-20T09:00:00.000Z"),
      updatedAt: t("2026-11-20T09:00:00.000Z"),
    }),
  );
  // d2: closed before the upgrade, with every sheet still under its token
  poll("d2", "closed", "2026-11-20T15:00:00.000Z");
  for (const [i, person] of ["sofia.karlsson", "ali.hassan", "emma.lund", "oskar.nyberg", "anna.berg"].entries())
    sheet("d2", person, String(5 - i), `Svar ${i}`, `2026-11-1${i}`);
  return statements;
}

async function atFirstMigration(kind: DatabaseKind, url: string): Promise<void> {
  const [first] = committedMigrations(kind);
  const data = legacyData(kind);
  if (kind === "sqlite") {
    const db = new Sqlite(sqliteFilePath(url));
    db.pragma("journal_mode = WAL");
    db.exec(first.sql);
    db.exec(
      'CREATE TABLE "_loftesbot_migrations" (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    db.prepare('INSERT INTO "_loftesbot_migrations" VALUES (?, ?, ?)').run(first.name, first.checksum, "2026-11-01");
    for (const [sql, values] of data) db.prepare(sql).run(...values);
    db.close();
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(first.sql);
    await client.query(
      'CREATE TABLE "_loftesbot_migrations" (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
    );
    await client.query('INSERT INTO "_loftesbot_migrations" (name, checksum) VALUES ($1, $2)', [
      first.name,
      first.checksum,
    ]);
    for (const [sql, values] of data) await client.query(sql, values);
  } finally {
    await client.end();
  }
}

for (const kind of databaseKinds) {
  describe(`polls from before per-poll keys, upgraded, on ${kind}`, () => {
    let database: { url: string; drop(): Promise<void> } | null = null;
    let core: Core;
    const sent: Sent[] = [];
    const clock = new FakeClock(new Date("2026-11-26T09:00:00Z"));

    beforeAll(async () => {
      database = await freshDatabase(kind);
      if (!database) return;
      await atFirstMigration(kind, database.url);
      const config = loadConfig({
        DATABASE_URL: database.url,
        LOG_LEVEL: "silent",
        LOFTESBOT_SECRET: SECRET,
        LOFTESBOT_ORG_FILE: DEMO_ORGANISATION_FILE,
      });
      // as the service starts after an upgrade: the organisation file is imported again
      core = await openCore(config, {
        logger: silentLogger,
        clock,
        platforms: { slack: new RecordingSender("slack", { log: sent }) },
        reimportOrgFile: true,
      });
    });

    afterAll(async () => {
      await core?.close();
      await database?.drop();
    });

    const answer = (person: string, values: Record<string, string>) =>
      core.bot.submitForm({ platform: "console", userId: person, formId: POLL_ANSWER_FORM, state: "d1", values });

    it("keeps every answer through the migration and drops the old request keys", async (ctx) => {
      if (!database) return ctx.skip();
      expect(await core.db.prisma.pollResponse.count()).toBe(7);
      expect(await core.db.prisma.pollAnswer.count()).toBe(14);
      expect(await core.db.prisma.processedRequest.count()).toBe(0);
    });

    it("finds an old answer by its old token, counts it for reminders, and seals it when it is changed", async (ctx) => {
      if (!database) return ctx.skip();
      const opened = await core.bot.handleAction({
        platform: "console",
        userId: "ali.hassan",
        action: { id: ANSWER_ACTION, value: "d1" },
      });
      expect(opened.form?.intro).toContain("Du har redan svarat");
      expect(opened.form?.fields.map((f) => ("initial" in f ? f.initial : undefined))).toEqual([
        "4",
        "Gammalt svar från förr",
      ]);
      // the poll got its own key the first time it was needed
      expect((await core.db.prisma.dialoguePoll.findUniqueOrThrow({ where: { id: "d1" } })).sealKey).not.toBeNull();

      clock.set("2026-12-01T15:10:00Z");
      const reminded = await core.runner.run(pollRemindersJob, clock.now());
      // not Ali and Emma (answered the old way), not Anna (reminded the old way)
      expect(reminded.sent).toBe(2);
      expect(sent.map((s) => (s.to.kind === "person" ? s.to.personId : "")).sort()).toEqual([
        "oskar.nyberg",
        "sofia.karlsson",
      ]);

      const changed = await answer("ali.hassan", { q0: "5", q1: "Nytt svar" });
      expect(changed.kind === "done" && replyAsPlainText(changed.reply)).toContain("är ändrat");
      expect(await core.db.prisma.pollSealedSheet.count({ where: { pollId: "d1" } })).toBe(1);
      expect(await core.db.prisma.pollResponse.count({ where: { pollId: "d1" } })).toBe(1);
      const fresh = await answer("sofia.karlsson", { q0: "3", q1: "Första gången" });
      expect(fresh.kind === "done" && replyAsPlainText(fresh.reply)).toContain("Du har deltagit");
      expect(await core.db.prisma.pollSealedSheet.count({ where: { pollId: "d1" } })).toBe(2);
    });

    it("writes every sheet without token, group or day at closing, and rewrites the poll closed before", async (ctx) => {
      if (!database) return ctx.skip();
      clock.set("2026-12-02T15:05:00Z");
      await core.runner.run(pollCloseJob, clock.now());
      for (const [pollId, labels] of [
        ["d1", ["2", "3", "5"]],
        ["d2", ["1", "2", "3", "4", "5"]],
      ] as const) {
        const sheets = await core.db.prisma.pollResponse.findMany({
          where: { pollId },
          include: { answers: true },
        });
        expect(
          sheets.every((s) => s.token === null && s.groupId === null && s.personId === null),
          pollId,
        ).toBe(true);
        expect(sheets.map((s) => s.answers.find((a) => a.questionId === `${pollId}-q0`)?.value).sort(), pollId).toEqual(
          labels,
        );
        // no old id survives
        expect(sheets.some((s) => s.id.startsWith(`${pollId}-`))).toBe(false);
        const tally = await core.db.prisma.pollGroupTally.findMany({ where: { pollId } });
        expect(tally.map((r) => [r.groupId, r.answered])).toEqual([["ig-1", labels.length]]);
      }
      expect(await core.db.prisma.pollSealedSheet.count()).toBe(0);
      expect((await core.db.prisma.dialoguePoll.findUniqueOrThrow({ where: { id: "d1" } })).sealKey).toBeNull();
      // the old reminder row no longer answers to the old key
      const reminders = await core.db.prisma.delivery.findMany({ where: { job: "poll-reminders" } });
      expect(reminders).toHaveLength(3);
      for (const person of IG1)
        expect(reminders.some((r) => r.recipient === legacyReminderKey(SECRET, "d1", person))).toBe(false);
      // the results count every answer, old and new
      const results = await core.bot.handleMessage({
        platform: "console",
        userId: "erik.johansson",
        text: "dialog d2",
      });
      expect(replyAsPlainText(results)).toContain("5 av 5 har svarat");
    });
  });
}
