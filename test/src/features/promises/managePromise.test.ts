// Managing promises from chat end to end through the core, on SQLite and
// PostgreSQL, driven as the console drives it: `/lofte ny` with its form and
// the "Lägg till aktivitet" button, refusals for those who may not, field
// errors that store nothing, `/lofte ändra` with a target history, the audit
// trail, logging on a new promise, the organisation export, and the console's
// guided dialogue.
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runChat } from "../../../../adapters/console/chat.js";
import { parseOrganisationFile } from "../../../../src/organisation/organisationFile.js";
import {
  exportOrganisation,
  exportOrganisationText,
  importOrganisation,
} from "../../../../src/organisation/organisationStore.js";
import type { Button, FormOutcome, FormSpec, FormValues, Reply } from "../../../../src/core/reply.js";
import { replyAsPlainText } from "../../../../src/core/reply.js";
import { openTestCore, type TestCore } from "../../../support/core.js";
import { databaseKinds } from "../../../support/databases.js";
import { firstActivity, promiseFormRows } from "../../../support/promiseForm.js";

const MEASURABLE = "Ett mål måste gå att mäta: ett antal större än 0, en enhet (timmar eller tillfällen)";

/** A complete, valid new-promise form (one activity). */
const validPromise: FormValues = {
  title: "Trygg hamn",
  kommun: "norrdal",
  from: "2026-11-01",
  to: "2027-10-31",
  ...firstActivity,
  baseline: "",
};

function buttonsOf(reply: Reply): Button[] {
  return reply.blocks.flatMap((b) => (b.kind === "actions" ? b.buttons : []));
}

function button(reply: Reply, label: string | RegExp): Button {
  const found = buttonsOf(reply).find((b) => (typeof label === "string" ? b.label === label : label.test(b.label)));
  if (!found) throw new Error(`no button ${label} in ${replyAsPlainText(reply)}`);
  return found;
}

function field(form: FormSpec, name: string) {
  const found = form.fields.find((f) => f.name === name);
  if (!found) throw new Error(`no field ${name} in form ${form.id}`);
  return found;
}

