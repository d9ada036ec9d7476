// The quality follow-up (prestation) and the citizen summary, on SQLite and
// PostgreSQL, driven as the console drives it: an LPO of our own (Västby,
// figures known by hand) where work is logged, a kommunpolis runs a
// vad-dialog for one of the promise's two groups (7 of 11 members asked, 5
// answer), closes it, feeds back two days later (the job delivers it to the
// 7 asked), and builds a hur-dialog on it. The scorecard computes what this
// data decides, with its evidence; the rest is assessed in chat with who and
// when; a citizen summary marked published makes lofte.e count. The citizen
// draft never holds a person's name, a note or a free-text answer — checked
// against every name in the organisation and names planted in notes, answers,
// the feedback note, the poll's title and the promise's own title — and its
// short text keeps to 280 characters.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runReportCommand } from "../../../../src/app/cli/report.js";
import { type FormValues, replyAsPlainText } from "../../../../src/core/reply.js";
import { pollCloseJob, pollInvitationsJob } from "../../../../src/features/dialog/jobs.js";
import { followUpReportJson, monthlyFollowUp } from "../../../../src/features/followup/index.js";
import { importIndicatorText } from "../../../../src/features/indicators/index.js";
import { citizenDraft, citizenFiles, shortText } from "../../../../src/features/followup/citizen/draft.js";
import { rangePeriod } from "../../../../src/features/followup/followUpPeriod.js";
import { QUALITY_ASSESS_ACTION, QUALITY_FORM } from "../../../../src/features/followup/quality/chat.js";
import { CRITERIA, qualitySection } from "../../../../src/features/followup/quality/scorecard.js";
import { followUpReportData } from "../../../../src/features/followup/reportData.js";
import { reportJson } from "../../../../src/features/followup/reportJson.js";
import { registry } from "../../../../src/features/index.js";
import { forgetPerson } from "../../../../src/features/retention/index.js";
import { importOrganisationText } from "../../../../src/organisation/organisationStore.js";
import { DeliveryLedger } from "../../../../src/schedules/deliveryLedger.js";
import { JobRunner } from "../../../../src/schedules/jobRunner.js";
import { openTestCore, type TestCore } from "../../../support/core.js";
import { databaseKinds } from "../../../support/databases.js";
import { RecordingSender, type Sent } from "../../../support/recordingSender.js";

// v-ig-1: the gruppchef and six more (7); v-ig-2: four. The promise's activities name both: 11 members.
const VASTBY = `
lpo: { id: vastby, name: LPO Västby }
kommuner:
  - { id: vastby, name: Västby kommun }
groups:
  - { id: v-ig-1, name: Västby IG 1, kind: ig, lead: vera.stahl }
  - { id: v-ig-2, name: Västby IG 2, kind: ig }
people:
  - { id: kim.lindahl, name: Kim Lindahl, roles: [kommunpolis], groups: [], slack: UV01 }
  - { id: vera.stahl, name: Vera Ståhl, roles: [gruppchef], groups: [v-ig-1], slack: UV02 }
  - { id: nils.ekman, name: Nils Ekman, roles: [medarbetare], groups: [v-ig-1], slack: UV03 }
  - { id: sanna.bjork, name: Sanna Björk, roles: [medarbetare], groups: [v-ig-1], slack: UV04 }
  - { id: tove.axelsson, name: Tove Axelsson, roles: [medarbetare], groups: [v-ig-1], slack: UV05 }
  - { id: omar.haddad, name: Omar Haddad, roles: [medarbetare], groups: [v-ig-1], slack: UV06 }
  - { id: lisa.wiklander, name: Lisa Wiklander, roles: [medarbetare], groups: [v-ig-1], slack: UV07 }
  - { id: pelle.strandberg, name: Pelle Strandberg, roles: [medarbetare], groups: [v-ig-1], slack: UV08 }
  - { id: mira.falkman, name: Mira Falkman, roles: [medarbetare], groups: [v-ig-2], slack: UV09 }
  - { id: jon.viklund, name: Jon Viklund, roles: [medarbetare], groups: [v-ig-2], slack: UV10 }
  - { id: ida.lundeberg, name: Ida Lundeberg, roles: [medarbetare], groups: [v-ig-2], slack: UV11 }
  - { id: rut.bergfors, name: Rut Bergfors, roles: [medarbetare], groups: [v-ig-2], slack: UV12 }
promises:
  - id: vastby-2026
    kommun: vastby
    title: Trygg i Västby – som Omar Haddad bad om
    from: 2026-01-01
    to: 2026-12-31
    effect:
      indicators: ["Anmälda brott: skadegörelse"]
      areas: [Centrum]
    activities:
      - code: L1
        name: Närvaro på torget
        aliases: [närvaro]
        target: { amount: 10, unit: timmar, per: vecka }
        groups: [v-ig-1]
        baseline: 4
      - code: L2
        name: Trygghetsvandringar
        aliases: [vandring]
        target: { amount: 2, unit: tillfällen, per: månad }
        groups: [v-ig-1, v-ig-2]
`;

