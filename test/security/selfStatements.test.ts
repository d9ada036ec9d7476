// The sceptical reader of what the bot says about itself, where two features
// meet: a sentence one feature writes about another feature's data (the
// digest about a dialogue poll, …) must be as true as the poll's own words.
// Each case is an attacker's or a misled reader's route to a false sentence.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importOrganisationText } from "../../src/organisation/organisationStore.js";
import { replyAsPlainText } from "../../src/core/reply.js";
import { HUR_FROM_ACTION, POLL_ANSWER_FORM, POLL_FORM } from "../../src/features/dialog/forms.js";
import { closeDuePolls } from "../../src/features/dialog/jobs.js";
import type { TestCore } from "../support/core.js";
import { as, createPoll, openTwoLpoCore, outcomeText, PEOPLE, type Person } from "./fixtures.js";

/** A third LPO without promises: its gruppchef's digest has nothing to suggest but the poll. */
const THIRD_LPO = `
lpo: { id: vastby, name: LPO Västby }
kommuner:
  - { id: vastby, name: Västby kommun }
groups:
  - id: vb-ig-1
    name: IG Västby 1
    kind: ig
    lead: vb.gruppchef
people:
  - { id: vb.gruppchef, name: Vera Västby, roles: [gruppchef], groups: [vb-ig-1] }
  - { id: vb.kommunpolis, name: Vilgot Västby, roles: [kommunpolis], groups: [] }
  - { id: vb.a, name: Viktor Västby, roles: [medarbetare], groups: [vb-ig-1] }
  - { id: vb.b, name: Vanja Västby, roles: [medarbetare], groups: [vb-ig-1] }
  - { id: vb.c, name: Valter Västby, roles: [medarbetare], groups: [vb-ig-1] }
`;
const VB_LEAD: Person = { id: "vb.gruppchef", role: "gruppchef", slack: "", lpo: "none" };
const VB_POLICE: Person = { id: "vb.kommunpolis", role: "kommunpolis", slack: "", lpo: "none" };
const LENA: Person = { id: "lena.forsberg", role: "kommunpolis (not the creator)", slack: "", lpo: "norrdal" };
const IG1 = ["anna.berg", "ali.hassan", "emma.lund", "oskar.nyberg", "sofia.karlsson"];
const SECRET = "zqhemlig";

describe("what one feature says about another's data", () => {
  let core: TestCore;

  beforeAll(async () => {
    core = (await openTwoLpoCore())!;
    const outcome = await importOrganisationText(core.db.prisma, THIRD_LPO, "2026-11-01");
    if (!outcome.ok) throw new Error(`third LPO: ${JSON.stringify(outcome.errors)}`);
  });

  afterAll(async () => {
    await core?.drop();
  });

  it("the digest's nudge about a named dialogue does not tell the gruppchef its answers are anonymous", async () => {
    await createPoll(core, VB_POLICE, ["vb-ig-1"], {
      concerns: "k:vastby",
      anonymous: "nej",
      title: "Med namn-dialog",
    });
    const digest = replyAsPlainText(await as(core, VB_LEAD).say("/sammanfattning"));
    // the nudge is there (the control: the test reads the sentence it is about)
    expect(digest).toMatch(/har svarat på dialogen ”Med namn-dialog”/);
    // and it must not hand the gruppchef a false promise to pass on to the group
    expect(digest).not.toMatch(/svaren är anonyma/i);
    expect(digest).toMatch(/dialogen är med namn, inte anonym/);
  });

  it("a closed dialogue's answers are not read through «Starta hur-dialog» by someone the results are not for", async () => {
    // Erik asks IG Turlag 1 (five people); all answer, one with a recognisable free text; it closes
    const pollId = await createPoll(core, PEOPLE.kommunpolis, ["ig-1"], { title: "Hemlig vad-dialog" });
    for (const [i, person] of IG1.entries()) {
      const outcome = await core.bot.submitForm({
        platform: "console",
        userId: person,
        formId: POLL_ANSWER_FORM,
        state: pollId,
        values: { q0: String(i + 1), q1: "1", q2: `${SECRET} ${i}: fler pass vid stationen` },
      });
      expect(outcomeText(outcome)).toMatch(/sparades/);
    }
    core.clock.set("2026-12-02T16:05:00Z");
    expect(await closeDuePolls(core.ctx, "norrdal", core.clock.now())).toContain(pollId);

    // the control: the creator gets the results as underlag (the attacker's tool works)
    const own = replyAsPlainText(await as(core, PEOPLE.kommunpolis).click(HUR_FROM_ACTION, pollId));
    expect(own).toContain(SECRET);

    // those who may not see the results (README: "Admins may not"; a gruppchef of a group not
    // asked; a kommunpolis who did not create it): refused by /dialog resultat …
    for (const who of [PEOPLE.admin, PEOPLE.gruppchef2, LENA]) {
      const refused = replyAsPlainText(await as(core, who).say(`/dialog resultat ${pollId}`));
      expect(refused, who.id).not.toContain(SECRET);
      // … and by a forged «Starta hur-dialog» button, or the create form's seed field
      const forged = replyAsPlainText(await as(core, who).click(HUR_FROM_ACTION, pollId));
      expect(forged, `${who.id} read the answers through «Starta hur-dialog»`).not.toContain(SECRET);
      expect(forged, who.id).not.toMatch(/5 av 5|Medelvärde/);
      const seeded = await as(core, who).submit(POLL_FORM, "", {
        kind: "hur",
        seed: pollId,
        title: "Hur-dialog",
        concerns: "k:norrdal",
        template: "standard-hur",
        groups: who === PEOPLE.gruppchef2 ? ["ig-2"] : ["ig-2", "ig-3"],
        closesDay: "2026-12-09",
        closesTime: "16:00",
        anonymous: "ja",
        whatNext: "Vi tar upp det på APT.",
      });
      expect(outcomeText(seeded), `${who.id} built a dialogue on answers they may not see`).not.toContain(SECRET);
      expect(seeded.kind === "errors" ? Object.keys(seeded.errors) : [], who.id).toContain("seed");
    }
  });
});
