// Follow-up on SQLite and PostgreSQL, against the seeded dataset of
// test/support/followUpData.ts (figures computed by hand there and here):
// the gruppchef digest and its suggestion, /uppfoljning with its role checks
// and audit, the monthly follow-up with its escalations, the written report,
// the exports, and the digest's buttons.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importOrganisationText } from "../../../../src/organisation/organisationStore.js";
import { replyAsPlainText } from "../../../../src/core/reply.js";
import { DeliveryLedger } from "../../../../src/schedules/deliveryLedger.js";
import { JobRunner } from "../../../../src/schedules/jobRunner.js";
import { registry } from "../../../../src/features/index.js";
import { runReportCommand } from "../../../../src/app/cli/report.js";
import {
  FORWARD_STATUS_ACTION,
  groupDigest,
  groupLeaders,
  POLL_RESULTS_ACTION,
} from "../../../../src/features/digest/index.js";
import { monthlyFollowUp } from "../../../../src/features/followup/index.js";
import { weeklyStatus } from "../../../../src/features/status/index.js";
import { runExportCommand } from "../../../../src/app/cli/progressExport.js";
import { RecordingSender } from "../../../support/recordingSender.js";
import { openTestCore, type TestCore } from "../../../support/core.js";
import { databaseKinds } from "../../../support/databases.js";
import { DIGEST_AT, seedFollowUp } from "../../../support/followUpData.js";

const SODRA = `
lpo: { id: sodra, name: LPO Södra }
kommuner:
  - { id: sodertorp, name: Södertorps kommun }
groups:
  - { id: s-ig-1, name: Södra IG 1, kind: ig, lead: stina.gc }
people:
  - { id: kim.kp, name: Kim Kommunpolis, roles: [kommunpolis], groups: [] }
  - { id: stina.gc, name: Stina Gruppchef, roles: [gruppchef], groups: [s-ig-1] }
promises:
  - id: sodertorp-2026
    kommun: sodertorp
    title: Medborgarlöfte Södertorp 2026
    from: 2026-01-01
    to: 2026-12-31
    activities:
      - code: L1
        name: Närvaro i centrum
        aliases: [närvaro]
        target: { amount: 10, unit: timmar, per: vecka }
`;