const IG1 = [
  "vera.stahl",
  "nils.ekman",
  "sanna.bjork",
  "tove.axelsson",
  "omar.haddad",
  "lisa.wiklander",
  "pelle.strandberg",
];
const PLANTED = ["HEMLIG-ANTECKNING", "HEMLIGT-SVAR", "HEMLIG-ATERKOPPLING", "HEMLIG-TITEL", "HEMLIGT-VADHANDER"];

for (const kind of databaseKinds) {
  describe(`quality follow-up and citizen summary on ${kind}`, () => {
    let core: TestCore | null;
    let runner: JobRunner;
    const sent: Sent[] = [];
    const november = rangePeriod("2026-11-01", "2026-11-30");

    beforeAll(async () => {
      core = await openTestCore(kind, { now: "2026-11-02T08:00:00Z" });
      if (!core) return;
      const imported = await importOrganisationText(core.db.prisma, VASTBY, "2026-11-01");
      if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
      runner = new JobRunner({
        ctx: core.ctx,
        ledger: new DeliveryLedger(core.db.prisma, "instance-q"),
        senders: { slack: new RecordingSender("slack", { log: sent }) },
      });
    });
    afterAll(async () => {
      await core?.drop();
    });

    const say = async (person: string, line: string) =>
      replyAsPlainText(await core!.bot.handleMessage({ platform: "console", userId: person, text: line }));
    const submit = (person: string, formId: string, state: string, values: FormValues) =>
      core!.bot.submitForm({ platform: "console", userId: person, formId, state, values });
    const press = (person: string, id: string, value: string) =>
      core!.bot.handleAction({ platform: "console", userId: person, action: { id, value } });
    const kommun = { id: "vastby", name: "Västby kommun", lpoId: "vastby" };
    const card = async (period = november) =>
      (await qualitySection(core!.ctx, kommun, period, "sv")).promises[0].criteria;
    const criterion = async (id: string, period = november) => (await card(period)).find((c) => c.id === id)!;

    it("with no dialogue yet: the dialogue criteria are to assess, the targets are computed", async (ctx) => {
      if (!core) return ctx.skip();
      // work logged on L1 (with a planted name and marker in the note — "med kollegan …": after `med`, a name alone would credit Rut); nothing on L2, so it has no baseline
      expect(await say("nils.ekman", "logga 3h närvaro HEMLIG-ANTECKNING pratade med kollegan Rut Bergfors")).toContain(
        "3 h",
      );
      const c = await card();
      expect(c.map((x) => x.id)).toEqual([...CRITERIA]);
      expect(c.find((x) => x.id === "vad.a")).toMatchObject({
        status: "to-assess",
        source: "none",
        evidence: "Ingen vad-dialog om löftet eller kommunen i Löftesbot.",
      });
      expect(c.find((x) => x.id === "hur.b")).toMatchObject({
        status: "partly",
        source: "computed",
        evidence: "2 av 2 aktiviteter har mål med mängd, enhet och period; 1 av 2 har utgångsläge",
      });
      expect(c.find((x) => x.id === "lofte.e")?.status).toBe("to-assess");
    });

    it("computes participation, response rate and återkoppling from a real vad-dialog", async (ctx) => {
      if (!core) return ctx.skip();
      const created = await submit("kim.lindahl", "poll", "", {
        kind: "vad",
        title: "HEMLIG-TITEL samtal med Vera Ståhl",
        concerns: "p:vastby-2026",
        template: "standard-vad",
        groups: ["v-ig-1"],
        closesDay: "2026-11-09",
        closesTime: "16:00",
        anonymous: "ja",
        whatNext: "HEMLIGT-VADHANDER Kim Lindahl tar upp det på APT.",
      });
      expect(created.kind).toBe("done");
      expect((await runner.run(pollInvitationsJob, core.clock.now())).sent).toBe(7);
      for (const [i, person] of IG1.slice(0, 5).entries())
        expect(
          (
            await submit(person, "poll-answer", "d1", {
              q0: ["0"],
              q1: String(2 + (i % 3)),
              q2: `HEMLIGT-SVAR prata med Pelle Strandberg om torget ${i}`,
              q3: "Tiden räcker inte.",
            })
          ).kind,
        ).toBe("done");
      // while it is open, nothing about answers or feedback is decided
      expect(await criterion("vad.b")).toMatchObject({ status: "to-assess" });
      expect((await criterion("vad.b")).evidence).toContain("pågår till 2026-11-09");
      // 7 of the 11 members of the promise's groups were asked
      expect(await criterion("vad.a")).toMatchObject({
        status: "partly",
        source: "computed",
        evidence: "7 av 11 i grupperna inbjudna (64 %)",
      });

      core.clock.set("2026-11-09T15:05:00Z");
      await runner.run(pollCloseJob, core.clock.now());
      expect((await core.db.prisma.dialoguePoll.findUnique({ where: { id: "d1" } }))?.status).toBe("closed");
      expect(await criterion("vad.b")).toMatchObject({
        status: "met",
        evidence: "”HEMLIG-TITEL samtal med Vera Ståhl”: 5 svar av 7 inbjudna (71 %)",
      });
      expect(await criterion("vad.c")).toMatchObject({ status: "not-met" });
      expect((await criterion("vad.c")).evidence).toContain("ingen återkoppling än (stängd 2026-11-09)");

      // återkoppling two days after closing, delivered by the job to the 7 asked
      core.clock.set("2026-11-11T09:00:00Z");
      expect(
        await say("kim.lindahl", "dialog återkoppling d1 HEMLIG-ATERKOPPLING Vi går mer på torget, sa Nils Ekman."),
      ).toContain("7 personer");
      expect(await criterion("vad.c")).toMatchObject({
        status: "met",
        evidence:
          "”HEMLIG-TITEL samtal med Vera Ståhl”: återkoppling 2 dagar efter stängning, skriven men ännu inte skickad",
      });
      expect((await runner.run(registry.job("poll-followup")!, core.clock.now())).sent).toBe(7);
      expect(await criterion("vad.c")).toMatchObject({
        status: "met",
        source: "computed",
        evidence: "”HEMLIG-TITEL samtal med Vera Ståhl”: återkoppling 2 dagar efter stängning, skickad till 7 personer",
      });
    });

    it("counts a hur-dialog built on the vad-dialog as the group's underlag", async (ctx) => {
      if (!core) return ctx.skip();
      expect(await criterion("hur.a")).toMatchObject({ status: "to-assess" });
      const created = await submit("kim.lindahl", "poll", "", {
        kind: "hur",
        title: "Hur tar vi oss an torget?",
        concerns: "p:vastby-2026",
        template: "standard-hur",
        seed: "d1",
        groups: ["v-ig-1", "v-ig-2"],
        closesDay: "2026-11-20",
        closesTime: "16:00",
        anonymous: "ja",
        whatNext: "Vi sätter planen på APT.",
      });
      expect(created.kind).toBe("done");
      expect(await criterion("hur.a")).toMatchObject({
        status: "met",
        source: "computed",
        evidence: "”Hur tar vi oss an torget?” byggde på vad-dialogen ”HEMLIG-TITEL samtal med Vera Ståhl”",
      });
      expect((await criterion("hur.d")).status).toBe("to-assess");
      expect((await criterion("hur.d")).evidence).toContain("pågår");
    });

    it("records an assessment with who and when, only where the data cannot decide, only by a kommunpolis", async (ctx) => {
      if (!core) return ctx.skip();
      core.clock.set("2026-11-12T09:30:00Z");
      expect(await say("nils.ekman", "uppfoljning vastby kvalitet 2026-11")).toContain("Uppföljningen kan läsas av");
      const view = await core.bot.handleMessage({
        platform: "console",
        userId: "kim.lindahl",
        text: "uppfoljning vastby kvalitet 2026-11",
      });
      const text = replyAsPlainText(view);
      expect(text).toContain("Prestation (kvalitet) Västby kommun");
      expect(text).toContain("`vad.a` Samtliga medarbetare erbjuds att delta – delvis (beräknat)");
      expect(text).toContain("7 av 11 i grupperna inbjudna (64 %)");
      const buttons = view.blocks.flatMap((b) => (b.kind === "actions" ? b.buttons : []));
      expect(buttons.map((b) => b.action.id)).toContain(QUALITY_ASSESS_ACTION);

      // a medarbetare cannot assess; the form offers only what the data cannot decide
      expect(replyAsPlainText(await press("nils.ekman", QUALITY_ASSESS_ACTION, "vastby-2026"))).toContain(
        "Bara kommunpolis",
      );
      const opened = await press("kim.lindahl", QUALITY_ASSESS_ACTION, "vastby-2026");
      const choice = opened.form?.fields.find((f) => f.name === "criterion");
      const offered = choice?.kind === "choice" ? choice.options.map((o) => o.value) : [];
      expect(offered).toEqual(["hur.c", "hur.d", "lofte.a", "lofte.b", "lofte.c", "lofte.d", "lofte.e"]);
      const computed = await submit("kim.lindahl", QUALITY_FORM, "vastby-2026", { criterion: "vad.a", status: "met" });
      expect(computed.kind === "errors" && computed.errors.criterion).toContain("beräknas ur Löftesbots data");
      const bad = await submit("kim.lindahl", QUALITY_FORM, "vastby-2026", { criterion: "lofte.c", status: "bra" });
      expect(bad.kind === "errors" && bad.errors.status).toContain("Välj uppfyllt, delvis eller inte uppfyllt");
      expect(await core.db.prisma.qualityAssessment.count()).toBe(0);

      const saved = await submit("kim.lindahl", QUALITY_FORM, "vastby-2026", {
        criterion: "lofte.c",
        status: "met",
        note: "Överenskommelsen 2025–2027, mål 2 och 3.",
      });
      expect(saved.kind === "done" && replyAsPlainText(saved.reply)).toContain(
        "Sparat: lofte.c för ”Trygg i Västby – som Omar Haddad bad om” – uppfyllt, bedömt 2026-11-12 10:30 av dig.",
      );
      const rows = await core.db.prisma.qualityAssessment.findMany();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        promiseId: "vastby-2026",
        criterionId: "lofte.c",
        status: "met",
        assessedById: "kim.lindahl",
        assessedAt: new Date("2026-11-12T09:30:00Z"),
      });
      expect(await criterion("lofte.c")).toMatchObject({
        status: "met",
        source: "assessed",
        assessedBy: "kim.lindahl",
        assessedByName: "Kim Lindahl",
        assessedAt: "2026-11-12T09:30:00.000Z",
        note: "Överenskommelsen 2025–2027, mål 2 och 3.",
      });
      // a later assessment counts; the earlier one stays as history
      core.clock.set("2026-11-13T08:00:00Z");
      await submit("kim.lindahl", QUALITY_FORM, "vastby-2026", { criterion: "lofte.c", status: "partly" });
      expect(await criterion("lofte.c")).toMatchObject({ status: "partly", assessedAt: "2026-11-13T08:00:00.000Z" });
      expect(await core.db.prisma.qualityAssessment.count()).toBe(2);
      expect(await core.db.prisma.auditEvent.count({ where: { action: "quality.assess" } })).toBe(2);
      expect(await say("kim.lindahl", "uppfoljning vastby kvalitet 2026-11")).toContain(
        "bedömt 2026-11-13 09:00 av Kim Lindahl",
      );
    });

    it("counts lofte.e once a citizen summary is marked published (CLI or chat)", async (ctx) => {
      if (!core) return ctx.skip();
      const lines: string[] = [];
      expect(
        await runReportCommand(
          core,
          ["published", "--kommun", "vastby", "--from", "2026-11-01", "--to", "2026-11-30"],
          (t) => lines.push(t),
        ),
      ).toBe(0);
      expect(lines[0]).toContain("marked published");
      expect(await criterion("lofte.e")).toMatchObject({ status: "met", source: "computed" });
      expect((await criterion("lofte.e")).evidence).toContain("från kommandoraden");
      // a summary published after the period does not count for it
      expect((await criterion("lofte.e", rangePeriod("2026-10-01", "2026-10-31"))).status).toBe("to-assess");
      expect(await say("kim.lindahl", "uppfoljning vastby publicerad")).toContain("Skriv perioden");
      expect(await say("kim.lindahl", "uppfoljning vastby publicerad 2026-11")).toContain("är markerad publicerad");
      expect(await say("nils.ekman", "uppfoljning vastby publicerad 2026-11")).not.toContain("är markerad publicerad");
      expect((await criterion("lofte.e")).evidence).toContain("i chatten av Kim Lindahl");
      expect(await core.db.prisma.citizenSummaryPublication.count()).toBe(2);
    });

    it("puts every criterion with id, status, evidence and who/when in the report's data and files", async (ctx) => {
      if (!core) return ctx.skip();
      const data = await followUpReportData(core.ctx, kommun, november, "sv");
      const quality = data.quality.promises[0].criteria;
      expect(quality.map((c) => c.id)).toEqual([...CRITERIA]);
      for (const c of quality)
        expect(Object.keys(c)).toEqual(
          expect.arrayContaining(["id", "status", "evidence", "assessedBy", "assessedAt", "source", "text"]),
        );
      // as JSON (what `report --format json` prints): every criterion id, with status, evidence, who/when
      const json = JSON.parse(reportJson(data)).quality;
      expect(json.promises[0].criteria.map((c: { id: string }) => c.id)).toEqual([...CRITERIA]);
      for (const c of json.promises[0].criteria)
        expect(Object.keys(c)).toEqual(expect.arrayContaining(["status", "evidence", "assessedBy", "assessedAt"]));
      expect(json.counts).toEqual(data.quality.counts);
      expect(json.promises[0].criteria.find((c: { id: string }) => c.id === "lofte.c")).toMatchObject({
        status: "partly",
        assessedBy: "kim.lindahl",
        assessedAt: "2026-11-13T08:00:00.000Z",
      });
      const dir = mkdtempSync(join(tmpdir(), "loftesbot-quality-"));
      const lines: string[] = [];
      expect(
        await runReportCommand(core, ["--kommun", "vastby", "--period", "2026-11", "--out", dir], (t) => lines.push(t)),
      ).toBe(0);
      expect(lines.shift()).toBe(`Rapporten skrevs till ${dir}:`);
      const html = readFileSync(lines[0], "utf8");
      const md = readFileSync(lines[1], "utf8");
      expect(html).toContain("<h2>Prestation (kvalitet)</h2>");
      expect(html).toContain("7 av 11 i grupperna inbjudna (64 %)");
      expect(html).toContain("Kim Lindahl, 2026-11-13 09:00");
      expect(md).toContain("| vad.c | Resultatet återkopplas | uppfyllt (beräknat) |");
      expect(md).toContain("skickad till 7 personer");
    });

    it("links the three levels in two lines of the monthly follow-up", async (ctx) => {
      if (!core) return ctx.skip();
      const monthly = await monthlyFollowUp(core.ctx, "vastby", "2026-11", "sv");
      const text = replyAsPlainText(monthly!);
      const lines = text.split("\n");
      const first = lines.findIndex((l) => l.startsWith("Västby kommun – aktiviteter:"));
      expect(lines[first]).toMatch(
        /^Västby kommun – aktiviteter: 0 av 2 på målet i november · prestation: \d+ uppfyllda, \d+ delvis, \d+ inte uppfyllda, \d+ att bedöma$/,
      );
      expect(lines[first + 1]).toBe(
        "effekt: uppgift saknas 1 (indikatorer mot samma period ett år tidigare) · se /uppfoljning vastby kvalitet",
      );
    });

    it("writes a citizen draft with no name, note or free-text answer in any of its three forms", async (ctx) => {
      if (!core) return ctx.skip();
      core.clock.set("2026-12-01T08:00:00Z");
      const dir = mkdtempSync(join(tmpdir(), "loftesbot-citizen-"));
      const lines: string[] = [];
      expect(
        await runReportCommand(
          core,
          ["--kommun", "vastby", "--from", "2026-11-01", "--to", "2026-11-30", "--citizen", "--out", dir],
          (t) => lines.push(t),
        ),
      ).toBe(0);
      expect(lines.shift()).toBe(`Utkastet skrevs till ${dir}:`);
      expect(lines).toEqual([
        join(dir, "medborgare-vastby-2026-11-01_2026-11-30.html"),
        join(dir, "medborgare-vastby-2026-11-01_2026-11-30.md"),
        join(dir, "medborgare-vastby-2026-11-01_2026-11-30.txt"),
      ]);
      const [html, md, txt] = lines.map((l) => readFileSync(l, "utf8"));
      expect(md).toContain("Närvaro på torget: polisen lade 3 timmar, målet var 42,9 timmar.");
      expect(md).toContain("Trygghetsvandringar: 0 gånger, målet var 2.");
      expect(md).toContain("UTKAST");
      expect(md).not.toContain("förändrats"); // no effect data: nothing said about change
      expect(html).toContain("Polisen och kommunen lovade: ”Trygg i Västby – som [namn] bad om”");
      expect([...txt.trim()].length).toBeLessThanOrEqual(280);

      const people = await core.db.prisma.person.findMany({ select: { id: true, name: true } });
      expect(people.length).toBeGreaterThan(30); // the demo organisation and Västby's
      for (const content of [html, md, txt]) {
        for (const marker of PLANTED) expect(content).not.toContain(marker);
        expect(content).not.toContain("Tiden räcker inte");
        expect(content).not.toContain("Vi går mer på torget");
        for (const p of people) {
          expect(content, p.name).not.toContain(p.name);
          expect(content, p.id).not.toContain(p.id);
          const surname = p.name.split(" ").at(-1)!;
          expect(content, surname).not.toMatch(new RegExp(`(^|[^\\p{L}])${surname}($|[^\\p{L}])`, "u"));
        }
      }
    });

    it("end to end: indicators imported for what the promise aims at, then the report in three formats and the citizen summary", async (ctx) => {
      if (!core) return ctx.skip();
      // the promise (organisation file) aims at skadegörelse in Centrum; work is logged, a vad- and a hur-dialog ran
      // (the tests above). November 2025 → 2026: 60 → 30, RR 0,5, CI exp(ln 0,5 ∓ 1,96·√(1/60+1/30)) = 0,32–0,78
      // → a decrease of 50 %, uncertainty 22–68 %.
      const csv = [
        "kommun;omrade;indikator;period;varde;n",
        "vastby;Centrum;Anmälda brott: skadegörelse;2025-11;60;",
        "vastby;Centrum;Anmälda brott: skadegörelse;2026-11;30;",
      ].join("\n");
      const imported = await importIndicatorText(core.ctx, csv);
      expect(imported.ok).toBe(true);
      const json = JSON.parse(await followUpReportJson(core.ctx, kommun, november, "sv"));
      for (const p of json.quality.promises) expect(p.criteria.map((c: { id: string }) => c.id)).toEqual([...CRITERIA]);
      expect(json.quality.promises[0].criteria.find((c: { id: string }) => c.id === "vad.a").status).not.toBe(
        "to-assess",
      );
      expect(json.quality.promises[0].criteria.find((c: { id: string }) => c.id === "hur.a").status).toBe("met");
      expect(
        json.effect.indicators.map((i: { indicator: string; verdict: string }) => [i.indicator, i.verdict]),
      ).toEqual([["Anmälda brott: skadegörelse", "decrease"]]);
      expect(json.promises[0].activities[0].done).toBe(3);
      const dir = mkdtempSync(join(tmpdir(), "loftesbot-e2e-"));
      const files: string[] = [];
      expect(
        await runReportCommand(core, ["--kommun", "vastby", "--period", "2026-11", "--out", dir], (t) => files.push(t)),
      ).toBe(0);
      expect(files.shift()).toBe(`Rapporten skrevs till ${dir}:`);
      const html = readFileSync(files[0], "utf8");
      const md = readFileSync(files[1], "utf8");
      for (const doc of [html, md]) {
        expect(doc).toContain("Prestation (kvalitet)");
        expect(doc).toContain("Minskning 50 %, osäkerhet 22–68 % (60 → 30).");
      }
      const citizen: string[] = [];
      expect(
        await runReportCommand(core, ["--kommun", "vastby", "--period", "2026-11", "--citizen", "--out", dir], (t) =>
          citizen.push(t),
        ),
      ).toBe(0);
      expect(citizen.shift()).toBe(`Utkastet skrevs till ${dir}:`);
      const [cHtml, cMd, cTxt] = citizen.map((l) => readFileSync(l, "utf8"));
      expect(cMd).toContain("## Vad som har förändrats");
      expect(cMd).toContain(
        "Anmälda brott: skadegörelse (Centrum): 60 samma tid året före, 30 nu. Det är en minskning med ungefär 50 procent; med hänsyn till slumpen troligen mellan 22 och 68 procent.",
      );
      expect(cMd).not.toMatch(/effekt/i);
      const people = await core.db.prisma.person.findMany({ select: { id: true, name: true } });
      for (const content of [cHtml, cMd, cTxt]) {
        for (const marker of PLANTED) expect(content).not.toContain(marker);
        for (const p of people) expect(content, p.name).not.toContain(p.name);
      }
    });

    it("replaces a forgotten assessor's id in assessments and publications too", async (ctx) => {
      if (!core) return ctx.skip();
      const forgotten = await forgetPerson(core.ctx, "kim.lindahl", core.clock.now());
      expect(forgotten).not.toBeNull();
      const assessments = await core.db.prisma.qualityAssessment.findMany();
      expect(assessments.map((a) => a.assessedById)).toEqual([forgotten!.newId, forgotten!.newId]);
      const published = await core.db.prisma.citizenSummaryPublication.findMany({ where: { source: "chat" } });
      expect(published.map((p) => p.publishedById)).toEqual([forgotten!.newId]);
      expect((await criterion("lofte.c")).assessedByName).not.toContain("Kim");
    });

    it("keeps the short text to 280 characters however many and long the activities", async (ctx) => {
      if (!core) return ctx.skip();
      const long = "Hastighetskontroller vid skolorna på Storgatan, Skolvägen och Kyrkbacken";
      for (let n = 0; n <= 12; n++) {
        const items = Array.from({ length: n }, (_, i) => `${long} ${i} 12 ggr (mål 18)`);
        const text = shortText("Medborgarlöfte Västby kommun 2026-11-01–2026-11-30:", items, "med mera");
        expect([...text].length).toBeLessThanOrEqual(280);
        if (n > 3) expect(text.endsWith("med mera.")).toBe(true);
      }
      // even an intro over the limit is cut, never overrun
      expect([...shortText("x".repeat(400), ["a"], "med mera")].length).toBe(280);
      // the draft itself, with the real data
      const draft = await citizenDraft(core.ctx, kommun, november, "sv");
      expect([...draft.short].length).toBeLessThanOrEqual(280);
      expect(citizenFiles(draft, "sv").text.trim()).toBe(draft.short);
    });
  });
}
