// The one-line log end to end through the core, on SQLite and PostgreSQL:
// what is stored, what the reply says, refusals that store nothing, undo,
// ambiguity, `med`, masking, and repeated requests.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { replyAsPlainText } from "../../../../src/core/reply.js";
import { consoleMentions } from "../../../../adapters/console/mentions.js";
import { databaseKinds } from "../../../support/databases.js";
import { openTestCore, type TestCore } from "../../../support/core.js";

for (const kind of databaseKinds) {
  describe(`one-line log on ${kind}`, () => {
    let core: TestCore | null;
    beforeAll(async () => {
      core = await openTestCore(kind, { now: "2026-11-25T09:00:00Z" });
    });
    afterAll(async () => {
      await core?.drop();
    });
    const say = async (personId: string, text: string, requestKey?: string) => {
      // mentions as the console adapter sees them (`@emma.lund` → emma.lund)
      const reply = await core!.bot.handleMessage({
        platform: "console",
        userId: personId,
        text,
        requestKey,
        mentions: consoleMentions(text),
      });
      return { reply, text: replyAsPlainText(reply) };
    };
    const entries = () =>
      core!.db.prisma.activityEntry.findMany({ where: { undoneAt: null }, orderBy: { createdAt: "asc" } });

    it("stores a line and says what, which day and week, and the team's standing", async (ctx) => {
      if (!core) return ctx.skip();
      const { text } = await say("ali.hassan", "/logga 1,5h närvaro Torget pratade med butiksägare");
      expect(text).toContain("✅ 1 h 30 min på L1 Ökad polisiär närvaro på Torget (idag, v. 48)");
      expect(text).toContain("denna vecka: IG Turlag 1: 1,5 av 4 h · hela LPO: 1,5 av 20 h");
      const stored = await entries();
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({
        personId: "ali.hassan",
        loggedById: "ali.hassan",
        day: "2026-11-25",
        minutes: 90,
        count: null,
        groupId: "ig-1",
        note: "pratade med butiksägare",
      });
    });

    it("logs for everyone named with med, and the reply names them", async (ctx) => {
      if (!core) return ctx.skip();
      const before = (await entries()).length;
      const { text } = await say("ali.hassan", "logga 2h L1 igår med @emma.lund @oskar.nyberg");
      expect(text).toContain("(igår, v. 48), även för Emma Lund och Oskar Nyberg");
      const added = (await entries()).slice(before);
      expect(added.map((e) => e.personId).sort()).toEqual(["ali.hassan", "emma.lund", "oskar.nyberg"]);
      expect(new Set(added.map((e) => e.batchId)).size).toBe(1);
      expect(added.every((e) => e.day === "2026-11-24" && e.minutes === 120 && e.loggedById === "ali.hassan")).toBe(
        true,
      );
      // team standing counts everyone's hours: 1,5 + 3 × 2
      expect((await say("ali.hassan", "mina")).text).toContain(
        "denna vecka: ert turlag: 7,5 av 4 h · hela LPO: 7,5 av 20 h",
      );
    });

    it("refuses an unknown person in med and stores nothing", async (ctx) => {
      if (!core) return ctx.skip();
      const before = (await entries()).length;
      const { text } = await say("ali.hassan", "logga 2h närvaro med @nobody.here");
      expect(text).toContain("@nobody.here");
      expect(text).toContain("Inget sparades");
      expect(await entries()).toHaveLength(before);
    });

    it("masks personnummer and registration plates in the note and says so", async (ctx) => {
      if (!core) return ctx.skip();
      const { text } = await say("emma.lund", "logga 1h närvaro kontroll av 19850101-1234 i bil ABC 123");
      expect(text).toContain("personnummer och registreringsnummer");
      const last = (await entries()).at(-1)!;
      expect(last.note).not.toMatch(/1985|ABC/);
      expect(last.note).toContain("[personnummer]");
      expect(last.note).toContain("[regnummer]");
    });

    it("counts occasions once per logged line", async (ctx) => {
      if (!core) return ctx.skip();
      const { text } = await say("oskar.nyberg", "logga hastighet 2st med @sofia.karlsson");
      expect(text).toContain("2 tillfällen");
      expect(text).toMatch(/denna månad: .*hela LPO: 2 av 4 tillfällen/);
    });

    it("refuses bad lines with an example and stores nothing", async (ctx) => {
      if (!core) return ctx.skip();
      const before = (await entries()).length;
      for (const line of [
        "logga närvaro",
        "logga 30h närvaro",
        "logga 2h",
        "logga 1h närvaro 2026-12-24",
        "logga 200st hastighet",
      ]) {
        const { text } = await say("ali.hassan", line);
        expect(text, line).toContain("Inget sparades");
        expect(text, line).toContain("Exempel:");
      }
      expect(await entries()).toHaveLength(before);
    });

    it("asks which activity when the line matches two, and stores the choice", async (ctx) => {
      if (!core) return ctx.skip();
      // Erik (kommunpolis, omrade-1) sees both promises' närvaro activities
      const { reply, text } = await say("lena.forsberg", "logga 1h närvaro");
      expect(text).toContain("passar flera aktiviteter");
      const actions = reply.blocks.find((b) => b.kind === "actions");
      expect(actions?.kind === "actions" && actions.buttons.length).toBeGreaterThanOrEqual(2);
      if (actions?.kind !== "actions") throw new Error("no buttons");
      const before = (await entries()).length;
      const chosen = await core.bot.handleAction({
        platform: "console",
        userId: "lena.forsberg",
        action: actions.buttons[1].action,
        requestKey: "click-1",
      });
      expect(replyAsPlainText(chosen)).toContain("✅ 1 h på");
      // a double click is handled once
      await core.bot.handleAction({
        platform: "console",
        userId: "lena.forsberg",
        action: actions.buttons[1].action,
        requestKey: "click-1",
      });
      expect(await entries()).toHaveLength(before + 1);
    });

    it("a choice after an ambiguous line keeps the people named with med", async (ctx) => {
      if (!core) return ctx.skip();
      const { reply } = await say("lena.forsberg", "logga 1h närvaro med @emma.lund");
      const buttons = reply.blocks.flatMap((b) => (b.kind === "actions" ? b.buttons : []));
      expect(buttons.length).toBeGreaterThanOrEqual(2);
      const before = (await entries()).length;
      const chosen = await core.bot.handleAction({
        platform: "console",
        userId: "lena.forsberg",
        action: buttons[0].action,
      });
      expect(replyAsPlainText(chosen)).toContain("även för Emma Lund");
      const added = (await entries()).slice(before);
      expect(added.map((e) => e.personId).sort()).toEqual(["emma.lund", "lena.forsberg"]);
    });

    it("undoes my last entry within 24 hours, and only once", async (ctx) => {
      if (!core) return ctx.skip();
      await say("sofia.karlsson", "logga 45min närvaro");
      const before = (await entries()).length;
      const { text } = await say("sofia.karlsson", "logga ångra");
      expect(text).toContain("↩️ Ångrat: 45 min");
      expect(await entries()).toHaveLength(before - 1);
      // the previous batch (logged with Oskar) is next; after 24 h nothing is undone
      core.clock.advance(25 * 3600 * 1000);
      expect((await say("sofia.karlsson", "logga ångra")).text).toContain("Du har ingen loggning");
      core.clock.advance(-25 * 3600 * 1000);
    });

    it("the Ångra button undoes exactly that line, only for the person who logged it", async (ctx) => {
      if (!core) return ctx.skip();
      const { reply } = await say("emma.lund", "logga 1h närvaro 2026-11-21");
      const undo = reply.blocks
        .flatMap((b) => (b.kind === "actions" ? b.buttons : []))
        .find((b) => b.action.id === "undo")!;
      const before = (await entries()).length;
      const other = await core.bot.handleAction({ platform: "console", userId: "ali.hassan", action: undo.action });
      expect(replyAsPlainText(other)).toContain("kan inte ångras");
      expect(await entries()).toHaveLength(before);
      await core.bot.handleAction({ platform: "console", userId: "emma.lund", action: undo.action });
      expect(await entries()).toHaveLength(before - 1);
    });

    it("a repeated request key stores once and answers the same", async (ctx) => {
      if (!core) return ctx.skip();
      const before = (await entries()).length;
      const [a, b] = await Promise.all([
        say("ali.hassan", "logga 1h närvaro", "retry-1"),
        say("ali.hassan", "logga 1h närvaro", "retry-1"),
      ]);
      expect(a.text).toBe(b.text);
      expect(await entries()).toHaveLength(before + 1);
    });

    it("tells an unknown person they are not registered and whom to ask", async (ctx) => {
      if (!core) return ctx.skip();
      const reply = await core.bot.handleMessage({ platform: "slack", userId: "U999NOBODY", text: "logga 1h närvaro" });
      expect(replyAsPlainText(reply)).toContain("Du finns inte i Löftesbots organisation");
      expect(replyAsPlainText(reply)).toContain("Maria Ekström");
    });

    it("answers in English for a person who chose English", async (ctx) => {
      if (!core) return ctx.skip();
      const { text } = await say("david.persson", "log 2h närvaro");
      expect(text).toContain("✅ 2 h on L1");
      expect(text).toContain("this week");
    });

    it("a typed @person-id names that person on every platform, in any case; so does a unique first name", async (ctx) => {
      if (!core) return ctx.skip();
      const before = (await entries()).length;
      // Slack sends a typed @word as plain text (no <@U…> mention): the adapter maps nothing
      const typed = await core.bot.handleMessage({
        platform: "slack",
        userId: "U0DEMO006",
        text: "logga 1h L1 2026-11-22 med @Emma.Lund",
        mentions: {},
      });
      expect(replyAsPlainText(typed)).toContain("även för Emma Lund");
      const added = (await entries()).slice(before);
      expect(added.map((e) => e.personId).sort()).toEqual(["ali.hassan", "emma.lund"]);
      const byName = await core.bot.handleMessage({
        platform: "slack",
        userId: "U0DEMO006",
        text: "logga 30min L1 med @Emma",
        mentions: {},
      });
      // issue 14: "@anna"/"@Emma" names the one Emma of the LPO (the help text's own example)
      expect(replyAsPlainText(byName)).toContain("även för Emma Lund");
      expect(await entries()).toHaveLength(before + 4);
      const nobody = await core.bot.handleMessage({
        platform: "slack",
        userId: "U0DEMO006",
        text: "logga 1h L1 med @Nobody",
        mentions: {},
      });
      expect(replyAsPlainText(nobody)).toContain("Inget sparades");
      expect(await entries()).toHaveLength(before + 4);
      // both lines undone by their own Ångra buttons (the clock stands still: "the last" is no order here)
      for (const reply of [typed, byName]) {
        const undo = reply.blocks.flatMap((b) => (b.kind === "actions" ? b.buttons : []))[0]!;
        await core.bot.handleAction({ platform: "slack", userId: "U0DEMO006", action: undo.action });
      }
      expect(await entries()).toHaveLength(before);
    });

    it("the form goes through the same rules as the line", async (ctx) => {
      if (!core) return ctx.skip();
      const opened = await core.bot.openForm("console", "ali.hassan", "logga");
      if (opened.kind !== "form") throw new Error("expected a form");
      const activity = opened.form.fields.find((f) => f.name === "activity");
      if (activity?.kind !== "choice") throw new Error("no activity choice");
      const l1 = activity.options.find((o) => o.label.startsWith("L1"))!.value;
      const before = (await entries()).length;
      const refused = await core.bot.submitForm({
        platform: "console",
        userId: "ali.hassan",
        formId: "log",
        state: "",
        values: { activity: l1, day: "2026-11-25", note: "utan tid" },
      });
      expect(refused.kind).toBe("errors");
      if (refused.kind === "errors") expect(refused.errors.duration).toContain("timmar");
      expect(await entries()).toHaveLength(before);
      const done = await core.bot.submitForm({
        platform: "console",
        userId: "ali.hassan",
        formId: "log",
        state: "",
        values: { activity: l1, day: "2026-11-23", duration: "1,5", others: ["emma.lund"], note: "2h närvaro L2 igår" },
      });
      expect(done.kind).toBe("done");
      const added = (await entries()).slice(before);
      expect(added).toHaveLength(2);
      expect(added[0]).toMatchObject({ minutes: 90, day: "2026-11-23", note: "2h närvaro L2 igår", source: "form" });
    });

    it("refuses a signed or broken amount, and a day before the promise or over a year back, with an example", async (ctx) => {
      if (!core) return ctx.skip();
      const before = (await entries()).length;
      for (const [line, says] of [
        ["logga hastighet -3st", '"-3st" är inget antal jag kan logga'],
        ["logga närvaro -2h", '"-2h" är ingen tid jag kan logga'],
        ["logga närvaro 2h +1h", '"+1h" är ingen tid jag kan logga'],
        ["logga hastighet 2,5st", "ett heltal mellan 1 och 100"],
        ["logga hastighet 0001-01-01", "0001-01-01 ligger före löftets period"],
        ["logga hastighet 1900-01-01", "kan loggas från 2026-01-01 till 2026-12-31"],
        [
          "logga 1h närvaro 2025-12-31",
          "L1 Ökad polisiär närvaro på Torget kan loggas från 2026-01-01 till 2026-12-31",
        ],
      ] as const) {
        const { text } = await say("oskar.nyberg", line);
        expect(text, line).toContain(says);
        expect(text, line).toContain("Inget sparades");
        expect(text, line).toContain("Exempel:");
      }
      const english = await say("david.persson", "log 1h närvaro 1900-01-01");
      expect(english.text).toContain(
        "1900-01-01 is before the promise's period: L1 Ökad polisiär närvaro på Torget can be logged from 2026-01-01 to 2026-12-31",
      );
      expect(await entries()).toHaveLength(before);

      // the form says the same, on the field it belongs to
      const opened = await core.bot.openForm("console", "oskar.nyberg", "logga");
      if (opened.kind !== "form") throw new Error("expected a form");
      const activity = opened.form.fields.find((f) => f.name === "activity");
      if (activity?.kind !== "choice") throw new Error("no activity choice");
      const l2 = activity.options.find((o) => o.label.startsWith("L2"))!.value;
      const submit = (values: Record<string, string>) =>
        core!.bot.submitForm({ platform: "console", userId: "oskar.nyberg", formId: "log", state: "", values });
      const negative = await submit({ activity: l2, day: "2026-11-25", count: "-3" });
      expect(negative.kind === "errors" && negative.errors.count).toContain("inget antal jag kan logga");
      const early = await submit({ activity: l2, day: "1900-01-01", count: "1" });
      expect(early.kind === "errors" && early.errors.day).toContain("kan loggas från 2026-01-01");
      expect(await entries()).toHaveLength(before);
    });

    it("answers a message over 4 000 characters with the limit and an example, in the person's language, storing nothing", async (ctx) => {
      if (!core) return ctx.skip();
      const before = (await entries()).length;
      const line = `logga 1h närvaro ${"lugnt ".repeat(700)}`;
      const sv = await say("ali.hassan", line);
      expect(sv.text).toMatch(/Meddelandet är för långt \(4\s217 tecken\)/);
      expect(sv.text).toMatch(/högst 4\s000 tecken/);
      expect(sv.text).toContain("`/logga 1,5h närvaro Torget med @anna.berg`");
      expect(sv.text).toContain("Inget sparades");
      const en = await say("david.persson", line);
      expect(en.text).toMatch(/The message is too long \(4,217 characters\)/);
      expect(en.text).toContain("Nothing was stored");
      // characters, not UTF-16 units: 3 000 emoji are 6 000 units and within the limit
      const emoji = await say("ali.hassan", `logga 35min närvaro ${"🚓".repeat(3_000)}`);
      expect(emoji.text).toContain("✅");
      const undo = emoji.reply.blocks.flatMap((b) => (b.kind === "actions" ? b.buttons : []))[0]!;
      await core.bot.handleAction({ platform: "console", userId: "ali.hassan", action: undo.action });
      // a form value longer than any field allows is refused the same way
      const opened = await core.bot.openForm("console", "ali.hassan", "logga");
      if (opened.kind !== "form") throw new Error("expected a form");
      const activity = opened.form.fields.find((f) => f.name === "activity");
      if (activity?.kind !== "choice") throw new Error("no activity choice");
      const form = await core.bot.submitForm({
        platform: "console",
        userId: "ali.hassan",
        formId: "log",
        state: "",
        values: { activity: activity.options[0]!.value, day: "2026-11-25", duration: "1h", note: "x".repeat(4_001) },
      });
      expect(form.kind === "done" && replyAsPlainText(form.reply)).toMatch(/för stort fält: högst 4\s000 tecken/);
      const many = await core.bot.submitForm({
        platform: "console",
        userId: "ali.hassan",
        formId: "log",
        state: "",
        values: {
          activity: activity.options[0]!.value,
          day: "2026-11-25",
          duration: "1h",
          others: Array(1_001).fill("emma.lund"),
        },
      });
      expect(many.kind === "done" && replyAsPlainText(many.reply)).toMatch(/1\s000 val per fält/);
      // a forged activity-choice button cannot bring a longer line than a message may
      const forged = await core.bot.handleAction({
        platform: "console",
        userId: "ali.hassan",
        action: {
          id: "choose-activity",
          value: JSON.stringify({ a: activity.options[0]!.value, l: `1h ${",".repeat(200_000)}` }),
        },
      });
      expect(replyAsPlainText(forged)).toContain("förstod inte");
      expect(await entries()).toHaveLength(before);
    });
  });
}
