// A person named with `med` may remove their own part of what a colleague
// logged for them: from /mina (a button per entry, the last 7 days) or with
// `/logga ta bort min del`. Only their entry of the batch goes, it is
// audited, the standing drops, and the person who logged it sees it in /mina.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Action, type Reply, replyAsPlainText } from "../../../../src/core/reply.js";
import { databaseKinds } from "../../../support/databases.js";
import { openTestCore, sayInConsole, type TestCore } from "../../../support/core.js";

for (const kind of databaseKinds) {
  describe(`removing one's own part on ${kind}`, () => {
    let core: TestCore | null;
    beforeAll(async () => {
      core = await openTestCore(kind, { now: "2026-11-25T09:00:00Z" });
    });
    afterAll(async () => {
      await core?.drop();
    });

    const say = (personId: string, text: string) => sayInConsole(core!, personId, text);
    const press = async (personId: string, action: Action) =>
      replyAsPlainText(await core!.bot.handleAction({ platform: "console", userId: personId, action }));
    const buttons = (reply: Reply, label: string) =>
      reply.blocks.flatMap((b) => (b.kind === "actions" ? b.buttons : [])).filter((b) => b.label === label);
    const active = (batchId: string) =>
      core!.db.prisma.activityEntry.findMany({ where: { batchId, undoneAt: null }, orderBy: { personId: "asc" } });
    /** the LPO's hours of L1 this week, as /mina shows them ("hela LPO: 9 h av 20 h", "1 h 30 min av 20 h", "12,5 av 20 h") */
    const l1Hours = async (personId: string) => {
      const { text } = await say(personId, "mina");
      const match = /L1 [^\n]*?hela LPO: (?:([\d,]+)|(?:(\d+) h)? ?(?:(\d+) min)?) av 20 h/.exec(text);
      if (!match) throw new Error(`no L1 standing in ${text}`);
      if (match[1]) return Number(match[1].replace(",", "."));
      return Number(match[2] ?? 0) + Number(match[3] ?? 0) / 60;
    };

    it("the person named sees the entry in /mina with a button that removes only their part, audited", async (ctx) => {
      if (!core) return ctx.skip();
      await say("ali.hassan", "logga 2h L1 med @emma.lund @oskar.nyberg");
      const batch = (await core.db.prisma.activityEntry.findFirstOrThrow({ where: { personId: "emma.lund" } })).batchId;
      expect((await active(batch)).map((e) => e.personId)).toEqual(["ali.hassan", "emma.lund", "oskar.nyberg"]);
      const before = await l1Hours("ali.hassan");

      const mine = await say("emma.lund", "mina");
      expect(mine.text).toContain("Loggat åt dig av andra");
      expect(mine.text).toMatch(/2 h på L1 Ökad polisiär närvaro på Torget \(2026-11-25\) – loggat av Ali Hassan/);
      const [remove] = buttons(mine.reply, "Ta bort min del");
      expect(remove).toBeDefined();

      // someone else pressing Emma's button, or the logger, removes nothing
      for (const other of ["oskar.nyberg", "ali.hassan", "anna.berg"]) {
        expect(await press(other, remove!.action)).toContain("kan inte tas bort");
      }
      expect(await active(batch)).toHaveLength(3);

      const removed = await press("emma.lund", remove!.action);
      expect(removed).toContain("🗑️ Din del är borttagen: 2 h på L1 Ökad polisiär närvaro på Torget (2026-11-25)");
      expect(removed).toContain("loggat av Ali Hassan");
      expect((await active(batch)).map((e) => e.personId)).toEqual(["ali.hassan", "oskar.nyberg"]);
      const audit = await core.db.prisma.auditEvent.findFirstOrThrow({ where: { action: "entry.remove-own-part" } });
      expect(audit.actorId).toBe("emma.lund");
      expect(JSON.parse(audit.detail)).toMatchObject({ batchId: batch, loggedById: "ali.hassan" });

      // the standing drops by her 2 hours; pressing again removes nothing more
      expect(await l1Hours("ali.hassan")).toBe(before - 2);
      expect(await press("emma.lund", remove!.action)).toContain("kan inte tas bort");
      expect((await say("emma.lund", "mina")).text).not.toContain("loggat av Ali Hassan");

      // the person who logged it sees it
      expect((await say("ali.hassan", "mina")).text).toMatch(
        /Emma Lund tog bort sin del: 2 h på L1 Ökad polisiär närvaro på Torget \(2026-11-25\)/,
      );
    });

    it("`/logga ta bort min del` removes the newest part logged for me; the logger's Ångra then undoes the rest", async (ctx) => {
      if (!core) return ctx.skip();
      core.clock.advance(60_000); // a minute after the line of the test above: this one is the newest
      const { reply } = await say("ali.hassan", "logga 1,5h L1 igår med @oskar.nyberg @sofia.karlsson");
      const batch = (
        await core.db.prisma.activityEntry.findFirstOrThrow({
          where: { personId: "sofia.karlsson" },
          orderBy: { createdAt: "desc" },
        })
      ).batchId;
      const typed = await say("oskar.nyberg", "logga ta bort min del");
      expect(typed.text).toContain("🗑️ Din del är borttagen: 1 h 30 min på L1");
      expect(typed.text).toContain("(2026-11-24)");
      expect((await active(batch)).map((e) => e.personId)).toEqual(["ali.hassan", "sofia.karlsson"]);
      expect((await say("ali.hassan", "mina")).text).toContain("Oskar Nyberg tog bort sin del: 1 h 30 min på L1");

      const [undo] = buttons(reply, "Ångra");
      const undone = await press("ali.hassan", undo!.action);
      expect(undone).toContain("även för Sofia Karlsson");
      expect(undone).not.toContain("Oskar");
      expect(await active(batch)).toHaveLength(0);
      // a line undone by its logger is not "removed by" anyone
      expect((await say("ali.hassan", "mina")).text).not.toContain("Sofia Karlsson tog bort");
    });

    it("only within 7 days of being logged; with nothing to remove, says so", async (ctx) => {
      if (!core) return ctx.skip();
      expect((await say("johan.lindqvist", "logga ta bort min del")).text).toContain(
        "Ingen har loggat något åt dig de senaste 7 dagarna",
      );
      await say("ali.hassan", "logga 1h L1 med @johan.lindqvist");
      const mine = await say("johan.lindqvist", "mina");
      const [remove] = buttons(mine.reply, "Ta bort min del");
      core.clock.advance(8 * 24 * 3600 * 1000);
      try {
        expect(await press("johan.lindqvist", remove!.action)).toContain("kan inte tas bort");
        expect((await say("johan.lindqvist", "logga ta bort min del")).text).toContain(
          "Ingen har loggat något åt dig de senaste 7 dagarna",
        );
        expect(
          await core.db.prisma.activityEntry.count({ where: { personId: "johan.lindqvist", undoneAt: null } }),
        ).toBe(1);
      } finally {
        core.clock.advance(-8 * 24 * 3600 * 1000);
      }
    });

    it("a forged button value is no entry", async (ctx) => {
      if (!core) return ctx.skip();
      for (const value of ["", "nope", "x".repeat(3_000), "{}"]) {
        expect(await press("emma.lund", { id: "remove-own-part", value })).toContain("kan inte tas bort");
      }
    });
  });
}