for (const kind of databaseKinds) {
  describe(`managing promises from chat on ${kind}`, () => {
    let core: TestCore | null;
    beforeAll(async () => {
      core = await openTestCore(kind, { now: "2026-11-25T09:00:00Z" });
    });
    afterAll(async () => {
      await core?.drop();
    });

    const say = async (personId: string, text: string) => {
      const reply = await core!.bot.handleMessage({ platform: "console", userId: personId, text });
      return { reply, text: replyAsPlainText(reply) };
    };
    const press = async (personId: string, b: Button) => {
      const reply = await core!.bot.handleAction({ platform: "console", userId: personId, action: b.action });
      return { reply, text: replyAsPlainText(reply) };
    };
    const submit = (personId: string, form: { id: string; state: string }, values: FormValues) =>
      core!.bot.submitForm({ platform: "console", userId: personId, formId: form.id, state: form.state, values });
    const done = (outcome: FormOutcome): { reply: Reply; text: string } => {
      if (outcome.kind !== "done") throw new Error(`form refused: ${JSON.stringify(outcome.errors)}`);
      return { reply: outcome.reply, text: replyAsPlainText(outcome.reply) };
    };
    const openNew = async (personId: string): Promise<FormSpec> => {
      const opened = await core!.bot.openForm("console", personId, "lofte", "ny");
      if (opened.kind !== "form") throw new Error(replyAsPlainText(opened.reply));
      return opened.form;
    };
    /** Rows that managing promises writes, to prove a refusal stored nothing. */
    const counts = () => promiseFormRows(core!.db.prisma);
    const audits = (action: string, subject?: string) =>
      core!.db.prisma.auditEvent.findMany({
        where: { action, ...(subject ? { subject } : {}) },
        orderBy: { at: "asc" },
      });
    const activity = (promiseId: string, code: string) =>
      core!.db.prisma.promiseActivity.findUniqueOrThrow({
        where: { promiseId_code: { promiseId, code } },
        include: { targets: true, groups: true },
      });

    it("a kommunpolis creates a promise with one activity, then adds a second with the button", async (ctx) => {
      if (!core) return ctx.skip();
      const form = await openNew("erik.johansson");
      expect(form.id).toBe("promise");
      expect(form.fields.map((f) => f.name)).toEqual([
        "title",
        "kommun",
        "from",
        "to",
        "problem",
        "purpose",
        "intendedEffect",
        "tellCitizens",
        "code",
        "name",
        "aliases",
        "amount",
        "unit",
        "per",
        "groups",
        "baseline",
        "shares",
        "shareBasis",
        "effectIndicators",
        "effectAreas",
        "comparisonArea",
      ]);
      const kommun = field(form, "kommun");
      expect(kommun.kind === "choice" && kommun.options.map((o) => o.value)).toEqual(["norrdal", "asby"]);
      expect(field(form, "code")).toMatchObject({ initial: "L1" });
      expect(field(form, "from")).toMatchObject({ initial: "2026-11-25" });
      expect(field(form, "to")).toMatchObject({ initial: "2027-11-24" });
      const groups = field(form, "groups");
      expect(groups.kind === "choice" && groups.multiple).toBe(true);
      expect(groups.kind === "choice" && groups.options.map((o) => o.value)).toEqual([
        "*",
        "ig-1",
        "ig-2",
        "ig-3",
        "ig-4",
        "omrade-1",
      ]);

      const created = done(await submit("erik.johansson", form, validPromise));
      // norrdal-2026 is the demo's promise: the next free id is taken
      expect(created.text).toContain(
        "✅ Löftet Trygg hamn (norrdal-2026-2) är sparat för Norrdals kommun, 2026-11-01 – 2027-10-31.",
      );
      expect(created.text).toContain("L1 Cykelpatrull i hamnen – mål 10 h per vecka · IG Turlag 1, IG Turlag 2");
      expect(created.text).toContain("`/logga 1,5h hamnen`");
      expect(buttonsOf(created.reply).map((b) => b.label)).toEqual(["Lägg till aktivitet", "Klar"]);

      const promise = await core.db.prisma.citizenPromise.findUniqueOrThrow({ where: { id: "norrdal-2026-2" } });
      expect(promise).toMatchObject({
        kommunId: "norrdal",
        title: "Trygg hamn",
        fromDay: "2026-11-01",
        toDay: "2027-10-31",
      });
      const l1 = await activity("norrdal-2026-2", "L1");
      expect(l1).toMatchObject({
        name: "Cykelpatrull i hamnen",
        aliases: "hamnen\ncykelpatrull",
        unit: "timmar",
        position: 0,
      });
      expect(l1.baselineAmount).toBeNull();
      expect(l1.targets.map((t) => [t.amount, t.unit, t.per, t.validFrom])).toEqual([
        [10, "timmar", "vecka", "2026-11-01"],
      ]);
      expect(l1.groups.map((g) => g.groupId).sort()).toEqual(["ig-1", "ig-2"]);

      const opened = await press("erik.johansson", button(created.reply, "Lägg till aktivitet"));
      const activityForm = opened.reply.form!;
      expect(activityForm.id).toBe("promise-activity");
      expect(activityForm.title).toBe("Ny aktivitet – Trygg hamn");
      expect(activityForm.intro).toContain("Aktivitet 2 av högst 6");
      expect(field(activityForm, "code")).toMatchObject({ initial: "L2" });

      // the code left empty takes the suggested one; no group chosen = every group
      const added = done(
        await submit("erik.johansson", activityForm, {
          code: "",
          name: "Trygghetsvandring i hamnen",
          aliases: "hamnvandring",
          amount: "2",
          unit: "tillfällen",
          per: "månad",
          groups: [],
          baseline: "1",
        }),
      );
      expect(added.text).toContain(
        "✅ L2 Trygghetsvandring i hamnen är tillagd i Trygg hamn – mål 2 tillfällen per månad.",
      );
      expect(added.text).toContain("L2 Trygghetsvandring i hamnen – mål 2 tillfällen per månad · alla grupper");
      const l2 = await activity("norrdal-2026-2", "L2");
      expect(l2).toMatchObject({ unit: "tillfällen", position: 1, baselineAmount: 1 });
      expect(l2.groups).toEqual([]);
      expect(l2.targets.map((t) => [t.amount, t.per, t.validFrom])).toEqual([[2, "månad", "2026-11-01"]]);

      const summary = await press("erik.johansson", button(added.reply, "Klar"));
      expect(summary.text).toContain("== Trygg hamn ==");
      expect(summary.text).toContain("Norrdals kommun · 2026-11-01 – 2027-10-31 · norrdal-2026-2");
      expect(summary.text).toContain("L1 Cykelpatrull i hamnen");
      expect(summary.text).toContain("L2 Trygghetsvandring i hamnen");
      expect(summary.text).toContain("`/lofte ändra norrdal-2026-2`");

      expect((await audits("promise.create", "norrdal-2026-2")).length).toBe(1);
      const created2 = await audits("activity.create");
      expect(created2.map((a) => a.subject)).toEqual([l1.id, l2.id]);
      expect(JSON.parse(created2[0].detail)).toMatchObject({
        promise: "norrdal-2026-2",
        code: "L1",
        amount: 10,
        unit: "timmar",
        per: "vecka",
        groups: ["ig-1", "ig-2"],
      });
      expect(created2.every((a) => a.actorId === "erik.johansson")).toBe(true);
    });

    it("the new promise is loggable at once by a member of its groups, and only by them", async (ctx) => {
      if (!core) return ctx.skip();
      const logged = await say("ali.hassan", "/logga 1,5h hamnen");
      expect(logged.text).toContain("✅ 1 h 30 min på L1 Cykelpatrull i hamnen (idag, v. 48)");
      expect(logged.text).toContain("denna vecka: IG Turlag 1: 1,5 av 5 h · hela LPO: 1,5 av 10 h");
      const entry = await core.db.prisma.activityEntry.findFirstOrThrow({ where: { personId: "ali.hassan" } });
      expect(entry.activityId).toBe((await activity("norrdal-2026-2", "L1")).id);
      // an activity for every group: a member of ig-3 may log on L2
      expect((await say("jonas.eriksson", "/logga 1st hamnvandring")).text).toContain(
        "✅ 1 tillfälle på L2 Trygghetsvandring i hamnen",
      );
      // L1 is for ig-1 and ig-2 only
      expect((await say("jonas.eriksson", "/logga 1h cykelpatrull")).text).toContain("Inget sparades");
      expect((await say("ali.hassan", "/lofte")).text).toContain("Trygg hamn");
    });

    it("is refused to a medarbetare and a gruppchef, naming who may, and stores nothing", async (ctx) => {
      if (!core) return ctx.skip();
      const before = await counts();
      for (const person of ["ali.hassan", "anna.berg"]) {
        for (const text of ["/lofte ny", "/lofte ändra L2", "lofte andra norrdal-2026", "löfte edit L1 asby"]) {
          const { text: answer } = await say(person, text);
          expect(answer, `${person}: ${text}`).toContain(
            "Bara kommunpoliser och administratörer får skapa och ändra medborgarlöften",
          );
          expect(answer).toContain("Inget sparades");
        }
        const opened = await core.bot.openForm("console", person, "lofte", "ny");
        expect(opened.kind).toBe("reply");
        // a form or button reaching the core anyway is refused as well
        const outcome = await submit(person, { id: "promise", state: "" }, validPromise);
        expect(outcome.kind === "done" && replyAsPlainText(outcome.reply)).toContain("Bara kommunpoliser");
        const l1 = await activity("norrdal-2026", "L1");
        const edit = await submit(
          person,
          { id: "promise-activity", state: JSON.stringify({ p: "norrdal-2026", a: l1.id }) },
          { amount: "99" },
        );
        expect(edit.kind === "done" && replyAsPlainText(edit.reply)).toContain("Bara kommunpoliser");
        const pressed = await press(person, {
          label: "Lägg till aktivitet",
          action: { id: "promise-add-activity", value: "norrdal-2026" },
        });
        expect(pressed.text).toContain("Bara kommunpoliser");
        expect(pressed.reply.form).toBeUndefined();
      }
      // in English for someone who reads English
      expect((await say("david.persson", "/lofte new")).text).toContain(
        "Only municipal police officers (kommunpolis) and administrators may create and edit citizen promises",
      );
      expect(await counts()).toEqual(before);
      // an admin may
      expect((await openNew("maria.ekstrom")).id).toBe("promise");
    });

    it("puts each validation error on its field, explains a measurable target, and stores nothing", async (ctx) => {
      if (!core) return ctx.skip();
      const before = await counts();
      const cases: [string, FormValues, string, string][] = [
        ["amount 0", { amount: "0" }, "amount", MEASURABLE],
        ["amount in words", { amount: "tjugo" }, "amount", '"tjugo" är inget antal större än 0'],
        ["amount missing", { amount: "" }, "amount", "Exempel: 20 timmar per vecka."],
        ["unit missing", { unit: undefined }, "unit", "Välj enhet: timmar eller tillfällen"],
        ["per missing", { per: "" }, "per", "Välj period: vecka, månad, kvartal eller hela perioden"],
        ["to before from", { from: "2027-01-01", to: "2026-12-31" }, "to", "Slutdatumet 2026-12-31 ligger före"],
        ["no such date", { from: "2027-02-30" }, "from", '"2027-02-30" är inget giltigt datum'],
        ["kommun of no LPO", { kommun: "stockholm" }, "kommun", "Norrdals kommun (norrdal), Åsby kommun (asby)"],
        ["empty name", { name: "  " }, "name", "Skriv aktivitetens namn"],
        ["long name", { name: "x".repeat(101) }, "name", "högst 100 tecken"],
        ["empty title", { title: "" }, "title", "Skriv löftets titel"],
        ["code with a space", { code: "L 1" }, "code", "1–10 tecken utan mellanslag"],
        [
          "11 aliases",
          { aliases: Array.from({ length: 11 }, (_, i) => `ord${i}`).join(", ") },
          "aliases",
          "Högst 10 sökord",
        ],
        ["a long alias", { aliases: `kort, ${"a".repeat(31)}` }, "aliases", "högst 30 tecken"],
        ["unknown group", { groups: ["ig-9"] }, "groups", "Okänd grupp ig-9"],
        ["negative baseline", { baseline: "-3" }, "baseline", "utgångsläge"],
      ];
      for (const [what, change, name, message] of cases) {
        const form = await openNew("erik.johansson");
        const outcome = await submit("erik.johansson", form, { ...validPromise, ...change });
        expect(outcome.kind, what).toBe("errors");
        if (outcome.kind !== "errors") continue;
        expect(Object.keys(outcome.errors), what).toEqual([name]);
        expect(outcome.errors[name], what).toContain(message);
        // the form comes back with the error on the field and the answers kept
        expect(outcome.form.id, what).toBe("promise");
        expect(outcome.form.errors, what).toEqual(outcome.errors);
        if (name !== "aliases")
          expect(field(outcome.form, "aliases"), what).toMatchObject({ initial: validPromise.aliases });
      }
      // several mistakes at once: all of them, each on its field
      const many = await submit("erik.johansson", await openNew("erik.johansson"), {
        ...validPromise,
        amount: "0",
        unit: "",
        to: "2020-01-01",
      });
      expect(many.kind === "errors" && Object.keys(many.errors).sort()).toEqual(["amount", "to", "unit"]);
      expect(await counts()).toEqual(before);
    });

    it("refuses a duplicate code (any case) and a 7th activity on the right field", async (ctx) => {
      if (!core) return ctx.skip();
      const addForm = async (promiseId: string) =>
        (await press("lena.forsberg", { label: "", action: { id: "promise-add-activity", value: promiseId } })).reply;
      const activityValues = (code: string): FormValues => ({
        code,
        name: `Aktivitet ${code}`,
        aliases: "",
        amount: "1",
        unit: "tillfällen",
        per: "kvartal",
        groups: [],
      });
      const before = await counts();
      const form = (await addForm("asby-2026")).form!;
      expect(form.intro).toContain("Aktivitet 5 av högst 6");
      expect(field(form, "code")).toMatchObject({ initial: "L5" });
      const duplicate = await submit("lena.forsberg", form, activityValues("l3"));
      expect(duplicate.kind).toBe("errors");
      if (duplicate.kind === "errors") {
        expect(Object.keys(duplicate.errors)).toEqual(["code"]);
        expect(duplicate.errors.code).toBe("Koden l3 finns redan i löftet – välj en annan, t.ex. L5.");
      }
      expect(await counts()).toEqual(before);

      // asby-2026 has 4 activities: the 5th and 6th are added, the 7th refused
      done(await submit("lena.forsberg", form, activityValues("L5")));
      const sixth = done(await submit("lena.forsberg", (await addForm("asby-2026")).form!, activityValues("L6")));
      expect(sixth.text).toContain("Medborgarlöfte Åsby 2026 har 6 aktiviteter, det högsta ett löfte kan ha.");
      expect(buttonsOf(sixth.reply).map((b) => b.label)).toEqual(["Klar"]);
      const full = await counts();
      const refused = await addForm("asby-2026");
      expect(refused.form).toBeUndefined();
      expect(replyAsPlainText(refused)).toContain(
        "Ett löfte har 1–6 aktiviteter, och Medborgarlöfte Åsby 2026 har redan 6.",
      );
      // a form submitted anyway (an old form, a second window) is refused on the code field
      const seventh = await submit("lena.forsberg", form, activityValues("L7"));
      expect(seventh.kind).toBe("errors");
      if (seventh.kind === "errors") {
        expect(Object.keys(seventh.errors)).toEqual(["code"]);
        expect(seventh.errors.code).toContain("1–6 aktiviteter");
      }
      expect(await counts()).toEqual(full);
      expect(full.activities).toBe(before.activities + 2);
    });

    it("edits L2's target mid-period: earlier periods keep the old target, today on the new one", async (ctx) => {
      if (!core) return ctx.skip();
      // work on L2 earlier this month, under the old target
      expect((await say("ali.hassan", "/logga 2st hastighet 2026-11-10")).text).toContain(
        "hela LPO: 2 av 4 tillfällen",
      );

      // L2 is in both kommuners' promises and in the new one: which?
      const asked = await say("erik.johansson", "/lofte ändra L2");
      expect(asked.text).toContain("L2 finns i flera löften. Vilket menar du?");
      expect(asked.reply.form).toBeUndefined();
      expect(
        buttonsOf(asked.reply)
          .map((b) => b.label)
          .sort(),
      ).toEqual(["L2 i Medborgarlöfte Norrdal 2026", "L2 i Medborgarlöfte Åsby 2026", "L2 i Trygg hamn"]);
      const opened = await press("erik.johansson", button(asked.reply, "L2 i Medborgarlöfte Norrdal 2026"));
      const form = opened.reply.form!;
      const l2 = await activity("norrdal-2026", "L2");
      expect(form).toMatchObject({ id: "promise-activity", title: "Ändra L2 – Medborgarlöfte Norrdal 2026" });
      expect(JSON.parse(form.state)).toEqual({ p: "norrdal-2026", a: l2.id });
      expect(form.intro).toContain("Ett ändrat mål gäller från idag (2026-11-25)");
      expect(form.fields.map((f) => f.name)).not.toContain("code");
      expect(field(form, "name")).toMatchObject({ initial: l2.name });
      expect(field(form, "amount")).toMatchObject({ initial: 4 });
      expect(field(form, "unit")).toMatchObject({ initial: "tillfällen" });
      expect(field(form, "per")).toMatchObject({ initial: "månad" });
      expect(field(form, "groups")).toMatchObject({ initial: ["ig-1", "ig-2", "ig-3", "ig-4"] });

      // naming the promise or the kommun picks one at once
      const byPromise = await say("erik.johansson", "/lofte ändra norrdal-2026 L2");
      expect(JSON.parse(byPromise.reply.form!.state)).toEqual({ p: "norrdal-2026", a: l2.id });
      const byKommun = await say("erik.johansson", "/lofte ändra l2 i Åsby");
      const asbyL2 = await activity("asby-2026", "L2");
      expect(JSON.parse(byKommun.reply.form!.state)).toEqual({ p: "asby-2026", a: asbyL2.id });
      expect((await say("erik.johansson", "/lofte ändra L9")).text).toContain(
        'inget löfte eller någon aktivitet som heter "L9"',
      );

      // the amount is raised; the other fields are left empty, as in the console, and keep their values
      const invalid = await submit("erik.johansson", form, { amount: "0" });
      expect(invalid.kind === "errors" && invalid.errors.amount).toContain(MEASURABLE);
      const targetsBefore = await core.db.prisma.activityTarget.count();
      expect(targetsBefore).toBe((await counts()).targets);
      const saved = done(await submit("erik.johansson", form, { amount: "6" }));
      expect(saved.text).toContain(
        "✅ L2 Hastighetskontroller vid skolorna på Storgatan och Skolvägen i Medborgarlöfte Norrdal 2026 är ändrad.",
      );
      expect(saved.text).toContain(
        "Nytt mål 6 tillfällen per månad från 2026-11-25; tidigare perioder behåller 4 tillfällen per månad.",
      );
      const after = await activity("norrdal-2026", "L2");
      expect(after).toMatchObject({ name: l2.name, aliases: l2.aliases, unit: "tillfällen", baselineAmount: 1 });
      expect(after.groups.map((g) => g.groupId).sort()).toEqual(["ig-1", "ig-2", "ig-3", "ig-4"]);
      expect(await core.db.prisma.activityTarget.count()).toBe(targetsBefore + 1);

      const targetOn = (day: string) => core!.ctx.organisation.targetOn(l2.id, day);
      expect(await targetOn("2026-10-15")).toMatchObject({ amount: 4, validFrom: "2026-01-01" });
      expect(await targetOn("2026-11-24")).toMatchObject({ amount: 4 });
      expect(await targetOn("2026-11-25")).toMatchObject({ amount: 6, unit: "tillfällen", per: "månad" });
      expect(await targetOn("2026-12-15")).toMatchObject({ amount: 6, validFrom: "2026-11-25" });

      // progress and /lofte show the new target, and the team's share of it (IG Turlag 1: 5 of the 20 members)
      expect((await say("ali.hassan", "/lofte")).text).toContain(
        "L2 Hastighetskontroller vid skolorna på Storgatan och Skolvägen: mål 6 tillfällen denna månad – ert turlag: 2 av 1,5 tillfällen · hela LPO: 2 av 6 tillfällen",
      );
      expect((await say("ali.hassan", "/logga 1st hastighet")).text).toMatch(
        /denna månad: .*hela LPO: 3 av 6 tillfällen/,
      );

      const change = await audits("target.change", l2.id);
      expect(change).toHaveLength(1);
      expect(change[0].actorId).toBe("erik.johansson");
      expect(JSON.parse(change[0].detail)).toEqual({
        promise: "norrdal-2026",
        code: "L2",
        amount: 6,
        unit: "tillfällen",
        per: "månad",
        validFrom: "2026-11-25",
        previous: { amount: 4, unit: "tillfällen", per: "månad" },
      });
      // only the target changed: no activity.update
      expect(await audits("activity.update", l2.id)).toHaveLength(0);

      // a second change the same day replaces today's target instead of stacking
      done(await submit("erik.johansson", form, { amount: "5" }));
      expect(await core.db.prisma.activityTarget.count()).toBe(targetsBefore + 1);
      expect(await targetOn("2026-11-25")).toMatchObject({ amount: 5 });
      expect(await targetOn("2026-11-24")).toMatchObject({ amount: 4 });
      expect(await audits("target.change", l2.id)).toHaveLength(2);
    });

    it("edits name, aliases and groups directly, without touching the target", async (ctx) => {
      if (!core) return ctx.skip();
      const l3 = await activity("norrdal-2026", "L3");
      const form = (await say("erik.johansson", "/lofte ändra L3 norrdal")).reply.form!;
      const saved = done(
        await submit("erik.johansson", form, {
          name: "Rattfyllerikontroller i centrum",
          aliases: "ratta, nykterhet",
          groups: ["ig-1", "ig-2"],
        }),
      );
      expect(saved.text).toContain("✅ L3 Rattfyllerikontroller i centrum i Medborgarlöfte Norrdal 2026 är ändrad.");
      expect(saved.text).not.toContain("Nytt mål");
      const after = await activity("norrdal-2026", "L3");
      expect(after).toMatchObject({ name: "Rattfyllerikontroller i centrum", aliases: "ratta\nnykterhet" });
      expect(after.groups.map((g) => g.groupId).sort()).toEqual(["ig-1", "ig-2"]);
      expect(after.targets).toHaveLength(l3.targets.length);
      const update = await audits("activity.update", l3.id);
      expect(update).toHaveLength(1);
      expect(JSON.parse(update[0].detail)).toMatchObject({
        promise: "norrdal-2026",
        code: "L3",
        fields: ["name", "aliases", "groups"],
      });
      expect(await audits("target.change", l3.id)).toHaveLength(0);

      // "Alla grupper" opens it to every group again; "-" removes the aliases; nothing else changes
      done(await submit("erik.johansson", form, { aliases: "-", groups: ["*"] }));
      const open = await activity("norrdal-2026", "L3");
      expect(open.groups).toEqual([]);
      expect(open.aliases).toBe("");
      // saving without changes says so and audits nothing
      const auditsBefore = (await counts()).audits;
      expect(done(await submit("erik.johansson", form, {})).text).toContain("Inget ändrades i L3");
      expect((await counts()).audits).toBe(auditsBefore);
    });

    it("edits the promise's title and period with /lofte ändra <promise id>", async (ctx) => {
      if (!core) return ctx.skip();
      const opened = await say("erik.johansson", "/lofte ändra norrdal-2026-2");
      const form = opened.reply.form!;
      expect(form).toMatchObject({ id: "promise-edit", title: "Ändra löftet Trygg hamn" });
      expect(form.fields.map((f) => f.name)).toEqual([
        "title",
        "from",
        "to",
        "problem",
        "purpose",
        "intendedEffect",
        "tellCitizens",
        "effectIndicators",
        "effectAreas",
        "comparisonArea",
      ]);
      expect(field(form, "to")).toMatchObject({ initial: "2027-10-31" });

      const before = await counts();
      const refused = await submit("erik.johansson", form, { to: "2026-10-01" });
      expect(refused.kind === "errors" && refused.errors).toEqual({
        to: "Slutdatumet 2026-10-01 ligger före startdatumet 2026-11-01.",
      });
      expect(await counts()).toEqual(before);

      const saved = done(await submit("erik.johansson", form, { title: "Trygg hamn 2026–2027", to: "2027-12-31" }));
      expect(saved.text).toContain(
        "✅ Löftet Trygg hamn 2026–2027 (norrdal-2026-2) är ändrat: 2026-11-01 – 2027-12-31.",
      );
      expect(await core.db.prisma.citizenPromise.findUniqueOrThrow({ where: { id: "norrdal-2026-2" } })).toMatchObject({
        title: "Trygg hamn 2026–2027",
        fromDay: "2026-11-01",
        toDay: "2027-12-31",
      });
      const update = await audits("promise.update", "norrdal-2026-2");
      expect(update).toHaveLength(1);
      expect(JSON.parse(update[0].detail)).toMatchObject({ fields: ["title", "to"], to: "2027-12-31" });

      // a kommun alone with several promises asks which
      const which = await say("erik.johansson", "/lofte ändra norrdal");
      expect(
        buttonsOf(which.reply)
          .map((b) => b.action.value)
          .sort(),
      ).toEqual(["norrdal-2026", "norrdal-2026-2"]);
      const picked = await press("erik.johansson", button(which.reply, /norrdal-2026-2/));
      expect(picked.reply.form?.id).toBe("promise-edit");
    });

    it("audits every change with who, what and ids", async (ctx) => {
      if (!core) return ctx.skip();
      const rows = await core.db.prisma.auditEvent.findMany({
        where: {
          action: { in: ["promise.create", "promise.update", "activity.create", "activity.update", "target.change"] },
        },
        orderBy: { at: "asc" },
      });
      const tally = (action: string) => rows.filter((r) => r.action === action).length;
      expect({
        "promise.create": tally("promise.create"),
        "activity.create": tally("activity.create"),
        "activity.update": tally("activity.update"),
        "target.change": tally("target.change"),
        "promise.update": tally("promise.update"),
      }).toEqual({
        "promise.create": 1,
        // L1 and L2 of the new promise, L5 and L6 of Åsby
        "activity.create": 4,
        // L3 twice
        "activity.update": 2,
        // L2 twice
        "target.change": 2,
        "promise.update": 1,
      });
      expect(rows.every((r) => r.actorId === "erik.johansson" || r.actorId === "lena.forsberg")).toBe(true);
      for (const row of rows) expect(() => JSON.parse(row.detail)).not.toThrow();
    });

    it("exports a promise created in chat, and the export imports back unchanged", async (ctx) => {
      if (!core) return ctx.skip();
      const org = (await exportOrganisation(core.db.prisma, "norrdal"))!;
      const created = org.promises.find((p) => p.id === "norrdal-2026-2");
      expect(created).toEqual({
        id: "norrdal-2026-2",
        kommun: "norrdal",
        title: "Trygg hamn 2026–2027",
        from: "2026-11-01",
        to: "2027-12-31",
        activities: [
          {
            code: "L1",
            name: "Cykelpatrull i hamnen",
            aliases: ["hamnen", "cykelpatrull"],
            target: { amount: 10, unit: "timmar", per: "vecka" },
            groups: ["ig-1", "ig-2"],
          },
          {
            code: "L2",
            name: "Trygghetsvandring i hamnen",
            aliases: ["hamnvandring"],
            target: { amount: 2, unit: "tillfällen", per: "månad" },
            baseline: 1,
          },
        ],
      });
      // the edited target is the one exported
      const l2 = org.promises.find((p) => p.id === "norrdal-2026")!.activities.find((a) => a.code === "L2")!;
      expect(l2.target).toEqual({ amount: 5, unit: "tillfällen", per: "månad" });
      expect(org.promises.find((p) => p.id === "asby-2026")!.activities.map((a) => a.code)).toEqual([
        "L1",
        "L2",
        "L3",
        "L4",
        "L5",
        "L6",
      ]);

      const text = (await exportOrganisationText(core.db.prisma, "norrdal"))!;
      const parsed = parseOrganisationFile(text);
      expect(parsed.ok ? [] : parsed.errors).toEqual([]);
      if (!parsed.ok) return;
      const reimport = await importOrganisation(core.db.prisma, parsed.value, "2026-11-25");
      expect(reimport).toEqual({ ok: true, changes: 0, summary: {} });
    });

    it("a new promise carries why it exists and each group's part of the target; parts that do not add up store nothing", async (ctx) => {
      if (!core) return ctx.skip();
      const form = await openNew("erik.johansson");
      expect(field(form, "shareBasis")).toMatchObject({ kind: "choice", initial: "members" });
      const before = await counts();
      const refusedWith = async (values: FormValues) => {
        const outcome = await submit("erik.johansson", form, { ...validPromise, title: "Trygg kaj", ...values });
        expect(await counts()).toEqual(before);
        return outcome.kind === "errors" ? outcome.errors : {};
      };
      // 4 + 4 is not the 10 h target: a clear answer with an example that would be accepted
      expect(await refusedWith({ shares: "ig-1: 4, ig-2: 4" })).toEqual({
        shares:
          "Andelarna blir tillsammans 8 h, men målet är 10 h. De ska summera till målet, t.ex. `ig-1: 5, ig-2: 5`.",
      });
      expect((await refusedWith({ shares: "ig-1: 4, ig-3: 6" })).shares).toBe(
        "ig-3 är inte en av aktivitetens grupper (ig-1, ig-2). Skriv t.ex. `ig-1: 5, ig-2: 5`.",
      );
      expect((await refusedWith({ shares: "ig-1: 10" })).shares).toContain(
        "Varje vald grupp behöver en andel – ig-2 saknar.",
      );
      expect((await refusedWith({ shares: "ig-1: 5, ig-2: 5", groups: ["*"] })).shares).toContain(
        "Andelar kräver att du väljer grupperna som arbetar med aktiviteten.",
      );
      expect((await refusedWith({ shares: "hälften" })).shares).toContain(
        '"hälften" går inte att läsa som en grupps andel.',
      );
      expect((await refusedWith({ tellCitizens: "x".repeat(501) })).tellCitizens).toContain("Högst 500 tecken");

      const saved = done(
        await submit("erik.johansson", form, {
          ...validPromise,
          title: "Trygg kaj",
          problem: "Stölder från båtar i hamnen på nätterna.",
          purpose: "Synlig polis i hamnen när det händer.",
          intendedEffect: "Färre stölder i hamnen.",
          tellCitizens: "Vi cyklar i hamnen varje vecka – berätta vad du ser.",
          // by name or id, a decimal comma, ";" between groups
          shares: "IG Turlag 1: 3,5; ig-2: 6,5",
        }),
      );
      expect(saved.text).toContain("Varför: Stölder från båtar i hamnen på nätterna.");
      expect(saved.text).toContain("IG Turlag 1 (3 h 30 min), IG Turlag 2 (6 h 30 min)");
      const id = saved.text.match(/\((norrdal-2026-\d+)\)/)?.[1] ?? "";
      expect(await core.db.prisma.citizenPromise.findUniqueOrThrow({ where: { id } })).toMatchObject({
        problem: "Stölder från båtar i hamnen på nätterna.",
        purpose: "Synlig polis i hamnen när det händer.",
        intendedEffect: "Färre stölder i hamnen.",
        citizenMessage: "Vi cyklar i hamnen varje vecka – berätta vad du ser.",
      });
      const l1 = await activity(id, "L1");
      expect(l1.groups.map((g) => [g.groupId, g.share]).sort()).toEqual([
        ["ig-1", 3.5],
        ["ig-2", 6.5],
      ]);
      const created = await audits("activity.create", l1.id);
      expect(JSON.parse(created[0].detail)).toMatchObject({ shares: { "ig-1": 3.5, "ig-2": 6.5 } });
      // a member of IG Turlag 1 sees the group's part and why the promise exists
      const lofte = (await say("ali.hassan", "/lofte")).text;
      expect(lofte).toContain("Er andel enligt löftet: 3 h 30 min av 10 h");
      expect(lofte).toContain("Säg till medborgarna: ”Vi cyklar i hamnen varje vecka – berätta vad du ser.”");

      // /lofte ändra: the why-fields, pre-filled; "-" clears one
      const edit = (await say("erik.johansson", `/lofte ändra ${id}`)).reply.form!;
      expect(field(edit, "problem")).toMatchObject({ initial: "Stölder från båtar i hamnen på nätterna." });
      done(await submit("erik.johansson", edit, { purpose: "-", tellCitizens: "Säg till oss i hamnen." }));
      expect(await core.db.prisma.citizenPromise.findUniqueOrThrow({ where: { id } })).toMatchObject({
        problem: "Stölder från båtar i hamnen på nätterna.",
        purpose: "",
        citizenMessage: "Säg till oss i hamnen.",
      });
      const updated = await audits("promise.update", id);
      expect(JSON.parse(updated.at(-1)!.detail).fields).toEqual(["purpose", "tellCitizens"]);

      // one source of truth: the export carries both, and imports back unchanged
      const exported = (await exportOrganisation(core.db.prisma, "norrdal"))!.promises.find((p) => p.id === id);
      expect(exported).toMatchObject({
        problem: "Stölder från båtar i hamnen på nätterna.",
        tellCitizens: "Säg till oss i hamnen.",
      });
      expect(exported?.activities[0]).toMatchObject({ groups: ["ig-1", "ig-2"], shares: { "ig-1": 3.5, "ig-2": 6.5 } });
      const parsed = parseOrganisationFile((await exportOrganisationText(core.db.prisma, "norrdal"))!);
      expect(parsed.ok ? [] : parsed.errors).toEqual([]);
      if (parsed.ok)
        expect(await importOrganisation(core.db.prisma, parsed.value, "2026-11-25")).toEqual({
          ok: true,
          changes: 0,
          summary: {},
        });
    });

    it("editing an activity keeps its groups' parts, checks new ones against the target, and '-' returns to the basis", async (ctx) => {
      if (!core) return ctx.skip();
      // the demo's L1 splits its 20 h explicitly, 4 h to each of five groups (organisation file)
      const form = (await say("erik.johansson", "/lofte ändra L1 norrdal-2026")).reply.form!;
      expect(field(form, "shares")).toMatchObject({ initial: "ig-1: 4, ig-2: 4, ig-3: 4, ig-4: 4, omrade-1: 4" });
      // a new name alone keeps every part
      done(await submit("erik.johansson", form, { name: "Ökad polisiär närvaro på Torget och i parken" }));
      const parts = async () => (await activity("norrdal-2026", "L1")).groups.map((g) => [g.groupId, g.share]).sort();
      expect(await parts()).toEqual([
        ["ig-1", 4],
        ["ig-2", 4],
        ["ig-3", 4],
        ["ig-4", 4],
        ["omrade-1", 4],
      ]);
      // a new target with parts that add up to the old one is refused, and nothing changes
      const before = await counts();
      const refused = await submit("erik.johansson", form, {
        amount: "25",
        shares: "ig-1: 4, ig-2: 4, ig-3: 4, ig-4: 4, omrade-1: 4",
      });
      expect(refused.kind === "errors" && refused.errors.shares).toBe(
        "Andelarna blir tillsammans 20 h, men målet är 25 h. De ska summera till målet, t.ex. `ig-1: 5, ig-2: 5, ig-3: 5, ig-4: 5, omrade-1: 5`.",
      );
      expect(await counts()).toEqual(before);
      // other groups than the parts were given for need new parts
      const changed = await submit("erik.johansson", form, { groups: ["ig-1", "ig-2"] });
      expect(changed.kind === "errors" && changed.errors.shares).toContain("Grupperna ändrades");
      expect(await counts()).toEqual(before);
      // "-" returns to the basis chosen: equally
      done(await submit("erik.johansson", form, { shares: "-", shareBasis: "equal" }));
      const after = await activity("norrdal-2026", "L1");
      expect(after.shareBasis).toBe("equal");
      expect(after.groups.every((g) => g.share === null)).toBe(true);
      expect(JSON.parse((await audits("activity.update", after.id)).at(-1)!.detail).fields).toEqual(["shares"]);
    });

    it("runs /lofte ny in the console as a guided dialogue, field by field", async (ctx) => {
      if (!core) return ctx.skip();
      const input = new PassThrough();
      const output = new PassThrough();
      let printed = "";
      output.on("data", (chunk) => {
        printed += String(chunk);
      });
      const script = [
        "/lofte ny",
        "Tryggare Åsby centrum", // title
        "asby", // kommun
        "", // from: the suggested day (today)
        "2027-06-30", // to
        "", // problem (lägesbild): none yet
        "", // purpose
        "", // intended effect
        "", // what to tell citizens
        "", // code: L1
        "Föräldravandringar på fredagskvällar",
        "föräldravandring, fredag",
        "tjugo", // amount: refused, asked again
        "tillfällen", // unit
        "2", // per: månad
        "omrade-1", // groups
        "", // baseline
        "", // the groups' parts: by the basis
        "", // the basis: members
        "", // effect: indicators (none yet)
        "", // effect: areas
        "", // effect: comparison area
        "4", // amount again
        "1", // [1] Lägg till aktivitet
        "", // code: L2
        "Möten med fastighetsägare",
        "fastighetsägare",
        "3",
        "1", // unit: timmar
        "kvartal",
        "", // groups: all
        "", // baseline
        "", // parts
        "", // basis
        "2", // [2] Klar
      ];
      input.end(`${script.join("\n")}\n`);
      const code = await runChat({ bot: core.bot, personId: "lena.forsberg", input, output, interactive: false });
      expect(code).toBe(0);
      expect(printed).toContain("-- Nytt medborgarlöfte --");
      expect(printed).toContain("Kommun:\n  1. Norrdals kommun\n  2. Åsby kommun");
      expect(printed).toContain("Gäller från (ÅÅÅÅ-MM-DD) [2026-11-25] (tom rad behåller):");
      expect(printed).toContain(`! "tjugo" är inget antal större än 0. ${MEASURABLE}`);
      expect(printed).toContain(
        "✅ Löftet Tryggare Åsby centrum (asby-2026-2) är sparat för Åsby kommun, 2026-11-25 – 2027-06-30.",
      );
      expect(printed).toContain("[1] Lägg till aktivitet   [2] Klar");
      expect(printed).toContain("-- Ny aktivitet – Tryggare Åsby centrum --");
      expect(printed).toContain(
        "✅ L2 Möten med fastighetsägare är tillagd i Tryggare Åsby centrum – mål 3 h per kvartal.",
      );
      expect(printed).toContain("== Tryggare Åsby centrum ==");

      const l1 = await activity("asby-2026-2", "L1");
      expect(l1).toMatchObject({ name: "Föräldravandringar på fredagskvällar", aliases: "föräldravandring\nfredag" });
      expect(l1.targets.map((t) => [t.amount, t.unit, t.per, t.validFrom])).toEqual([
        [4, "tillfällen", "månad", "2026-11-25"],
      ]);
      expect(l1.groups.map((g) => g.groupId)).toEqual(["omrade-1"]);
      const l2 = await activity("asby-2026-2", "L2");
      expect(l2.targets.map((t) => [t.amount, t.unit, t.per])).toEqual([[3, "timmar", "kvartal"]]);
      expect(l2.groups).toEqual([]);
      // and a member of omrade-1 can log on it right away
      expect((await say("peter.dahl", "/logga 1st föräldravandring")).text).toContain(
        "✅ 1 tillfälle på L1 Föräldravandringar på fredagskvällar",
      );
    });
  });
}
