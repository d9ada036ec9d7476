// Before storing, the bot asks when a line looks wrong (issue 14): a likely
// duplicate (the same line twice, a colleague logging with `med` what was
// already logged for you) and a day above the LPO's plausible total. The
// attacker's tests: a question stores nothing and never says "sparat"; after
// "Spara ändå" exactly one batch exists, however often it is pressed; after
// "Avbryt" none, even when "Spara ändå" is pressed afterwards; a colleague
// cannot answer someone else's question. When the duplicate is some of the
// line's people only, "Spara utan …" stores it for the others, once, under the
// same question (its token): a second press, a press after "Avbryt" or after
// the other button stores nothing, and the day's limit may still ask.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Action, Reply } from "../../../../src/core/reply.js";
import { replyAsPlainText } from "../../../../src/core/reply.js";
import { databaseKinds } from "../../../support/databases.js";
import { openTestCore, sayInConsole, type TestCore } from "../../../support/core.js";

function buttons(reply: Reply): { label: string; action: Action }[] {
  return reply.blocks.flatMap((b) => (b.kind === "actions" ? b.buttons : []));
}

for (const kind of databaseKinds) {
  describe(`asking before storing on ${kind}`, () => {
    let core: TestCore | null;
    beforeAll(async () => {
      core = await openTestCore(kind, { now: "2026-11-25T09:00:00Z" });
    });
    afterAll(async () => {
      await core?.drop();
    });
    const say = (personId: string, text: string) => sayInConsole(core!, personId, text);
    const press = async (personId: string, action: Action, requestKey?: string) =>
      replyAsPlainText(await core!.bot.handleAction({ platform: "console", userId: personId, action, requestKey }));
    const rows = (where: Record<string, unknown> = {}) =>
      core!.db.prisma.activityEntry.count({ where: { undoneAt: null, ...where } });
    const asked = (reply: Reply) => {
      const all = buttons(reply);
      const anyway = all.find((b) => b.label === "Spara ändå");
      const cancel = all.find((b) => b.label === "Avbryt");
      expect(anyway, "a 'Spara ändå' button").toBeDefined();
      expect(cancel, "an 'Avbryt' button").toBeDefined();
      const without = all.find((b) => b.label.startsWith("Spara utan"));
      return { anyway: anyway!.action, cancel: cancel!.action, without: without?.action };
    };
    const labels = (reply: Reply) => buttons(reply).map((b) => b.label);
    /** the entries stored under a question's token: [person, logged by, primary, minutes, count] */
    const batchOf = async (action: Action) =>
      (await core!.db.prisma.activityEntry.findMany({ where: { batchId: JSON.parse(action.value).k } }))
        .map((e) => [e.personId, e.loggedById, e.primary, e.minutes, e.count])
        .sort();

    it("asks about the same line sent twice, stores nothing, and never says it saved", async (ctx) => {
      if (!core) return ctx.skip();
      expect((await say("ali.hassan", "/logga 2h närvaro Torget")).text).toContain("✅ 2 h på L1");
      const before = await rows();
      core.clock.advance(5 * 60_000);
      const second = await say("ali.hassan", "/logga 2h närvaro Torget");
      expect(second.text).toContain("Det här verkar redan vara loggat för idag: du har redan 2 h på L1");
      expect(second.text).toContain("loggat av dig kl. 10:00");
      expect(second.text).toContain("Vill du ändå logga 2 h på L1");
      expect(second.text).not.toMatch(/sparat|sparades|✅/i);
      asked(second.reply);
      expect(await rows()).toBe(before);
    });

    it("'Spara ändå' stores the line once, however often it is pressed", async (ctx) => {
      if (!core) return ctx.skip();
      const before = await rows({ personId: "ali.hassan" });
      const question = await say("ali.hassan", "/logga 2h närvaro Torget");
      const { anyway } = asked(question.reply);
      const pressed = await press("ali.hassan", anyway, "anyway-1");
      expect(pressed).toContain("✅ 2 h på L1");
      expect(await rows({ personId: "ali.hassan" })).toBe(before + 1);
      // a second press (another request), a retry of the same request, and two at once
      expect(await press("ali.hassan", anyway, "anyway-2")).toContain("redan loggad en gång");
      await press("ali.hassan", anyway, "anyway-1");
      await Promise.all([press("ali.hassan", anyway), press("ali.hassan", anyway)]);
      expect(await rows({ personId: "ali.hassan" })).toBe(before + 1);
      // even with the token's claim gone (old processed requests purged), the stored batch answers
      await core.db.prisma.processedRequest.deleteMany({ where: { key: { startsWith: "log-anyway:" } } });
      expect(await press("ali.hassan", anyway, "anyway-3")).toContain("redan loggad en gång");
      expect(await rows({ personId: "ali.hassan" })).toBe(before + 1);
    });

    it("'Avbryt' stores nothing, and 'Spara ändå' after it stores nothing either", async (ctx) => {
      if (!core) return ctx.skip();
      const before = await rows();
      const question = await say("ali.hassan", "/logga 2h närvaro Torget");
      const { anyway, cancel } = asked(question.reply);
      expect(await press("ali.hassan", cancel)).toContain("Avbrutet – inget sparades.");
      expect(await press("ali.hassan", anyway)).toContain("Du avbröt den raden");
      expect(await rows()).toBe(before);
    });

    it("a colleague cannot answer someone else's question", async (ctx) => {
      if (!core) return ctx.skip();
      const before = await rows();
      const question = await say("ali.hassan", "/logga 2h närvaro Torget");
      const { anyway, cancel } = asked(question.reply);
      expect(await press("emma.lund", anyway)).toContain("bara den som skickade raden");
      expect(await press("emma.lund", cancel)).toContain("bara den som skickade raden");
      expect(await rows()).toBe(before);
      // the question is still Ali's to answer
      expect(await press("ali.hassan", anyway)).toContain("✅");
      expect(await rows()).toBe(before + 1);
    });

    it("asks when a colleague logs with med what was already logged for you, naming who has it", async (ctx) => {
      if (!core) return ctx.skip();
      expect((await say("oskar.nyberg", "/logga 1,5h närvaro")).text).toContain("✅");
      const before = await rows();
      const question = await say("emma.lund", "/logga 1,5h närvaro med @oskar.nyberg @sofia.karlsson vid busstorget");
      expect(question.text).toContain("Oskar Nyberg har redan 1 h 30 min på L1 (loggat av Oskar Nyberg kl.");
      expect(question.text).toContain("Det gäller Oskar Nyberg, inte dig och Sofia Karlsson.");
      expect(question.text).not.toMatch(/sparat|✅/i);
      expect(await rows()).toBe(before);
      const { anyway } = asked(question.reply);
      expect(await press("emma.lund", anyway)).toContain("även för Oskar Nyberg och Sofia Karlsson");
      expect(await rows()).toBe(before + 3);
    });

    it("a duplicate for some of the line's people offers 'Spara utan …': the others' entries only, stored once", async (ctx) => {
      if (!core) return ctx.skip();
      expect((await say("anna.berg", "/logga 2h närvaro 2026-11-10")).text).toContain("✅");
      const before = await rows();
      const question = await say("ali.hassan", "/logga 2h närvaro 2026-11-10 med @anna.berg @emma.lund");
      expect(question.text).toContain("Det gäller Anna Berg, inte dig och Emma Lund.");
      expect(labels(question.reply)).toEqual(["Spara ändå", "Spara utan Anna Berg", "Avbryt"]);
      expect(await rows()).toBe(before);
      const { anyway, without } = asked(question.reply);
      const stored = await press("ali.hassan", without!);
      expect(stored).toContain("✅ 2 h på L1");
      expect(stored).toContain("(2026-11-10, v. 46), även för Emma Lund.");
      expect(stored).toContain("Inget sparades igen för Anna Berg – det var redan loggat.");
      // Anna's entry already counted this work's occasion: none of the line's entries counts it again
      expect(await batchOf(without!)).toEqual([
        ["ali.hassan", "ali.hassan", false, 120, null],
        ["emma.lund", "ali.hassan", false, 120, null],
      ]);
      expect(await rows({ personId: "anna.berg", day: "2026-11-10" })).toBe(1);
      // pressed again, and the other button of the same question: nothing more
      expect(await press("ali.hassan", without!)).toContain("redan loggad en gång");
      expect(await press("ali.hassan", anyway)).toContain("redan loggad en gång");
      expect(await rows()).toBe(before + 2);
    });

    it("'Spara utan Anna Berg' on occasions: the speed check Anna logged stays one occasion, and the answer says so", async (ctx) => {
      if (!core) return ctx.skip();
      expect((await say("anna.berg", "/logga 1st hastighet 2026-11-03")).text).toContain("✅");
      const question = await say("ali.hassan", "/logga 1st hastighet 2026-11-03 med @anna.berg @emma.lund");
      expect(labels(question.reply)).toEqual(["Spara ändå", "Spara utan Anna Berg", "Avbryt"]);
      const { without } = asked(question.reply);
      const stored = await press("ali.hassan", without!);
      expect(stored).toContain("✅ 1 tillfälle på L2");
      expect(stored).toContain("Inget sparades igen för Anna Berg – det var redan loggat, och tillfället räknas där.");
      expect(await batchOf(without!)).toEqual([
        ["ali.hassan", "ali.hassan", false, null, 1],
        ["emma.lund", "ali.hassan", false, null, 1],
      ]);
      const occasions = await core.db.prisma.activityEntry.aggregate({
        where: { day: "2026-11-03", primary: true, undoneAt: null, activity: { code: "L2" } },
        _sum: { count: true },
      });
      expect(occasions._sum.count).toBe(1);
    });

    it("'Spara ändå' first, then 'Spara utan …': stored once, for everyone", async (ctx) => {
      if (!core) return ctx.skip();
      await say("anna.berg", "/logga 2h närvaro 2026-11-06");
      const before = await rows();
      const question = await say("ali.hassan", "/logga 2h närvaro 2026-11-06 med @anna.berg @emma.lund");
      const { anyway, without } = asked(question.reply);
      expect(await press("ali.hassan", anyway)).toContain("även för Anna Berg och Emma Lund");
      expect(await press("ali.hassan", without!)).toContain("redan loggad en gång");
      expect(await rows()).toBe(before + 3);
    });

    it("'Avbryt' then 'Spara utan …' stores nothing; a colleague's press of it is refused", async (ctx) => {
      if (!core) return ctx.skip();
      await say("anna.berg", "/logga 2h närvaro 2026-11-11");
      const before = await rows();
      const question = await say("ali.hassan", "/logga 2h närvaro 2026-11-11 med @anna.berg @emma.lund");
      const { cancel, without } = asked(question.reply);
      // Emma is in the line, but the question is Ali's
      expect(await press("emma.lund", without!)).toContain("bara den som skickade raden");
      expect(await rows()).toBe(before);
      expect(await press("ali.hassan", cancel)).toContain("Avbrutet – inget sparades.");
      expect(await press("ali.hassan", without!)).toContain("Du avbröt den raden");
      expect(await rows()).toBe(before);
    });

    it("the sender among the duplicates: 'Spara utan mig' stores the colleague's entry only, logged by the sender, the occasion not counted twice", async (ctx) => {
      if (!core) return ctx.skip();
      expect((await say("ali.hassan", "/logga 1st hastighet 2026-11-12")).text).toContain("✅");
      const question = await say("ali.hassan", "/logga 1st hastighet 2026-11-12 med @emma.lund");
      expect(question.text).toContain("Det gäller dig, inte Emma Lund.");
      expect(labels(question.reply)).toEqual(["Spara ändå", "Spara utan mig", "Avbryt"]);
      const { without } = asked(question.reply);
      const reply = await core.bot.handleAction({ platform: "console", userId: "ali.hassan", action: without! });
      const stored = replyAsPlainText(reply);
      expect(stored).toContain("✅ 1 tillfälle på L2");
      expect(stored).toContain("(2026-11-12, v. 46) för Emma Lund.");
      expect(stored).not.toContain("även för");
      expect(stored).toContain("Inget sparades igen för dig – det var redan loggat, och tillfället räknas där.");
      // Emma's entry, logged by Ali: not the line's own entry, so the speed check stays one occasion
      expect(await batchOf(without!)).toEqual([["emma.lund", "ali.hassan", false, null, 1]]);
      expect(await rows({ personId: "ali.hassan", day: "2026-11-12" })).toBe(1);
      const occasions = await core.db.prisma.activityEntry.aggregate({
        where: { day: "2026-11-12", primary: true, undoneAt: null, activity: { code: "L2" } },
        _sum: { count: true },
      });
      expect(occasions._sum.count).toBe(1);
      // Ångra says what it undoes: Emma's entry, not "also" Ali's
      const undo = buttons(reply).find((b) => b.label === "Ångra")!;
      const undone = await press("ali.hassan", undo.action);
      expect(undone).toContain("för Emma Lund");
      expect(undone).not.toContain("även för");
      expect(await rows({ personId: "emma.lund", day: "2026-11-12" })).toBe(0);
      expect(await rows({ personId: "ali.hassan", day: "2026-11-12" })).toBe(1);
      // Ali undid that line himself: /mina does not tell him Emma removed her part
      expect((await say("ali.hassan", "/mina")).text).not.toContain("Emma Lund tog bort sin del");

      // such a line's part is Emma's to remove, and then Ali's /mina says she did
      await say("ali.hassan", "/logga 1st hastighet 2026-11-04");
      const again = asked((await say("ali.hassan", "/logga 1st hastighet 2026-11-04 med @emma.lund")).reply);
      await press("ali.hassan", again.without!);
      const part = await core.db.prisma.activityEntry.findFirstOrThrow({
        where: { batchId: JSON.parse(again.without!.value).k, personId: "emma.lund" },
      });
      expect(await press("emma.lund", { id: "remove-own-part", value: part.id })).toContain("1 tillfälle på L2");
      const mine = (await say("ali.hassan", "/mina")).text;
      expect(mine).toContain("Emma Lund tog bort sin del: 1 tillfälle på L2");
      expect(mine.match(/Emma Lund tog bort sin del/g)).toHaveLength(1);
    });

    it("after 'Spara utan …' the day's limit still asks, under the same question: stored once", async (ctx) => {
      if (!core) return ctx.skip();
      await say("emma.lund", "/logga 11h närvaro 2026-11-13");
      await say("anna.berg", "/logga 2h närvaro 2026-11-13");
      const before = await rows();
      const question = await say("ali.hassan", "/logga 2h närvaro 2026-11-13 med @anna.berg @emma.lund");
      expect(question.text).toContain("Det gäller Anna Berg");
      expect(question.text).toContain("Det blir 13 h för Emma Lund 2026-11-13");
      const first = asked(question.reply);
      // without Anna, Emma's day is still above 12 h: asked again, nothing stored
      const again = await core.bot.handleAction({ platform: "console", userId: "ali.hassan", action: first.without! });
      const againText = replyAsPlainText(again);
      expect(againText).toContain("Det blir 13 h för Emma Lund 2026-11-13");
      expect(againText).toContain("även för Emma Lund?");
      expect(againText).toContain("Inget sparas för Anna Berg, som redan har det loggat.");
      expect(againText).not.toMatch(/✅/);
      expect(labels(again)).toEqual(["Spara ändå", "Avbryt"]);
      expect(await rows()).toBe(before);
      const second = asked(again);
      expect(await press("ali.hassan", second.anyway)).toContain("även för Emma Lund.");
      expect(await batchOf(first.without!)).toEqual([
        ["ali.hassan", "ali.hassan", false, 120, null],
        ["emma.lund", "ali.hassan", false, 120, null],
      ]);
      // one question: its first buttons store nothing more
      expect(await press("ali.hassan", first.anyway)).toContain("redan loggad en gång");
      expect(await press("ali.hassan", first.without!)).toContain("redan loggad en gång");
      expect(await rows()).toBe(before + 2);
    });

    it("a line with several activities: 'Spara utan …' leaves the person out of the part asked about only", async (ctx) => {
      if (!core) return ctx.skip();
      await say("anna.berg", "/logga 2h närvaro 2026-11-09");
      const question = await say(
        "ali.hassan",
        "/logga närvaro 2h med @anna.berg och hastighet 1st med @anna.berg 2026-11-09",
      );
      expect(question.text).toContain("Det gäller Anna Berg, inte dig.");
      const { without } = asked(question.reply);
      const stored = await press("ali.hassan", without!);
      expect(stored).toContain("Inget sparades igen för Anna Berg");
      const added = await core.db.prisma.activityEntry.findMany({
        where: { batchId: JSON.parse(without!.value).k },
        include: { activity: true },
      });
      expect(added.map((e) => [e.activity.code, e.personId]).sort()).toEqual([
        ["L1", "ali.hassan"],
        ["L2", "ali.hassan"],
        ["L2", "anna.berg"],
      ]);
    });

    it("'Spara utan …' is not offered when its value would not fit in a button; 'Spara ändå' still is", async (ctx) => {
      if (!core) return ctx.skip();
      await say("anna.berg", "/logga 2h närvaro 2026-11-05");
      const line = (note: string) => `/logga 2h närvaro 2026-11-05 med @anna.berg @emma.lund ${note}`;
      const short = asked((await say("ali.hassan", line("a"))).reply);
      expect(short.without).toBeDefined();
      // a note as long as still fits "Spara ändå" (1 900 characters), not "Spara utan Anna Berg" (which adds Anna)
      const room = 1900 - short.anyway.value.length;
      const long = await say("ali.hassan", line("a".repeat(1 + room)));
      expect(labels(long.reply)).toEqual(["Spara ändå", "Avbryt"]);
      expect(asked(long.reply).anyway.value.length).toBe(1900);
      expect(long.text).toContain('Raden är för lång för knappen "Spara utan Anna Berg"');
    });

    it("does not ask about a different activity, a different amount, another day, or an old entry", async (ctx) => {
      if (!core) return ctx.skip();
      await say("sofia.karlsson", "/logga 3h närvaro 2026-11-20");
      const before = await rows();
      // 45 min is not the same work as 3 h; another day; occasions on another activity
      expect((await say("sofia.karlsson", "/logga 45min närvaro 2026-11-20")).text).toContain("✅");
      expect((await say("sofia.karlsson", "/logga 3h närvaro 2026-11-19")).text).toContain("✅");
      expect((await say("sofia.karlsson", "/logga 1st hastighet 2026-11-20")).text).toContain("✅");
      // the sender's own line with another note is another round
      expect((await say("sofia.karlsson", "/logga 3h närvaro 2026-11-20 kvällsrunda")).text).toContain("✅");
      // more than the window later, the same line is new work
      core.clock.advance(13 * 3600_000);
      expect((await say("sofia.karlsson", "/logga 3h närvaro 2026-11-20")).text).toContain("✅");
      expect(await rows()).toBe(before + 5);
      core.clock.set("2026-11-25T09:00:00Z");
    });

    it("'Spara ändå' stores the line for the day it was asked about, even pressed after midnight", async (ctx) => {
      if (!core) return ctx.skip();
      await say("anna.berg", "/logga 2h närvaro igår");
      const question = await say("anna.berg", "/logga 2h närvaro igår");
      const { anyway } = asked(question.reply);
      core.clock.set("2026-11-26T08:00:00Z");
      try {
        expect(await press("anna.berg", anyway)).toContain("✅ 2 h på L1");
        expect(await rows({ personId: "anna.berg", day: "2026-11-24" })).toBe(2);
        expect(await rows({ personId: "anna.berg", day: "2026-11-25" })).toBe(0);
      } finally {
        core.clock.set("2026-11-25T09:00:00Z");
      }
    });

    it("a forged 'Spara ändå' cannot move a line into the future", async (ctx) => {
      if (!core) return ctx.skip();
      await say("johan.lindqvist", "/logga 2h närvaro igår");
      const { anyway } = asked((await say("johan.lindqvist", "/logga 2h närvaro igår")).reply);
      // the question's day forged a week ahead: "igår" would then be 2026-12-01, a day in the future
      const forged = { ...anyway, value: anyway.value.replace(/"d":"[^"]+"/, '"d":"2026-12-02"') };
      expect(await press("johan.lindqvist", forged)).toContain("(igår, v. 48)");
      expect(await rows({ personId: "johan.lindqvist", day: "2026-11-24" })).toBe(2);
      expect(await rows({ personId: "johan.lindqvist", day: { gt: "2026-11-25" } })).toBe(0);
    });

    it("the form asks the same way, and 'Spara ändå' keeps its people and note", async (ctx) => {
      if (!core) return ctx.skip();
      const opened = await core.bot.openForm("console", "linnea.holmberg", "logga");
      if (opened.kind !== "form") throw new Error("expected a form");
      const activity = opened.form.fields.find((f) => f.name === "activity");
      if (activity?.kind !== "choice") throw new Error("no activity choice");
      const l1 = activity.options.find((o) => o.label.startsWith("L1"))!.value;
      const values = { activity: l1, day: "2026-11-23", duration: "2", others: ["fredrik.wallin"], note: "vid skolan" };
      const submit = () =>
        core!.bot.submitForm({ platform: "console", userId: "linnea.holmberg", formId: "log", state: "", values });
      const first = await submit();
      expect(first.kind === "done" && replyAsPlainText(first.reply)).toContain("✅ 2 h på L1");
      const before = await rows();
      const second = await submit();
      if (second.kind !== "done") throw new Error("expected an answer");
      expect(replyAsPlainText(second.reply)).toContain("Det här verkar redan vara loggat för 2026-11-23");
      expect(await rows()).toBe(before);
      const { anyway } = asked(second.reply);
      expect(await press("linnea.holmberg", anyway)).toContain("även för Fredrik Wallin");
      const added = await core.db.prisma.activityEntry.findMany({ where: { batchId: JSON.parse(anyway.value).k } });
      expect(added.map((e) => e.personId).sort()).toEqual(["fredrik.wallin", "linnea.holmberg"]);
      expect(added.every((e) => e.note === "vid skolan" && e.minutes === 120 && e.day === "2026-11-23")).toBe(true);
    });

    it("asks above 12 h in a day for a person, and stores after 'Spara ändå'", async (ctx) => {
      if (!core) return ctx.skip();
      // three lines of different amounts (no duplicates): 8 h + 3 h + 1 h = 12 h is still plausible
      for (const line of ["8h närvaro 2026-11-18", "3h närvaro 2026-11-18", "1h närvaro 2026-11-18"])
        expect((await say("ali.hassan", `/logga ${line}`)).text).toContain("✅");
      const before = await rows();
      const question = await say("ali.hassan", "/logga 20min närvaro 2026-11-18");
      expect(question.text).toContain("Det blir 12,3 h för dig 2026-11-18 – mer än 12 h om dagen");
      expect(question.text).not.toMatch(/sparat|✅/i);
      expect(await rows()).toBe(before);
      const { anyway } = asked(question.reply);
      expect(await press("ali.hassan", anyway)).toContain("✅ 20 min");
      expect(await rows()).toBe(before + 1);
    });

    it("a line with several activities: a repeated part is asked about, and 'Spara ändå' stores every part once", async (ctx) => {
      if (!core) return ctx.skip();
      expect((await say("ali.hassan", "/logga 2h närvaro torget 2026-11-16")).text).toContain("✅");
      const before = await rows({ personId: "ali.hassan" });
      const question = await say("ali.hassan", "/logga närvaro torget 2h, hastighet 1st 2026-11-16");
      expect(question.text).toContain("Det här verkar redan vara loggat");
      expect(question.text).not.toMatch(/sparat|sparades|✅/i);
      expect(await rows({ personId: "ali.hassan" })).toBe(before);
      const { anyway } = asked(question.reply);
      const stored = await press("ali.hassan", anyway);
      expect(stored).toContain("2 h på L1");
      expect(stored).toContain("1 tillfälle på L2");
      expect(await rows({ personId: "ali.hassan" })).toBe(before + 2);
      expect(await press("ali.hassan", anyway)).toContain("redan loggad en gång");
      expect(await rows({ personId: "ali.hassan" })).toBe(before + 2);
    });

    it("the parts of one line count together toward the day's limit", async (ctx) => {
      if (!core) return ctx.skip();
      const before = await rows();
      // 7 h on L1 and 6 h on L2 the same day: neither part alone is above 12 h, the line is
      const question = await say("ali.hassan", "/logga närvaro 7h, hastighet 1st kl 08-14 2026-11-15");
      expect(question.text).toContain("mer än 12 h om dagen");
      expect(await rows()).toBe(before);
    });

    it("uses the LPO's own limit (maxHoursPerDay)", async (ctx) => {
      if (!core) return ctx.skip();
      await core.db.prisma.lpo.updateMany({ data: { maxHoursPerDay: 8 } });
      try {
        const before = await rows();
        const question = await say("oskar.nyberg", "/logga 9h närvaro 2026-11-17");
        expect(question.text).toContain("Det blir 9 h för dig 2026-11-17 – mer än 8 h om dagen");
        expect(await rows()).toBe(before);
      } finally {
        await core.db.prisma.lpo.updateMany({ data: { maxHoursPerDay: null } });
      }
    });
  });
}
