// The medarbetardialog end to end through the core, on SQLite and PostgreSQL,
// driven as the console drives it (platform "console", user = person id) and
// with the jobs run by JobRunners whose senders record what they send:
// a kommunpolis runs a vad-dialog for two groups — create, invite, answer,
// remind, close, feed back, follow up — and the anonymity, threshold and
// exactly-once rules hold on the way.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  legacyResponseToken,
  openSheet,
  responseToken,
  unwrapPollKey,
} from "../../../../src/features/dialog/pollToken.js";
import { type FormValues, type Reply, replyAsPlainText } from "../../../../src/core/reply.js";
import { DeliveryLedger } from "../../../../src/schedules/deliveryLedger.js";
import { JobRunner } from "../../../../src/schedules/jobRunner.js";
import { registry } from "../../../../src/features/index.js";
import { closeDuePolls, pollCloseJob, pollInvitationsJob } from "../../../../src/features/dialog/jobs.js";
import { ANSWER_ACTION, FEEDBACK_ACTION, FORWARD_ACTION } from "../../../../src/features/dialog/forms.js";
import { exportPolls } from "../../../../src/features/dialog/pollExport.js";
import { runRetention } from "../../../../src/features/retention/retention.js";
import { RecordingSender, type Sent } from "../../../support/recordingSender.js";
import { openTestCore, type TestCore } from "../../../support/core.js";
import { databaseKinds } from "../../../support/databases.js";

const personOf = (s: Sent) => (s.to.kind === "person" ? s.to.personId : `channel:${s.to.channelId}`);
const text = (reply: Reply) => replyAsPlainText(reply);

const IG1 = ["anna.berg", "ali.hassan", "emma.lund", "oskar.nyberg", "sofia.karlsson"];
const IG2 = ["johan.lindqvist", "david.persson", "linnea.holmberg", "fredrik.wallin", "amira.said"];
const IG3 = ["sara.nilsson", "jonas.eriksson", "elin.strom", "niklas.bergqvist", "hanna.olsson"];
const NAMES = [
  "Anna Berg",
  "Ali Hassan",
  "Emma Lund",
  "Oskar Nyberg",
  "Sofia Karlsson",
  "Johan Lindqvist",
  "David Persson",
  "Linnea Holmberg",
  "Fredrik Wallin",
  "Amira Said",
];

const vadForm = (overrides: FormValues = {}): FormValues => ({
  kind: "vad",
  title: "Trygghet i Norrdal hösten 2026",
  concerns: "p:norrdal-2026",
  template: "standard-vad",
  groups: ["ig-1", "ig-2"],
  closesDay: "2026-12-02",
  closesTime: "16:00",
  anonymous: "ja",
  whatNext: "Jag sammanställer svaren och tar upp dem på APT den 10 december.",
  ...overrides,
});

// answers to the standard vad-dialogue: q0 several choices, q1 scale, q2 and q3 free text
const THEMES = [
  "Buskörning med mopeder på torget på kvällarna.",
  "Mopederna kör runt torget och skrämmer folk.",
  "Narkotikaförsäljning vid skolan, en kille med personnummer 19850101-1234 säljer.",
  "Det säljs knark utanför skolan.",
  "Dålig belysning i parken, prata med Anna Berg om det.",
  "Ungdomar som kör moppe över torget.",
  "Narkotika vid skolan på eftermiddagarna.",
  "Belysningen i parken är trasig, mörkt överallt.",
  "Epatraktorer och mopeder på Torget.",
];