for (const kind of databaseKinds) {
  describe(`follow-up on ${kind}`, () => {
    let core: TestCore | null;
    beforeAll(async () => {
      core = await openTestCore(kind, { now: "2026-08-01T08:00:00Z" });
      if (!core) return;
      await seedFollowUp(core);
      const sodra = await importOrganisationText(core.db.prisma, SODRA, "2026-08-01");
      if (!sodra.ok) throw new Error(JSON.stringify(sodra.errors));
    });
    afterAll(async () => {
      await core?.drop();
    });

    const reply = (person: string, text: string) =>
      core!.bot.handleMessage({ platform: "console", userId: person, text });
    const say = async (person: string, text: string) => replyAsPlainText(await reply(person, text));
    /** the digest, as if the previous week's had suggested `previous` */
    const digestOfWith = async (leaderId: string, previous: string | null) => {
      const leader = (await groupLeaders(core!.ctx, "norrdal")).find((l) => l.id === leaderId)!;
      const digest = await groupDigest(core!.ctx, leader, new Date(DIGEST_AT), { previous });
      if (!digest) throw new Error(`no digest for ${leaderId}`);
      return { digest, text: replyAsPlainText(digest) };
    };
    const digestOf = (leaderId: string) => digestOfWith(leaderId, null);
    const audits = (action: string, actorId?: string | null) =>
      core!.db.prisma.auditEvent.findMany({
        where: { action, ...(actorId !== undefined ? { actorId } : {}) },
        orderBy: { at: "asc" },
      });

    describe("the gruppchef digest", () => {
      it("gives Anna Berg (IG Turlag 1) this week, the month so far, trend and baseline per activity", async (ctx) => {
        if (!core) return ctx.skip();
        const { text } = await digestOf("anna.berg");
        for (const line of [
          "Veckosammanfattning för gruppchefen – v. 47",
          "3 av 5 i IG Turlag 1 har loggat något denna vecka.",
          // L1: 20 h per week. W47 so far 6 h (Ali and Emma, 3 h each) + 4 h ig-3; W43–46: 6, 4, 8, 2 (average 5)
          // the group's own part leads (its 4 h of the 20, as the promise sets it), the LPO's total labelled as such
          "Vecka 47 hittills: IG Turlag 1: 6 av 4 h (150 %) · hela LPO: 10 av 20 h – 71 % av perioden har gått, 2 dagar kvar",
          "IG Turlag 1 denna vecka: 6 h",
          "Trend hela LPO v. 43–46: 6 → 4 → 8 → 2 · denna vecka 10 mot snittet 5 ↗ · IG Turlag 1: 6 → 4 → 5 → 2",
          "Er andel enligt löftet: 4 h av 20 h",
          "Utgångsläge hela LPO 8 h per vecka; de fyra senaste veckorna motsvarar 5 h per vecka ↘",
          // L2: 6 per month since 16 Nov, split by members (5 of the 20 in the four IG groups): 1,5 for ig-1;
          // November 5th (ig-3) and 17th (ig-1, one occasion for two people)
          "November hittills: IG Turlag 1: 1 av 1,5 tillfällen (67 %) · hela LPO: 2 av 6 tillfällen – 67 % av perioden har gått, 10 dagar kvar",
          "Er andel efter antal medlemmar (5 av 20 i de 4 grupperna): 1,5 tillfällen av 6 tillfällen",
          "IG Turlag 1: 1 tillfälle denna vecka, 1 tillfälle i november",
          "Trend hela LPO v. 43–46: 1 → 0 → 1 → 0 · denna vecka 1 mot snittet 0,5 ↗",
          // 0,5 per week × 52/12 weeks per month = 2,17
          "Utgångsläge hela LPO 1 tillfälle per månad; de fyra senaste veckorna motsvarar 2,2 tillfällen per månad ↗",
          // L3: 6 per month; 2 (ig-2, 11 Nov) + 3 (ig-1, 18 Nov)
          "November hittills: IG Turlag 1: 3 av 1,5 tillfällen (200 %) · hela LPO: 5 av 6 tillfällen",
          "IG Turlag 1: 3 tillfällen denna vecka, 3 tillfällen i november",
          "Utgångsläge hela LPO 3 tillfällen per månad; de fyra senaste veckorna motsvarar 4,3 tillfällen per månad ↗",
          // polls: rates only, with the anonymity threshold (5): 2 of 5 answered in ig-1
          "Öppen: ”Trygghet i centrum” – färre än 5 av de 5 i IG Turlag 1 har svarat hittills, stänger 27 november.",
          "Stängd 6 november, resultatet väntar på återkoppling: ”Hur arbetar vi med hastighet?”.",
          // IG Turlag 1 is on pace with its own part of every activity (the LPO's L2 is behind, but that is not
          // Anna's group's task): the suggestion is her group's dialogue answers
          "Förslag: Färre än 5 av de 5 i IG Turlag 1 har svarat på dialogen ”Trygghet i centrum”",
        ])
          expect(text).toContain(line);
        expect(text).not.toMatch(/Ali Hassan|Emma Lund|Oskar Nyberg/);
      });

      for (const [leaderId, suggestion] of [
        ["johan.lindqvist", "Ingen av de 5 i IG Turlag 2 har loggat något på löftena denna vecka."],
        [
          "sara.nilsson",
          // IG Turlag 3's own part: 4 of the 8 h, split by members with IG Turlag 4 (5 and 5)
          "IG Turlag 3 ligger efter på L1 Ökad polisiär närvaro vid resecentrum fredag och lördag kväll (Åsby kommun): 0 av 4 h denna vecka, 2 dagar kvar. Återstår för er: 4 h – ungefär 2 h per dag; lägg in det på de närmaste passen och logga med `/logga 1,5h närvaro`.",
        ],
        ["mikael.holm", "Ingen av de 5 i IG Turlag 4 har loggat något på löftena denna vecka."],
        [
          "karin.sjoberg",
          // its own 4 h of Norrdal's L1 (0 done, 71 % of the week gone) is further behind than Åsby's L4 (0 of 1, 67 %)
          "Områdespolisgruppen Norrdal–Åsby ligger efter på L1 Ökad polisiär närvaro på Torget (Norrdals kommun): 0 av 4 h denna vecka, 2 dagar kvar. Återstår för er: 4 h – ungefär 2 h per dag",
        ],
      ]) {
        it(`gives ${leaderId} one suggestion computed from the data`, async (ctx) => {
          if (!core) return ctx.skip();
          const { text } = await digestOf(leaderId);
          expect(text).toContain(`💡 Förslag: ${suggestion}`);
          expect(text.match(/Förslag:/g)).toHaveLength(1);
        });
      }

      it("speaks English to a leader who reads English", async (ctx) => {
        if (!core) return ctx.skip();
        await core.db.prisma.person.update({ where: { id: "anna.berg" }, data: { lang: "en" } });
        try {
          const { text } = await digestOf("anna.berg");
          for (const line of [
            "Weekly digest for the group leader – w. 47",
            "3 of 5 in IG Turlag 1 have logged something this week.",
            "November so far: IG Turlag 1: 1 of 1.5 occasions (67 %) · whole LPO: 2 of 6 occasions – 67 % of the period has passed, 10 days left",
            "Your share by members (5 of 20 in the 4 groups): 1.5 occasions of 6 occasions",
            "Baseline whole LPO 1 occasion per month; the last four weeks come to 2.2 occasions per month ↗",
            "Suggestion: Fewer than 5 of the 5 in IG Turlag 1 have answered the dialogue “Trygghet i centrum”",
          ])
            expect(text).toContain(line);
          expect(await say("anna.berg", "uppfoljning norrdal 2026-11")).toContain(
            "L1 Ökad polisiär närvaro på Torget: 20 of 85.7 h (23 %)",
          );
        } finally {
          await core.db.prisma.person.update({ where: { id: "anna.berg" }, data: { lang: null } });
        }
      });

      it("shows who logged only when the LPO has turned names on", async (ctx) => {
        if (!core) return ctx.skip();
        await core.db.prisma.lpo.update({ where: { id: "norrdal" }, data: { showNamesInDigest: true } });
        try {
          const { text } = await digestOf("anna.berg");
          expect(text).toContain(
            "3 av 5 i IG Turlag 1 har loggat något denna vecka. Har loggat: Ali Hassan, Emma Lund, Oskar Nyberg. Inte än: Anna Berg, Sofia Karlsson.",
          );
          // with names on, who logged nothing is one of the suggestions the weeks take in turn (after the poll)
          const { text: next } = await digestOfWith("anna.berg", "pollRate:IG Turlag 1:Trygghet i centrum");
          expect(next).toContain(
            "💡 Förslag: Anna Berg, Sofia Karlsson i IG Turlag 1 har inte loggat något denna vecka. Fråga på nästa genomgång om de arbetat med L1 Ökad polisiär närvaro på Torget",
          );
        } finally {
          await core.db.prisma.lpo.update({ where: { id: "norrdal" }, data: { showNamesInDigest: false } });
        }
      });

      it("never shows a response rate under the threshold, and protects the group that would reveal it", async (ctx) => {
        if (!core) return ctx.skip();
        // ig-2: 5 of 5 answered, but ig-1's count would follow from the total (7) minus it
        const { text } = await digestOf("johan.lindqvist");
        expect(text).toContain("svarsfrekvensen för IG Turlag 2 visas inte");
        expect(text).not.toMatch(/5 av 5|100 %/);
      });

      it("has buttons to forward the status and to open the poll results", async (ctx) => {
        if (!core) return ctx.skip();
        const { digest } = await digestOf("anna.berg");
        const buttons = digest.blocks.flatMap((b) => (b.kind === "actions" ? b.buttons : []));
        expect(buttons.map((b) => [b.label, b.action.id, b.action.value])).toEqual([
          ["Skicka status till IG Turlag 1", FORWARD_STATUS_ACTION, "ig-1"],
          ["Resultat: Hur arbetar vi med hastighet?", POLL_RESULTS_ACTION, "p-closed"],
          ["Resultat: Trygghet i centrum", POLL_RESULTS_ACTION, "p-open"],
        ]);
        // IG Turlag 3 has no bound channel: no button, a hint instead
        const sara = await digestOf("sara.nilsson");
        expect(sara.text).toContain("Koppla en med `/loftesbot koppla ig-3`");
      });
    });

    describe("the digest's buttons", () => {
      const press = (person: string, id: string, value: string) =>
        core!.bot.handleAction({ platform: "console", userId: person, action: { id, value } });

      it("forwards the group's weekly status to each bound channel exactly once", async (ctx) => {
        if (!core) return ctx.skip();
        core.clock.set(DIGEST_AT);
        const queued = replyAsPlainText(await press("anna.berg", FORWARD_STATUS_ACTION, "ig-1"));
        expect(queued).toContain("Veckostatus för IG Turlag 1 är köad");
        expect(replyAsPlainText(await press("anna.berg", FORWARD_STATUS_ACTION, "ig-1"))).toContain("köades redan");
        expect(replyAsPlainText(await press("johan.lindqvist", FORWARD_STATUS_ACTION, "ig-1"))).toContain(
          "Bara gruppchefen för IG Turlag 1",
        );
        expect(replyAsPlainText(await press("sara.nilsson", FORWARD_STATUS_ACTION, "ig-3"))).toContain(
          "IG Turlag 3 har ingen kopplad kanal",
        );

        const slack = new RecordingSender("slack", { delayMs: 2 });
        const teams = new RecordingSender("teams", { delayMs: 2 });
        const job = registry.job("forward-status")!;
        const runner = (id: string) =>
          new JobRunner({ ctx: core!.ctx, ledger: new DeliveryLedger(core!.db.prisma, id), senders: { slack, teams } });
        core.clock.advance(60_000);
        const first = await runner("a").run(job, core.clock.now(), ["norrdal"]);
        const again = await runner("b").run(job, core.clock.now(), ["norrdal"]);
        expect([first.sent, again.sent, again.alreadyDone]).toEqual([2, 0, 2]);
        expect(slack.sent.map((s) => s.to)).toEqual([{ kind: "channel", channelId: "C0DEMOIG1" }]);
        expect(teams.sent.map((s) => s.to)).toEqual([{ kind: "channel", channelId: "19:demoigturlag1@thread.tacv2" }]);
        expect(slack.sent[0].reply.text).toContain("Veckostatus medborgarlöften – IG Turlag 1, v. 47");

        // with the platforms wired the status goes out at once, and the job has nothing left to send
        core.clock.advance(11 * 60_000);
        const wired = await core.withSenders({ slack, teams });
        try {
          const pressed = await wired.bot.handleAction({
            platform: "console",
            userId: "anna.berg",
            action: { id: FORWARD_STATUS_ACTION, value: "ig-1" },
          });
          expect(replyAsPlainText(pressed)).toContain("är skickad till gruppens kanal i Slack och Teams");
        } finally {
          await wired.close();
        }
        expect(slack.sent).toHaveLength(2);
        const after = await runner("a").run(job, core.clock.now(), ["norrdal"]);
        expect([after.sent, after.alreadyDone]).toEqual([0, 4]);
        expect((await audits("followup.forward", "anna.berg")).length).toBe(2);

        // only Teams on in this process: the confirmation names Teams, and says Slack is off
        core.clock.advance(11 * 60_000);
        const teamsOnly = await core.withSenders({ teams });
        try {
          const pressed = await teamsOnly.bot.handleAction({
            platform: "console",
            userId: "anna.berg",
            action: { id: FORWARD_STATUS_ACTION, value: "ig-1" },
          });
          const text = replyAsPlainText(pressed);
          expect(text).toContain("är skickad till gruppens kanal i Teams.");
          expect(text).not.toContain("Slack och Teams");
          expect(text).toContain("Slack är inte påslaget här, så inget skickas dit.");
        } finally {
          await teamsOnly.close();
        }
      });

      it("opens a poll's results through the poll feature's `/dialog resultat`", async (ctx) => {
        if (!core) return ctx.skip();
        // the poll feature answers the button the same as the typed command: it decides who may see what
        const pressed = await press("anna.berg", POLL_RESULTS_ACTION, "p-closed");
        const typed = await reply("anna.berg", "/dialog resultat p-closed");
        expect(replyAsPlainText(pressed)).toBe(replyAsPlainText(typed));
        expect(replyAsPlainText(pressed)).toContain("Hur arbetar vi med hastighet?");
        // and someone who may not see them is told so the same way
        const outsider = await press("ali.hassan", POLL_RESULTS_ACTION, "p-closed");
        expect(replyAsPlainText(outsider)).toBe(
          replyAsPlainText(await reply("ali.hassan", "/dialog resultat p-closed")),
        );
      });
    });

    describe("/uppfoljning", () => {
      it("shows a kommunpolis every group's figures for the month, with the month before, baseline and a chart", async (ctx) => {
        if (!core) return ctx.skip();
        core.clock.set(DIGEST_AT);
        const r = await reply("erik.johansson", "/uppföljning Norrdal 2026-11");
        const text = replyAsPlainText(r);
        for (const line of [
          "== Uppföljning Norrdals kommun – november 2026 ==",
          "2026-11-01 – 2026-11-30 · 67 % av perioden har gått · jämfört med oktober 2026",
          // L1: 20 h per week over November's 30 days = 85,7 h; baseline 8 × 30/7 = 34,3 h
          "L1 Ökad polisiär närvaro på Torget: 20 av 85,7 h (23 %)",
          // each group against its own part (a fifth of 85,7 h: 4 of the 20 h each), the total labelled the LPO's
          "IG Turlag 1: 13 av 17,1 h (76 %)\nIG Turlag 2: 3 h av 17,1 h (17 %)\nIG Turlag 3: 4 h av 17,1 h (23 %)\nIG Turlag 4: 0 av 17,1 h (0 %)\nOmrådespolisgruppen Norrdal–Åsby: 0 av 17,1 h (0 %)\nHela LPO: 20 av 85,7 h",
          "oktober 2026: 16 av 88,6 h ↗ · Utgångsläge för perioden: 34,3 h · Mål: 20 h per vecka · Resurser: 20 h loggade, 4 personer, 6 loggningar",
          // L2: the target in force for November is 6
          "L2 Hastighetskontroller vid skolorna på Storgatan och Skolvägen: 2 av 6 tillfällen (33 %)",
          "oktober 2026: 3 av 4 tillfällen ↘ · Utgångsläge för perioden: 1 tillfälle · Mål: 6 tillfällen per månad",
          "L3 Rattfyllerikontroller: 5 av 6 tillfällen (83 %)",
          // L4: 2 per quarter → 2 × 30/92 for November
          "L4 Trygghetsvandringar i centrum och Norrdalsparken: 1 av 0,7 tillfällen (153 %)",
        ])
          expect(text).toContain(line);
        const image = r.blocks.find((b) => b.kind === "image");
        expect(image?.kind).toBe("image");
        if (image?.kind !== "image") return;
        expect([...image.png.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
        expect(image.alt).toContain(
          "L1 Ökad polisiär närvaro på Torget (timmar): v44 0 (mål 2,9), v45 8 (mål 20), v46 2 (mål 20), v47 10 (mål 20)",
        );
      });

      for (const [period, lines] of [
        // Q3: L1 94,5 h in August against 20 × 92/7; L2 1 + 2 against 4 × 3
        [
          "2026-Q3",
          ["kvartal 3 2026", "L1 Ökad polisiär närvaro på Torget: 94,5 av 262,9 h (36 %)", "3 av 12 tillfällen (25 %)"],
        ],
        // week 47: L2's monthly 6 is 6 × 7/30 = 1,4 for the week
        ["v47", ["v. 47 2026", "L1 Ökad polisiär närvaro på Torget: 10 av 20 h (50 %)", "1 av 1,4 tillfällen (71 %)"]],
        ["2026-W47", ["v. 47 2026", "jämfört med v. 46 2026"]],
        [
          "2026-08-01..2026-10-31",
          [
            "2026-08-01 – 2026-10-31",
            "L1 Ökad polisiär närvaro på Torget: 110,5 av 262,9 h (42 %)",
            "6 av 12 tillfällen (50 %)",
          ],
        ],
        ["", ["november 2026"]],
      ] as const) {
        it(`any period: ${JSON.stringify(period)}`, async (ctx) => {
          if (!core) return ctx.skip();
          const text = await say("per.andersson", `uppfoljning norrdal ${period}`.trim());
          for (const line of lines) expect(text).toContain(line);
        });
      }

      it("explains what went wrong, with the right form", async (ctx) => {
        if (!core) return ctx.skip();
        expect(await say("erik.johansson", "uppfoljning norrdal nästa")).toContain(
          '"nästa" är ingen period jag känner igen. Skriv t.ex. `2026-11`',
        );
        expect(await say("erik.johansson", "uppfoljning göteborg")).toContain(
          'Jag hittar ingen kommun "göteborg" i ditt LPO. Kommuner: norrdal, asby.',
        );
        expect(await say("erik.johansson", "uppfoljning asby 2026-10")).toContain(
          "Uppföljning Åsby kommun – oktober 2026",
        );
      });

      it("opens a form without text, and the form gives the same follow-up", async (ctx) => {
        if (!core) return ctx.skip();
        const opened = await core.bot.openForm("console", "erik.johansson", "uppfoljning");
        expect(opened.kind).toBe("form");
        if (opened.kind !== "form") return;
        expect(opened.form.fields.map((f) => f.name)).toEqual(["kommun", "period"]);
        const refused = await core.bot.submitForm({
          platform: "console",
          userId: "erik.johansson",
          formId: opened.form.id,
          state: opened.form.state,
          values: { kommun: "norrdal", period: "v99" },
        });
        expect(refused.kind).toBe("errors");
        const done = await core.bot.submitForm({
          platform: "console",
          userId: "erik.johansson",
          formId: opened.form.id,
          state: opened.form.state,
          values: { kommun: "norrdal", period: "2026-10" },
        });
        expect(done.kind === "done" && done.reply.text).toContain("Uppföljning Norrdals kommun – oktober 2026");
      });

      it("refuses a medarbetare, says who may, and audits the refusal", async (ctx) => {
        if (!core) return ctx.skip();
        const before = (await audits("followup.refused", "ali.hassan")).length;
        expect(await say("ali.hassan", "uppfoljning norrdal")).toContain(
          "Uppföljningen kan läsas av kommunpoliser, gruppchefer, LPO-chefen och administratörer.",
        );
        expect((await core.bot.openForm("console", "ali.hassan", "uppfoljning")).kind).toBe("reply");
        expect((await audits("followup.refused", "ali.hassan")).length).toBe(before + 2);
        expect(await audits("followup.view", "ali.hassan")).toHaveLength(0);
      });

      it("shows a gruppchef only their own groups' rows, with the kommun's totals", async (ctx) => {
        if (!core) return ctx.skip();
        const text = await say("anna.berg", "uppfoljning norrdal 2026-11");
        expect(text).toContain(
          "L1 Ökad polisiär närvaro på Torget: 20 av 85,7 h (23 %)\nIG Turlag 1: 13 av 17,1 h (76 %)\nHela LPO: 20 av 85,7 h",
        );
        expect(text).toContain("Du ser dina egna gruppers siffror (IG Turlag 1) och kommunens totaler.");
        expect(text).not.toMatch(/IG Turlag [234]|Områdespolisgruppen/);
      });

      for (const person of ["per.andersson", "maria.ekstrom", "lena.forsberg"])
        it(`shows ${person} (lpo-chef, admin, kommunpolis) every group of the LPO`, async (ctx) => {
          if (!core) return ctx.skip();
          const text = await say(person, "uppfoljning norrdal 2026-11");
          expect(text).toContain("IG Turlag 2: 3 h av 17,1 h (17 %)\nIG Turlag 3: 4 h av 17,1 h (23 %)");
          expect(text).not.toContain("Du ser dina egna gruppers siffror");
        });

      it("shows a person of another LPO nothing of this one, and their own kommun", async (ctx) => {
        if (!core) return ctx.skip();
        for (const person of ["kim.kp", "stina.gc"]) {
          const text = await say(person, "uppfoljning norrdal 2026-11");
          expect(text).toContain('Jag hittar ingen kommun "norrdal" i ditt LPO. Kommuner: sodertorp.');
          expect(text).not.toContain("Torget");
        }
        expect(await say("kim.kp", "uppfoljning 2026-11")).toContain("Uppföljning Södertorps kommun – november 2026");
        expect((await audits("followup.view", "kim.kp")).map((a) => a.subject)).toEqual(["sodertorp"]);
      });

      it("audits every view with the kommun and the period", async (ctx) => {
        if (!core) return ctx.skip();
        const before = (await audits("followup.view", "lena.forsberg")).length;
        await say("lena.forsberg", "uppfoljning asby 2026-Q3");
        const views = await audits("followup.view", "lena.forsberg");
        expect(views).toHaveLength(before + 1);
        expect(views.at(-1)?.subject).toBe("asby");
        expect(JSON.parse(views.at(-1)?.detail ?? "{}")).toMatchObject({
          kind: "chat",
          period: "2026-Q3",
          from: "2026-07-01",
          to: "2026-09-30",
          groups: "all",
        });
        const anna = await audits("followup.view", "anna.berg");
        expect(JSON.parse(anna.at(-1)?.detail ?? "{}").groups).toEqual(["ig-1"]);
      });
    });

    describe("the monthly follow-up", () => {
      it("October: per activity and group against target, the month before, baseline and the period so far", async (ctx) => {
        if (!core) return ctx.skip();
        core.clock.set("2026-11-01T07:00:00Z");
        try {
          const monthly = await monthlyFollowUp(core.ctx, "norrdal", "2026-10", "sv");
          const text = replyAsPlainText(monthly!);
          for (const line of [
            "== Månadsuppföljning oktober 2026 – LPO Norrdal ==",
            "L1 Ökad polisiär närvaro på Torget: 16 av 88,6 h i oktober (18 %)",
            "IG Turlag 1: 16 h\nIG Turlag 2: 0 h",
            // September is the month with nothing on L1; Jan–Oct target 20 × 304/7 = 868,6 h; done 94,5 + 16
            "september 2026: 0 av 85,7 h ↗ · Utgångsläge för perioden: 35,4 h · löftesperioden 2026-01-01 – 2026-10-31: 110,5 av 868,6 h (13 %) · Resurser: 16 h loggade, 2 personer, 5 loggningar",
            "L2 Hastighetskontroller vid skolorna på Storgatan och Skolvägen: 3 av 4 tillfällen i oktober (75 %)",
            "september 2026: 2 av 4 tillfällen ↗ · Utgångsläge för perioden: 1 tillfälle · löftesperioden 2026-01-01 – 2026-10-31: 6 av 40 tillfällen (15 %)",
            "L3 Rattfyllerikontroller: 6 av 6 tillfällen i oktober (100 %)",
            "”Hur arbetar vi med hastighet?” (hur-dialog): väntar på återkoppling, 5 av 5 har svarat (100 %)",
            "”Problem vid skolorna” (vad-dialog): återkopplad, färre än 5 svar",
            // behind in August, September and October: L2 (1, 2, 3 of 4); L1 met August; Åsby's untouched activities
            "L2 Hastighetskontroller vid skolorna på Storgatan och Skolvägen (Norrdals kommun): augusti 1 av 4 tillfällen, september 2 av 4 tillfällen, oktober 3 av 4 tillfällen",
            "L1 Ökad polisiär närvaro vid resecentrum fredag och lördag kväll (Åsby kommun): augusti 0 av 35,4 h, september 0 av 34,3 h, oktober 0 av 35,4 h",
          ])
            expect(text).toContain(line);
          expect(monthly!.text).toContain(
            "Efter målet tre månader i rad: L2 (Norrdals kommun), L1 (Åsby kommun), L2 (Åsby kommun), L4 (Åsby kommun).",
          );
        } finally {
          core.clock.set(DIGEST_AT);
        }
      });

      it("November: the missed September makes L1 an escalation, and L2 stays one across the target change", async (ctx) => {
        if (!core) return ctx.skip();
        core.clock.set("2026-12-01T07:00:00Z");
        try {
          const text = replyAsPlainText((await monthlyFollowUp(core.ctx, "norrdal", "2026-11", "sv"))!);
          expect(text).toContain(
            "L1 Ökad polisiär närvaro på Torget (Norrdals kommun): september 0 av 85,7 h, oktober 16 av 88,6 h, november 20 av 85,7 h",
          );
          expect(text).toContain(
            "L2 Hastighetskontroller vid skolorna på Storgatan och Skolvägen (Norrdals kommun): september 2 av 4 tillfällen, oktober 3 av 4 tillfällen, november 2 av 6 tillfällen",
          );
          expect(text).not.toContain("L3 Rattfyllerikontroller (Norrdals kommun):");
          // closed on 27 November without a follow-up note yet
          expect(text).toContain(
            "”Trygghet i centrum” (vad-dialog): väntar på återkoppling, 7 av 10 har svarat (70 %)",
          );
        } finally {
          core.clock.set(DIGEST_AT);
        }
      });
    });

    describe("the written report", () => {
      it("writes HTML with embedded charts and Markdown, with figures per month, polls and blank assessment", async (ctx) => {
        if (!core) return ctx.skip();
        const dir = mkdtempSync(join(tmpdir(), "loftesbot-report-"));
        const lines: string[] = [];
        const code = await runReportCommand(
          core,
          ["--kommun", "Norrdal", "--from", "2026-08-01", "--to", "2026-11-30", "--out", dir],
          (t) => lines.push(t),
        );
        expect(code).toBe(0);
        expect(lines.shift()).toBe(`Rapporten skrevs till ${dir}:`);
        expect(lines).toEqual([
          join(dir, "uppfoljning-norrdal-2026-08-01_2026-11-30.html"),
          join(dir, "uppfoljning-norrdal-2026-08-01_2026-11-30.md"),
          join(dir, "uppfoljning-norrdal-2026-08-01_2026-11-30-norrdal-2026.png"),
        ]);
        const html = readFileSync(lines[0], "utf8");
        expect(html).toMatch(
          /<img src="data:image\/png;base64,iVBORw0KGgo[A-Za-z0-9+/=]+" alt="Diagram, utfört mot mål: L1/,
        );
        for (const fragment of [
          "<h1>Uppföljning av medborgarlöften – Norrdals kommun</h1>",
          // L1: 94,5 + 0 + 16 + 20 h against 20 h × 122/7 days; 4 people in 32 entries
          '<td>L1 Ökad polisiär närvaro på Torget</td><td>timmar</td><td class="num">130,5</td><td class="num">348,6</td><td class="num">37 %</td><td class="num">139,4</td><td class="num">130,5</td><td class="num">4</td>',
          "Resurser: 130,5 h loggade, 4 personer, 32 loggningar.",
          '<td>september 2026</td><td class="num">0</td><td class="num">85,7</td><td class="num">0 %</td>',
          "Målet ändrades 2026-11-16 till 6 tillfällen per månad (tidigare 4 tillfällen per månad).",
          "Utfört: 8 av 18 tillfällen (44 % av målet för perioden).",
          '<td>Hur arbetar vi med hastighet?</td><td>hur-dialog</td><td>2026-10-26 – 2026-11-06</td><td>väntar på återkoppling</td><td class="num">5</td><td>5 (100 %)</td>',
          "Vi lägger fler pass vid skolorna på morgonen.",
          "<h2>Prestation (kvalitet)</h2>",
          "<h2>Effekt</h2>",
        ])
          expect(html).toContain(fragment);
        const markdown = readFileSync(lines[1], "utf8");
        expect(markdown).toContain("| augusti 2026 | 94,5 | 88,6 | 107 % | 35,4 | 58,5 | 36 | 0 | 0 | 0 | 94,5 | 2 |");
        expect(markdown).toContain("| Hela rapportperioden | 8 | 18 | 44 % | 4 | 5 | 1 | 2 | 0 | 0 | 4 |");
        expect(markdown).toContain("](uppfoljning-norrdal-2026-08-01_2026-11-30-norrdal-2026.png)");
        // each group's part of each target over the period; L2's target history (4, then 6 per month from
        // 16 November: 18 in all) splits the same way, a quarter by members
        expect(markdown).toContain("| IG Turlag 1 | 20 % enligt löftet | 87,5 | 69,7 | 126 % | 27,9 |");
        expect(markdown).toContain("| IG Turlag 1 | 25 % efter antal medlemmar (5 av 20) | 5 | 4,5 | 111 % | 1 |");
        expect(markdown).toContain("| Hela LPO | 100 % | 8 | 18 | 44 % | 4 |");
        expect(markdown).toContain("## Effekt");
        const audit = (await audits("followup.view", null)).find((a) => a.subject === "norrdal");
        expect(JSON.parse(audit?.detail ?? "{}")).toMatchObject({
          kind: "report",
          from: "2026-08-01",
          to: "2026-11-30",
        });
      });

      it("refuses an unknown kommun or a bad range", async (ctx) => {
        if (!core) return ctx.skip();
        const lines: string[] = [];
        expect(await runReportCommand(core, ["--kommun", "x"], (t) => lines.push(t))).toBe(2);
        expect(
          await runReportCommand(core, ["--kommun", "asby", "--from", "2026-09-01", "--to", "2026-08-01"], (t) =>
            lines.push(t),
          ),
        ).toBe(2);
        expect(lines.join("\n")).toContain("--kommun must be one of asby, norrdal, sodertorp");
      });
    });

    describe("exports", () => {
      const run = async (args: string[], tty = false) => {
        let stdout = "";
        let stderr = "";
        const code = await runExportCommand(
          core!,
          args,
          (t) => {
            stderr += `${t}\n`;
          },
          {
            stdout: {
              write: (t: string) => {
                stdout += t;
                return true;
              },
            },
            stderr: {
              isTTY: tty,
              write: (t: string) => {
                stderr += t;
                return true;
              },
            },
          },
        );
        return { code, stdout, stderr };
      };

      it("progress per activity × month × group, for Swedish Excel", async (ctx) => {
        if (!core) return ctx.skip();
        const { code, stdout, stderr } = await run(["progress", "--from", "2026-10-01", "--to", "2026-11-30"]);
        expect(code).toBe(0);
        expect(stderr).toBe("");
        expect(
          stdout.startsWith(
            "\uFEFFkommun;promise;activity;activityName;month;from;to;group;groupName;unit;done;target;baseline\r\n",
          ),
        ).toBe(true);
        expect(stdout).toContain(
          "norrdal;norrdal-2026;L1;Ökad polisiär närvaro på Torget;2026-10;2026-10-01;2026-10-31;;Alla grupper;timmar;16;88,57;35,43\r\n",
        );
        expect(stdout).toContain(
          "norrdal;norrdal-2026;L1;Ökad polisiär närvaro på Torget;2026-11;2026-11-01;2026-11-30;ig-1;IG Turlag 1;timmar;13;;\r\n",
        );
        expect(stdout).toContain(
          "norrdal;norrdal-2026;L2;Hastighetskontroller vid skolorna på Storgatan och Skolvägen;2026-11;2026-11-01;2026-11-30;;Alla grupper;tillfällen;2;6;1\r\n",
        );
        const json = await run(["progress", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "json"]);
        const rows = json.stdout
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l));
        expect(rows).toContainEqual({
          kommun: "norrdal",
          promise: "norrdal-2026",
          activity: "L2",
          activityName: "Hastighetskontroller vid skolorna på Storgatan och Skolvägen",
          month: "2026-11",
          from: "2026-11-01",
          to: "2026-11-30",
          group: "ig-3",
          groupName: "IG Turlag 3",
          unit: "tillfällen",
          done: 1,
          target: null,
          baseline: null,
        });
      });

      it("draws a progress bar on a terminal for a large export", async (ctx) => {
        if (!core) return ctx.skip();
        // 10 activities × 11 months
        const { stderr } = await run(["progress", "--from", "2026-01-01", "--to", "2026-11-30"], true);
        expect(stderr).toContain("\rexport progress ");
        expect(stderr).toContain("100 % (110/110)\n");
      });
    });

    // Issue 15's "done when": the group's share appears in every message the group sees — the
    // weekly status, the gruppchef digest, /mina, /uppfoljning and the written report — with the
    // LPO's total labelled as the whole LPO's. L1: 20 h per week, IG Turlag 1's part 4 h (explicit
    // shares, 4 each for the five groups); L2: split by members (5 of 20 in the four IG groups).
    describe("one group's share in every message it sees (IG Turlag 1)", () => {
      it("weekly status, digest, /mina, /uppfoljning and the report each show IG Turlag 1's part", async (ctx) => {
        if (!core) return ctx.skip();
        core.clock.set(DIGEST_AT);
        const seen: Record<string, string> = {};
        seen.status = replyAsPlainText(
          await weeklyStatus(
            core.ctx,
            { id: "ig-1", name: "IG Turlag 1", lpoId: "norrdal" },
            new Date(DIGEST_AT),
            "sv",
            {
              withChart: false,
            },
          ),
        );
        seen.digest = (await digestOf("anna.berg")).text;
        seen.mina = await say("ali.hassan", "mina");
        seen.uppfoljning = await say("anna.berg", "uppfoljning norrdal 2026-11");
        const dir = mkdtempSync(join(tmpdir(), "loftesbot-share-"));
        const files: string[] = [];
        expect(
          await runReportCommand(
            core,
            ["--kommun", "Norrdal", "--from", "2026-11-01", "--to", "2026-11-30", "--out", dir],
            (t) => files.push(t),
          ),
        ).toBe(0);
        seen.html = readFileSync(files[1], "utf8");
        seen.markdown = readFileSync(files[2], "utf8");
        const json: string[] = [];
        await runReportCommand(
          core,
          ["--kommun", "Norrdal", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "json"],
          (t) => json.push(t),
        );
        const l1 = JSON.parse(json.join("")).promises[0].activities[0];
        expect(l1).toMatchObject({ code: "L1", done: 20 });
        const ig1 = l1.groups.find((g: { id: string }) => g.id === "ig-1");
        expect(ig1).toMatchObject({ name: "IG Turlag 1", share: { fraction: 0.2, basis: "explicit" }, done: 13 });
        expect(ig1.target).toBeCloseTo(85.714 / 5, 2);
        expect(ig1.baseline).toBeCloseTo(34.286 / 5, 2);
        const expected: Record<string, string[]> = {
          // Friday of week 47: the status is of week 46 (IG Turlag 1 logged 2 of the LPO's 2 h)
          status: [
            "Förra veckan (v. 46): ert turlag: 2 av 4 h · hela LPO: 2 av 20 h",
            "Månaden hittills: ert turlag: 1 av 1,5 tillfällen (67 %) · hela LPO: 2 av 6 tillfällen",
          ],
          digest: [
            "Vecka 47 hittills: IG Turlag 1: 6 av 4 h (150 %) · hela LPO: 10 av 20 h",
            "November hittills: IG Turlag 1: 1 av 1,5 tillfällen (67 %) · hela LPO: 2 av 6 tillfällen",
          ],
          mina: ["L1 Ökad polisiär närvaro på Torget denna vecka: ert turlag: 6 av 4 h · hela LPO: 10 av 20 h"],
          // November: 20 h per week over 30 days = 85,7 h, IG Turlag 1's part a fifth (17,1 h); its baseline a
          // fifth of the LPO's given 34,3 h
          uppfoljning: [
            "L1 Ökad polisiär närvaro på Torget: 20 av 85,7 h (23 %)\nIG Turlag 1: 13 av 17,1 h (76 %)\nHela LPO: 20 av 85,7 h",
            "IG Turlag 1 – Er andel enligt löftet: 4 h av 20 h · Utgångsläge för IG Turlag 1: 6 h 54 min",
            "IG Turlag 1: 1 av 1,5 tillfällen (67 %)\nHela LPO: 2 av 6 tillfällen",
            "IG Turlag 1 – Er andel efter antal medlemmar (5 av 20 i de 4 grupperna): 1,5 tillfällen av 6 tillfällen",
          ],
          html: [
            '<td>IG Turlag 1</td><td>20 % enligt löftet</td><td class="num">13</td><td class="num">17,1</td><td class="num">76 %</td><td class="num">6,9</td>',
            '<td>Hela LPO</td><td>100 %</td><td class="num">20</td><td class="num">85,7</td><td class="num">23 %</td><td class="num">34,3</td>',
          ],
          markdown: [
            "| IG Turlag 1 | 20 % enligt löftet | 13 | 17,1 | 76 % | 6,9 |",
            "| Hela LPO | 100 % | 20 | 85,7 | 23 % | 34,3 |",
            "| IG Turlag 1 | 25 % efter antal medlemmar (5 av 20) | 1 | 1,5 | 67 % | 0,3 |",
          ],
        };
        for (const [message, lines] of Object.entries(expected))
          for (const line of lines) expect(seen[message], message).toContain(line);
      });
    });
  });
}
