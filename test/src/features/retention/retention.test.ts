// Gallring and forgetting a person keep every aggregate count.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forgetPerson, runRetention } from "../../../../src/features/retention/retention.js";
import { openTestCore, type TestCore } from "../../../support/core.js";
import { databaseKinds } from "../../../support/databases.js";

for (const kind of databaseKinds) {
  describe(`retention on ${kind}`, () => {
    let core: TestCore | null;
    beforeAll(async () => {
      core = await openTestCore(kind, { now: "2024-03-01T10:00:00Z" });
    });
    afterAll(async () => {
      await core?.drop();
    });
    const totals = async () => {
      const agg = await core!.db.prisma.activityEntry.aggregate({
        _sum: { minutes: true, count: true },
        _count: { _all: true },
      });
      return { entries: agg._count._all, minutes: agg._sum.minutes, count: agg._sum.count };
    };

    it("clears old notes and old audit events, keeps the entries", async (ctx) => {
      if (!core) return ctx.skip();
      // the demo promise runs in 2026; an older promise is needed for 2024 entries
      await core.db.prisma.citizenPromise.update({ where: { id: "norrdal-2026" }, data: { fromDay: "2024-01-01" } });
      await core.bot.handleMessage({
        platform: "console",
        userId: "ali.hassan",
        text: "logga 2h närvaro gammal anteckning",
      });
      core.clock.set("2026-11-25T09:00:00Z");
      await core.bot.handleMessage({
        platform: "console",
        userId: "ali.hassan",
        text: "logga 1h närvaro ny anteckning",
      });
      const before = await totals();
      const outcome = await runRetention(core.ctx, core.clock.now());
      expect(outcome.notesCleared).toBe(1);
      expect(await totals()).toEqual(before);
      const notes = (await core.db.prisma.activityEntry.findMany({ orderBy: { day: "asc" } })).map((e) => e.note);
      expect(notes).toEqual(["", "ny anteckning"]);
    });

    it("forgets a person: identities, name and notes go, counts stay", async (ctx) => {
      if (!core) return ctx.skip();
      await core.bot.handleMessage({
        platform: "console",
        userId: "emma.lund",
        text: "logga 3h närvaro med @oskar.nyberg pratade med en granne",
        mentions: { "@oskar.nyberg": "oskar.nyberg" },
      });
      const before = await totals();
      const outcome = await forgetPerson(core.ctx, "emma.lund", core.clock.now());
      expect(outcome).not.toBeNull();
      expect(await totals()).toEqual(before);
      expect(await core.db.prisma.person.findUnique({ where: { id: "emma.lund" } })).toBeNull();
      const forgotten = await core.db.prisma.person.findUniqueOrThrow({
        where: { id: outcome!.newId },
        include: { memberships: true },
      });
      expect(forgotten).toMatchObject({ name: "(borttagen person)", slackUserId: null, teamsAadId: null });
      const entries = await core.db.prisma.activityEntry.findMany({
        where: { OR: [{ personId: outcome!.newId }, { loggedById: outcome!.newId }] },
      });
      expect(entries.length).toBe(outcome!.entriesKept);
      expect(entries.every((e) => e.note === "")).toBe(true);
      const audit = await core.db.prisma.auditEvent.findMany();
      expect(JSON.stringify(audit)).not.toContain("emma.lund");
      // she is no longer known to the bot
      const reply = await core.bot.handleMessage({ platform: "console", userId: "emma.lund", text: "mina" });
      expect(reply.text).toContain("Du finns inte");
    });
  });
}