for (const kind of databaseKinds) {
  describe(`medarbetardialog on ${kind}`, () => {
    let core: TestCore | null;
    const sent: Sent[] = [];
    let runnerA: JobRunner;
    let runnerB: JobRunner;
    let slackOnly: JobRunner;
    let pollId = "";
    const failing = new Set<string>();

    beforeAll(async () => {
      core = await openTestCore(kind, { now: "2026-11-25T09:00:00Z" });
      if (!core) return;
      const senders = {
        teams: new RecordingSender("teams", { log: sent, failFor: failing }),
        slack: new RecordingSender("slack", { log: sent, failFor: failing }),
      };
      runnerA = new JobRunner({ ctx: core.ctx, ledger: new DeliveryLedger(core.db.prisma, "instance-a"), senders });
      runnerB = new JobRunner({ ctx: core.ctx, ledger: new DeliveryLedger(core.db.prisma, "instance-b"), senders });
      slackOnly = new JobRunner({
        ctx: core.ctx,
        ledger: new DeliveryLedger(core.db.prisma, "instance-c"),
        senders: { slack: new RecordingSender("slack", { log: sent }) },
      });
    });
    afterAll(async () => {
      await core?.drop();
    });

    const say = async (person: string, line: string) =>
      core!.bot.handleMessage({ platform: "console", userId: person, text: line });
    const submit = (person: string, formId: string, state: string, values: FormValues) =>
      core!.bot.submitForm({ platform: "console", userId: person, formId, state, values });
    const press = (person: string, id: string, value: string) =>
      core!.bot.handleAction({ platform: "console", userId: person, action: { id, value } });
    const answer = (person: string, id: string, values: FormValues) => submit(person, "poll-answer", id, values);
    const job = (name: string) => registry.job(name)!;
    const take = () => sent.splice(0);
    const polls = () => core!.db.prisma.dialoguePoll.count();
    /** answer sheets, plain and sealed */
    const sheets = async (where: { pollId?: string } = {}) =>
      (await core!.db.prisma.pollResponse.count({ where })) + (await core!.db.prisma.pollSealedSheet.count({ where }));

    it("refuses a medarbetare clearly, and stores nothing", async (ctx) => {
      if (!core) return ctx.skip();
      const reply = await say("ali.hassan", "/dialog ny");
      expect(reply.form).toBeUndefined();
      expect(text(reply)).toContain("Bara kommunpoliser, gruppchefer och administratörer");
      const refused = await submit("ali.hassan", "poll", "", vadForm());
      expect(refused.kind === "done" && text(refused.reply)).toContain("Bara kommunpoliser");
      expect(await polls()).toBe(0);
    });

    it("opens the form for a kommunpolis with the question syntax in its intro", async (ctx) => {
      if (!core) return ctx.skip();
      const opened = await core.bot.openForm("console", "erik.johansson", "dialog", "ny");
      expect(opened.kind).toBe("form");
      if (opened.kind !== "form") return;
      expect(opened.form.intro).toContain("skala:");
      expect(opened.form.intro).toContain("flera:");
      const names = opened.form.fields.map((f) => f.name);
      expect(names).toEqual(
        expect.arrayContaining([
          "kind",
          "title",
          "concerns",
          "template",
          "questions",
          "groups",
          "closesDay",
          "closesTime",
          "anonymous",
          "whatNext",
        ]),
      );
      const groups = opened.form.fields.find((f) => f.name === "groups");
      expect(groups?.kind === "choice" && groups.options.map((o) => o.value)).toEqual(
        expect.arrayContaining(["ig-1", "ig-2", "ig-3", "ig-4", "omrade-1"]),
      );
      expect(opened.form.fields.find((f) => f.name === "anonymous")).toMatchObject({ initial: "ja" });
    });

    it("puts every validation error on its field and stores nothing", async (ctx) => {
      if (!core) return ctx.skip();
      const outcome = await submit(
        "erik.johansson",
        "poll",
        "",
        vadForm({
          kind: "",
          title: "x",
          template: "own",
          questions: "skala: Bra?\nval: Vilket? | Bara ett",
          groups: [],
          closesDay: "2026-11-20",
          whatNext: "",
        }),
      );
      expect(outcome.kind).toBe("errors");
      if (outcome.kind !== "errors") return;
      expect(Object.keys(outcome.errors).sort()).toEqual([
        "closesDay",
        "groups",
        "kind",
        "questions",
        "title",
        "whatNext",
      ]);
      expect(outcome.errors.questions).toContain("Fråga 2");
      expect(outcome.form.errors).toEqual(outcome.errors);
      // too far ahead, and a bad time
      const far = await submit("erik.johansson", "poll", "", vadForm({ closesDay: "2027-03-01" }));
      expect(far.kind === "errors" && far.errors.closesDay).toContain("60 dagar");
      const time = await submit("erik.johansson", "poll", "", vadForm({ closesTime: "25:99" }));
      expect(time.kind === "errors" && Object.keys(time.errors)).toEqual(["closesTime"]);
      expect(await polls()).toBe(0);
    });

    it("lets a gruppchef ask only the groups they lead, and refuses a poll too small to show results", async (ctx) => {
      if (!core) return ctx.skip();
      const opened = await core.bot.openForm("console", "anna.berg", "dialog", "ny");
      const groups = opened.kind === "form" ? opened.form.fields.find((f) => f.name === "groups") : undefined;
      expect(groups?.kind === "choice" && groups.options.map((o) => o.value)).toEqual(["ig-1"]);
      const other = await submit("anna.berg", "poll", "", vadForm({ groups: ["ig-2"] }));
      expect(other.kind === "errors" && other.errors.groups).toContain("grupper du leder");
      // her own group without herself is 4 people: fewer than the threshold of 5
      const own = await submit("anna.berg", "poll", "", vadForm({ groups: ["ig-1"] }));
      expect(own.kind === "errors" && own.errors.small).toContain("4 personer");
      expect(await polls()).toBe(0);
    });

    it("creates a vad-dialog for two groups and says how many will be invited", async (ctx) => {
      if (!core) return ctx.skip();
      const outcome = await submit("erik.johansson", "poll", "", vadForm());
      expect(outcome.kind).toBe("done");
      if (outcome.kind !== "done") return;
      const reply = text(outcome.reply);
      expect(reply).toContain("Medarbetardialogen «Trygghet i Norrdal hösten 2026» (d1) är skapad");
      expect(reply).toContain("vad-dialog om Medborgarlöfte Norrdal 2026 (Norrdals kommun), 4 frågor, anonym");
      expect(reply).toContain("10 personer i IG Turlag 1, IG Turlag 2 får en inbjudan");
      expect(reply).toContain("onsdag 2 december kl. 16:00");
      pollId = "d1";
      const recipients = await core.db.prisma.pollRecipient.findMany({
        where: { pollId },
        orderBy: { personId: "asc" },
      });
      expect(recipients.map((r) => r.personId).sort()).toEqual([...IG1, ...IG2].sort());
      expect(recipients.find((r) => r.personId === "ali.hassan")?.groupId).toBe("ig-1");
      const poll = await core.db.prisma.dialoguePoll.findUnique({ where: { id: pollId } });
      expect(poll).toMatchObject({ status: "open", anonymous: true, closesAt: new Date("2026-12-02T15:00:00Z") });
      const audit = await core.db.prisma.auditEvent.findMany({ where: { action: "poll.create" } });
      expect(audit).toHaveLength(1);
    });

    it("invites every recipient privately, exactly once, retrying a failed send", async (ctx) => {
      if (!core) return ctx.skip();
      failing.add("amira.said");
      const first = await runnerA.run(pollInvitationsJob, core.clock.now());
      expect(first).toMatchObject({ planned: 10, sent: 9, failed: 1 });
      failing.clear();
      const second = await runnerB.run(job("poll-invitations"), core.clock.now());
      expect(second).toMatchObject({ planned: 1, sent: 1 });
      const third = await runnerA.run(job("poll-invitations"), core.clock.now());
      expect(third).toMatchObject({ planned: 0, sent: 0 });
      const invitations = take();
      expect(invitations.map(personOf).sort()).toEqual([...IG1, ...IG2].sort());
      const ali = invitations.find((s) => personOf(s) === "ali.hassan")!;
      expect(ali.platform).toBe("teams");
      const body = text(ali.reply);
      expect(body).toContain("Medarbetardialog: Trygghet i Norrdal hösten 2026");
      expect(body).toContain("Erik Johansson ber dig svara på en kort medarbetardialog – en vad-dialog");
      expect(body).toContain("Den gäller Medborgarlöfte Norrdal 2026 (Norrdals kommun)");
      expect(body).toContain("ungefär 3 min (4 frågor)");
      expect(body).toContain("Anonym:");
      expect(body).toContain("bara när minst 5 har svarat");
      expect(body).toContain("slumpvis ordning");
      // what holds, and what does not, said as it is
      expect(body).toContain("bara den som har både databasen och tjänstens nyckel");
      expect(body).toContain("När den stänger förstörs nyckeln");
      expect(body).toContain("Påminnelsen går bara till den som inte har svarat än");
      // totals cannot hide an answer everyone gave (a gruppchef who answered too can subtract her own)
      expect(body).toContain("Svarar alla likadant på en fråga syns det förstås i summan");
      expect(body).toContain("Vad händer sedan: Jag sammanställer svaren");
      const buttons = ali.reply.blocks.flatMap((b) => (b.kind === "actions" ? b.buttons : []));
      expect(buttons).toEqual([{ label: "Svara", action: { id: ANSWER_ACTION, value: pollId }, style: "primary" }]);
      // in the recipient's language
      expect(text(invitations.find((s) => personOf(s) === "david.persson")!.reply)).toContain("Staff dialogue");
      expect(await core.db.prisma.pollRecipient.count({ where: { pollId, invitedAt: null } })).toBe(0);
    });

    it("opens the answer form from Svara, only for recipients", async (ctx) => {
      if (!core) return ctx.skip();
      const opened = await press("ali.hassan", ANSWER_ACTION, pollId);
      expect(opened.form?.id).toBe("poll-answer");
      expect(opened.form?.fields.map((f) => [f.name, f.kind])).toEqual([
        ["q0", "choice"],
        ["q1", "choice"],
        ["q2", "text"],
        ["q3", "text"],
      ]);
      expect(opened.form?.intro).toContain("Dina svar är anonyma");
      const english = await press("david.persson", ANSWER_ACTION, pollId);
      expect(english.form?.fields[0].label).toContain("Which problems");
      const outsider = await press("karin.sjoberg", ANSWER_ACTION, pollId);
      expect(outsider.form).toBeUndefined();
      expect(text(outsider)).toContain("Du fick inte medarbetardialogen");
      const refused = await answer("karin.sjoberg", pollId, { q0: ["0"], q1: "3" });
      expect(refused.kind === "done" && text(refused.reply)).toContain("Du fick inte");
      const invalid = await answer("ali.hassan", pollId, { q0: ["9"], q1: "" });
      expect(invalid.kind === "errors" && Object.keys(invalid.errors).sort()).toEqual(["q0", "q1"]);
      expect(await sheets()).toBe(0);
    });

    it("stores one answer per person; a second one replaces it and the form shows it", async (ctx) => {
      if (!core) return ctx.skip();
      const first = await answer("ali.hassan", pollId, { q0: ["0"], q1: "2", q2: "Första svaret", q3: "" });
      expect(first.kind === "done" && text(first.reply)).toContain(
        "Du har deltagit i medarbetardialogen «Trygghet i Norrdal hösten 2026». Resultatet skickas till dig när den stänger onsdag 2 december kl. 16:00.",
      );
      const second = await answer("ali.hassan", pollId, {
        q0: ["1", "3"],
        q1: "4",
        q2: THEMES[0],
        q3: "För lite tid mellan larmen.",
      });
      expect(second.kind === "done" && text(second.reply)).toContain("Ditt svar i medarbetardialogen");
      // one sealed sheet, replaced as a whole; nothing in the plain while the poll is open
      expect(await core.db.prisma.pollSealedSheet.count({ where: { pollId } })).toBe(1);
      expect(await core.db.prisma.pollResponse.count({ where: { pollId } })).toBe(0);
      expect(await core.db.prisma.pollAnswer.count()).toBe(0);
      const again = await press("ali.hassan", ANSWER_ACTION, pollId);
      expect(again.form?.intro).toContain("Du har redan svarat");
      expect(again.form?.fields.map((f) => ("initial" in f ? f.initial : undefined))).toEqual([
        ["1", "3"],
        "4",
        THEMES[0],
        "För lite tid mellan larmen.",
      ]);
    });

    it("hides the total below the threshold, and shows only counts while open", async (ctx) => {
      if (!core) return ctx.skip();
      for (const [i, person] of ["emma.lund", "oskar.nyberg", "sofia.karlsson"].entries())
        await answer(person, pollId, {
          q0: ["0"],
          q1: String(3 + (i % 2)),
          q2: THEMES[i + 1],
          q3: "Tiden räcker inte.",
        });
      const few = text(await say("erik.johansson", `dialog resultat ${pollId}`));
      expect(few).toContain("Färre än 5 av 10 har svarat.");
      expect(few).not.toContain("4 av");
      expect(few).toContain("IG Turlag 1: färre än 5 svar – visas inte");
      for (const [i, person] of IG2.entries())
        await answer(person, pollId, {
          q0: [String(i % 3)],
          q1: String(1 + (i % 5)),
          q2: THEMES[i + 4],
          q3: i === 0 ? "" : "Brist på tid för förebyggande arbete.",
        });
      const open = text(await say("erik.johansson", `dialog resultat ${pollId}`));
      expect(open).toContain("9 av 10 har svarat (90 %).");
      // one group below the threshold: the other is hidden too, or it could be subtracted
      expect(open).toContain("IG Turlag 1: färre än 5 svar – visas inte");
      expect(open).toContain("IG Turlag 2: visas inte, så att en mindre grupps antal inte kan räknas fram");
      expect(open).not.toContain("5 av 5");
      expect(open).toContain("Svaren visas när dialogen har stängt");
      expect(open).not.toContain("Narkotika:");
    });

    it("keeps anonymous answers unlinkable: no person in answer rows, audit or reminder ledger, no token without the key", async (ctx) => {
      if (!core) return ctx.skip();
      const respondents = ["ali.hassan", "emma.lund", "oskar.nyberg", "sofia.karlsson", ...IG2];
      const people = await core.db.prisma.person.findMany({ where: { id: { in: respondents } } });
      const identifying = people.flatMap((p) =>
        [p.id, p.name, p.slackUserId, p.teamsAadId].filter((x): x is string => !!x),
      );
      // while the poll is open, every anonymous sheet is sealed: no plain answer, no person, no time
      expect(await core.db.prisma.pollResponse.count({ where: { pollId } })).toBe(0);
      const rows = await core.db.prisma.pollSealedSheet.findMany({ where: { pollId } });
      expect(rows).toHaveLength(9);
      const stored = JSON.stringify(rows);
      for (const id of identifying) expect(stored).not.toContain(id);
      for (const theme of THEMES) expect(stored).not.toContain(theme);
      expect(stored).not.toContain("19850101-1234");
      expect(new Set(rows.map((r) => r.sheet.length)).size).toBe(1);
      // the poll's key opens them, and free text was masked before it was sealed
      const poll = await core.db.prisma.dialoguePoll.findUniqueOrThrow({ where: { id: pollId } });
      const key = unwrapPollKey(core.ctx.secret, pollId, poll.sealKey!);
      const opened = JSON.stringify(rows.map((r) => openSheet(key, pollId, r.token, r.sheet)));
      expect(opened).not.toContain("19850101-1234");
      expect(opened).toContain("[personnummer]");
      // and cleaned of the names of the organisation's people, as the invitation says
      expect(opened).not.toContain("Anna Berg");
      expect(opened).toContain("[namn]");
      // the audit log has no answer event and nothing naming a respondent
      const audit = JSON.stringify(await core.db.prisma.auditEvent.findMany());
      for (const id of identifying) expect(audit).not.toContain(id);
      expect(audit).not.toContain("poll.answer");
      // the token is keyed by the poll's key: it finds the sheet; the instance key alone, another key or a plain hash does not
      const tokens = new Set(rows.map((r) => r.token));
      expect(tokens.has(responseToken(key, "ali.hassan"))).toBe(true);
      for (const person of respondents) {
        expect(tokens.has(legacyResponseToken(core.ctx.secret, pollId, person))).toBe(false);
        expect(tokens.has(responseToken(Buffer.alloc(32, 1), person))).toBe(false);
        expect(tokens.has(createHash("sha256").update(`${pollId}:${person}`).digest("hex"))).toBe(false);
      }
      // the secret itself is nowhere in the database
      const everything = JSON.stringify([
        await core.db.prisma.dialoguePoll.findMany(),
        await core.db.prisma.delivery.findMany(),
        await core.db.prisma.processedRequest.findMany(),
      ]);
      expect(everything).not.toContain(core.ctx.secret);
      // nobody can list who answered what: `/dialog` shows counts, never names
      for (const person of ["maria.ekstrom", "erik.johansson", "per.andersson"]) {
        const list = text(await say(person, "dialog"));
        for (const name of NAMES) expect(list).not.toContain(name);
      }
    });

    it("reminds only the one who has not answered, once, under repeated runs and two instances", async (ctx) => {
      if (!core) return ctx.skip();
      take();
      const early = await runnerA.run(job("poll-reminders"), new Date("2026-12-01T14:00:00Z"));
      expect(early.planned).toBe(0);
      core.clock.set("2026-12-01T15:10:00Z");
      const at = core.clock.now();
      const [a, b] = await Promise.all([
        runnerA.run(job("poll-reminders"), at),
        runnerB.run(job("poll-reminders"), at),
      ]);
      expect(a.sent + b.sent).toBe(1);
      for (const runner of [runnerA, runnerB, runnerA])
        expect((await runner.run(job("poll-reminders"), core.clock.now())).sent).toBe(0);
      const reminders = take();
      expect(reminders.map(personOf)).toEqual(["anna.berg"]);
      const body = text(reminders[0].reply);
      expect(body).toContain("Påminnelse: Trygghet i Norrdal hösten 2026");
      expect(body).toContain("Har du redan svarat kan du bortse från det här");
      for (const name of NAMES.filter((n) => n !== "Anna Berg")) expect(body).not.toContain(name);
      // the ledger does not say who was reminded
      const ledger = JSON.stringify(await core.db.prisma.delivery.findMany({ where: { job: "poll-reminders" } }));
      expect(ledger).not.toContain("anna.berg");
      // she answers after the reminder: no second one
      await answer("anna.berg", pollId, { q0: ["2"], q1: "5", q2: THEMES[8], q3: "Mer tid i schemat." });
      expect((await runnerB.run(job("poll-reminders"), core.clock.now())).planned).toBe(0);
    });

    it("refuses answers politely once the closing time has passed", async (ctx) => {
      if (!core) return ctx.skip();
      core.clock.set("2026-12-02T15:01:00Z");
      const late = await answer("ali.hassan", pollId, { q0: ["0"], q1: "1" });
      expect(late.kind === "done" && text(late.reply)).toContain("det går inte att svara längre");
      const button = await press("ali.hassan", ANSWER_ACTION, pollId);
      expect(button.form).toBeUndefined();
      expect(text(button)).toContain("det går inte att svara längre");
      expect(await sheets({ pollId })).toBe(10);
    });

    it("closes exactly once with two instances and feeds back to every recipient, gruppchef and the creator once", async (ctx) => {
      if (!core) return ctx.skip();
      core.clock.set("2026-12-02T15:05:00Z");
      const at = core.clock.now();
      await Promise.all([runnerA.run(pollCloseJob, at), runnerB.run(pollCloseJob, at)]);
      await runnerB.run(pollCloseJob, at);
      await runnerA.run(pollCloseJob, new Date(at.getTime() + 300_000));
      expect(await core.db.prisma.auditEvent.count({ where: { action: "poll.close", subject: pollId } })).toBe(1);
      expect(await core.db.prisma.dialoguePoll.findUnique({ where: { id: pollId } })).toMatchObject({
        status: "closed",
        closedAt: at,
        sealKey: null,
      });
      // the sealed sheets are written out with nothing but their answers
      expect(await core.db.prisma.pollSealedSheet.count({ where: { pollId } })).toBe(0);
      const closedSheets = await core.db.prisma.pollResponse.findMany({ where: { pollId } });
      expect(closedSheets).toHaveLength(10);
      expect(closedSheets.every((r) => r.token === null && r.personId === null && r.groupId === null)).toBe(true);
      const feedback = take();
      const audience = [...IG1, ...IG2, "erik.johansson"].sort();
      expect(feedback.map(personOf).sort()).toEqual(audience);
      const ali = text(feedback.find((s) => personOf(s) === "ali.hassan")!.reply);
      expect(ali).toContain("Återkoppling: Trygghet i Norrdal hösten 2026");
      expect(ali).toContain("10 av 10 har svarat (100 %).");
      expect(ali).toContain("Narkotika: ");
      expect(ali).toMatch(/Medel \d(,\d)? · median \d/);
      expect(ali).toContain("Teman (automatisk sammanställning)");
      expect(ali).toMatch(/torget|mopeder/);
      expect(ali).toContain("Svaren i slumpvis ordning");
      expect(ali).toContain("[personnummer]");
      expect(ali).toContain("Vad händer sedan: Jag sammanställer svaren");
      expect(ali).toContain("IG Turlag 1: 5 av 5 (100 %)");
      const buttonsOf = (person: string) =>
        feedback
          .find((s) => personOf(s) === person)!
          .reply.blocks.flatMap((b) => (b.kind === "actions" ? b.buttons.map((x) => x.action.id) : []));
      expect(buttonsOf("anna.berg")).toEqual([FORWARD_ACTION]);
      expect(buttonsOf("erik.johansson")).toEqual([FEEDBACK_ACTION]);
      expect(buttonsOf("ali.hassan")).toEqual([]);
      // a restart (a new instance) sends nothing again
      const restarted = new JobRunner({
        ctx: core.ctx,
        ledger: new DeliveryLedger(core.db.prisma, "instance-restarted"),
        senders: { teams: new RecordingSender("teams", { log: sent }) },
      });
      expect((await restarted.run(pollCloseJob, core.clock.now())).sent).toBe(0);
      expect(take()).toEqual([]);
    });

    it("shows the results to those entitled, audited as a view, and refuses others", async (ctx) => {
      if (!core) return ctx.skip();
      const before = await core.db.prisma.auditEvent.count({ where: { action: "poll.results.view" } });
      for (const person of ["erik.johansson", "johan.lindqvist", "per.andersson", "ali.hassan"]) {
        const shown = text(await say(person, `dialog resultat ${pollId.toUpperCase()}`));
        expect(shown, person).toContain("10 av 10 har svarat");
      }
      for (const person of ["karin.sjoberg", "maria.ekstrom", "lena.forsberg"]) {
        const refused = text(await say(person, `dialog resultat ${pollId}`));
        expect(refused, person).toContain("kan den som skapade dialogen");
        expect(refused).not.toContain("av 10 har svarat");
      }
      expect(await core.db.prisma.auditEvent.count({ where: { action: "poll.results.view" } })).toBe(before + 4);
      expect(text(await say("erik.johansson", "dialog resultat d99"))).toContain("hittar ingen medarbetardialog");
    });

    it("lets the creator add a feedback note linked to the promise, delivered once to everyone asked", async (ctx) => {
      if (!core) return ctx.skip();
      expect(text(await say("ali.hassan", `dialog uppfoljning ${pollId} Vi gör något`))).toContain(
        "Bara den som skapade",
      );
      // återkoppling is the documented word; the note's first names still work
      for (const word of ["återkoppling", "aterkoppling", "feedback", "uppföljning", "follow-up"])
        expect(text(await say("ali.hassan", `dialog ${word} ${pollId} Vi gör något`)), word).toContain(
          "Bara den som skapade",
        );
      expect(text(await say("ali.hassan", "dialog hjälp"))).toContain("`/dialog återkoppling <id> <vad ni gör>`");
      const form = await press("erik.johansson", FEEDBACK_ACTION, pollId);
      expect(form.form?.id).toBe("poll-followup");
      const saved = text(
        await say(
          "erik.johansson",
          `dialog uppfoljning ${pollId} Vi lägger fotpatruller vid Torget fredagskvällar från v. 50.`,
        ),
      );
      expect(saved).toContain("skickas till 10 personer");
      const at = core.clock.now();
      expect((await slackOnly.run(job("poll-followup"), at)).sent).toBe(10);
      expect((await runnerA.run(job("poll-followup"), at)).sent).toBe(0);
      const followUps = take();
      expect(followUps.every((s) => s.platform === "slack")).toBe(true);
      expect(followUps.map(personOf).sort()).toEqual([...IG1, ...IG2].sort());
      const body = text(followUps.find((s) => personOf(s) === "ali.hassan")!.reply);
      // "Ni sa" covers every question: the top choices with their share, the scale's mean, the themes
      const youSaid = body.slice(body.indexOf("Ni sa:"), body.indexOf("Vi gör:"));
      expect(youSaid).toMatch(/• [^\n]+: flest valde [^\n]+ \(\d+ %\)/);
      expect(youSaid).toMatch(/• [^\n]+: medel \d(,\d)? av 5/);
      expect(youSaid).toMatch(/• [^\n]+: främst [^\n]+ \(\d+ svar\)/);
      const english = text(followUps.find((s) => personOf(s) === "david.persson")!.reply);
      expect(english).toMatch(/You said:[\s\S]*most chose[\s\S]*mean \d(\.\d)? of 5[\s\S]*mainly/);
      expect(body).toContain("Vi gör: Vi lägger fotpatruller vid Torget fredagskvällar från v. 50.");
      expect(body).toContain("Kopplat till Medborgarlöfte Norrdal 2026 (Norrdals kommun) · Erik Johansson");
    });

    it("forwards the results to the group's channels once when its gruppchef asks", async (ctx) => {
      if (!core) return ctx.skip();
      expect(text(await press("ali.hassan", FORWARD_ACTION, pollId))).toContain("Bara gruppchefer");
      expect(text(await press("anna.berg", FORWARD_ACTION, pollId))).toContain("skickas till kanalen för IG Turlag 1");
      const at = core.clock.now();
      expect((await runnerA.run(job("poll-forward"), at)).sent).toBe(2);
      expect((await runnerB.run(job("poll-forward"), at)).sent).toBe(0);
      const forwarded = take();
      expect(forwarded.map(personOf).sort()).toEqual(["channel:19:demoigturlag1@thread.tacv2", "channel:C0DEMOIG1"]);
      expect(text(forwarded[0].reply)).toContain("Delat av Anna Berg, gruppchef.");
      expect(text(await press("anna.berg", FORWARD_ACTION, pollId))).toContain("redan skickat");
    });

    it("exports results with the threshold and without anyone's identity", async (ctx) => {
      if (!core) return ctx.skip();
      const json: string[] = [];
      for await (const line of exportPolls(core.ctx, "json")) json.push(line);
      const d1 = JSON.parse(json[0]);
      expect(d1).toMatchObject({ id: pollId, asked: 10, answered: 10, status: "closed", threshold: 5 });
      expect(d1.groups.map((g: { answered: number | null }) => g.answered)).toEqual([5, 5]);
      expect(d1.questions[0].options[0]).toEqual({ option: "Narkotika", count: expect.any(Number) });
      expect(d1.questions[2].texts).toHaveLength(10);
      const csv: string[] = [];
      for await (const line of exportPolls(core.ctx, "csv")) csv.push(line);
      expect(csv[0].startsWith("\uFEFFpoll;kind;title")).toBe(true);
      const all = json.join("") + csv.join("");
      for (const name of NAMES) expect(all).not.toContain(name);
      for (const id of [...IG1, ...IG2]) expect(all).not.toContain(id);
    });

    it("hides a small group and its complement in a three-group breakdown", async (ctx) => {
      if (!core) return ctx.skip();
      core.clock.set("2026-12-03T09:00:00Z");
      const created = await submit(
        "lena.forsberg",
        "poll",
        "",
        vadForm({
          title: "Trygghet i Åsby",
          concerns: "k:asby",
          template: "own",
          questions: "skala: Hur trygg är Åsby?",
          groups: ["ig-1", "ig-2", "ig-3"],
          closesDay: "2026-12-04",
        }),
      );
      expect(created.kind).toBe("done");
      const id = "d2";
      for (const person of ["ali.hassan", "emma.lund", "oskar.nyberg", "sofia.karlsson", ...IG2, ...IG3])
        expect((await answer(person, id, { q0: "3" })).kind).toBe("done");
      // two instances closing at once: exactly one closes it
      const at = new Date("2026-12-04T15:30:00Z");
      const [x, y] = await Promise.all([
        closeDuePolls(core.ctx, "norrdal", at),
        closeDuePolls(core.ctx, "norrdal", at),
      ]);
      expect([...x, ...y]).toEqual([id]);
      core.clock.set("2026-12-04T15:31:00Z");
      const shown = text(await say("lena.forsberg", `dialog resultat ${id}`));
      expect(shown).toContain("14 av 15 har svarat");
      expect(shown).toContain("IG Turlag 1: färre än 5 svar – visas inte");
      expect(shown).toContain("IG Turlag 2: visas inte, så att en mindre grupps antal inte kan räknas fram");
      expect(shown).toContain("IG Turlag 3: 5 av 5 (100 %)");
      expect(shown).toContain("Medel 3 · median 3 (14 svar)");
      take();
    });

    it("seeds a hur-dialog from the themes of the closed vad-dialog", async (ctx) => {
      if (!core) return ctx.skip();
      const opened = await core.bot.openForm("console", "erik.johansson", "dialog", "ny");
      const seed = opened.kind === "form" ? opened.form.fields.find((f) => f.name === "seed") : undefined;
      expect(seed?.kind === "choice" && seed.options.map((o) => o.value)).toContain(pollId);
      const wrongKind = await submit("erik.johansson", "poll", "", vadForm({ seed: pollId, closesDay: "2026-12-10" }));
      expect(wrongKind.kind === "errors" && wrongKind.errors.seed).toContain("Bara en hur-dialog");
      const outcome = await submit(
        "erik.johansson",
        "poll",
        "",
        vadForm({
          kind: "hur",
          template: "standard-hur",
          seed: pollId,
          title: "Hur tar vi oss an Torget?",
          closesDay: "2026-12-10",
        }),
      );
      expect(outcome.kind).toBe("done");
      const poll = await core.db.prisma.dialoguePoll.findFirst({
        where: { kind: "hur" },
        include: { questions: { orderBy: { position: "asc" } } },
      });
      expect(poll?.seededFrom).toBe(pollId);
      expect(poll?.questions).toHaveLength(5);
      expect(poll?.questions[0].kind).toBe("multi");
      expect(poll?.questions[0].text).toContain("«Trygghet i Norrdal hösten 2026»");
      const options = poll?.questions[0].options.split("\n") ?? [];
      expect(options.length).toBeGreaterThanOrEqual(2);
      expect(options.join(" ")).toMatch(/torget|mopeder|skolan|narkotika|parken|belysning/);
    });

    it("stores a named poll's answers with the person and audits them", async (ctx) => {
      if (!core) return ctx.skip();
      const outcome = await submit(
        "johan.lindqvist",
        "poll",
        "",
        vadForm({
          title: "Passplanering",
          template: "own",
          questions: "fritext: Vad fungerar?",
          groups: ["ig-2"],
          anonymous: "nej",
          closesDay: "2026-12-10",
        }),
      );
      // johan leads ig-2 but is not asked himself: 4 people, fewer than 5 — a named dialogue needs no
      // threshold (it says in every message that it is not anonymous), so his own turlag can hold one
      expect(outcome.kind === "done" && text(outcome.reply)).toContain("med namn");
      const byErik = await submit(
        "erik.johansson",
        "poll",
        "",
        vadForm({
          title: "Passplanering",
          template: "own",
          questions: "fritext: Vad fungerar?",
          groups: ["ig-2"],
          anonymous: "nej",
          closesDay: "2026-12-10",
        }),
      );
      expect(byErik.kind === "done" && text(byErik.reply)).toContain("med namn");
      const poll = await core.db.prisma.dialoguePoll.findFirst({
        where: { anonymous: false, createdById: "erik.johansson" },
      });
      const invitation = await press("david.persson", ANSWER_ACTION, poll!.id);
      expect(invitation.form?.intro).toContain("not anonymous");
      await answer("david.persson", poll!.id, { q0: "Briefings work well." });
      const response = await core.db.prisma.pollResponse.findFirst({ where: { pollId: poll!.id } });
      expect(response).toMatchObject({ personId: "david.persson", groupId: "ig-2" });
      expect(
        await core.db.prisma.auditEvent.count({ where: { action: "poll.answer", actorId: "david.persson" } }),
      ).toBe(1);
    });

    it("after gallring of free text, its questions say the texts were cleared and how many answered, not 'fewer than 5'", async (ctx) => {
      if (!core) return ctx.skip();
      const later = new Date(core.clock.now().getTime() + (core.ctx.retention.freeTextDays + 30) * 86_400_000);
      const outcome = await runRetention(core.ctx, later);
      expect(outcome.freeTextCleared).toBeGreaterThan(0);
      const shown = text(await say("erik.johansson", `dialog resultat ${pollId}`));
      expect(shown).toContain("10 av 10 har svarat");
      // the two free-text questions of the standard vad-dialogue: 10 and 9 answered them
      expect(shown).not.toMatch(/Färre än 5 svarade på frågan/);
      expect(shown.match(/\d+ svarade\. Fritexten är gallrad/g)).toEqual([
        "10 svarade. Fritexten är gallrad",
        "9 svarade. Fritexten är gallrad",
      ]);
      const json: string[] = [];
      for await (const line of exportPolls(core.ctx, "json")) json.push(line);
      const texts = JSON.parse(json[0]).questions[2];
      expect(texts).toMatchObject({ answered: 10, cleared: true, texts: [] });
    });
  });
}
