// The sceptical reader of what the bot says about itself, where two features
// meet: a sentence one feature writes about another feature's data (the
// digest about a dialogue poll, …) must be as true as the poll's own words.
// Each case is an attacker's or a misled reader's route to a false sentence.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importOrganisationText } from "../../src/organisation/organisationStore.js";
import { replyAsPlainText } from "../../src/core/reply.js";
import type { TestCore } from "../support/core.js";
import { as, createPoll, openTwoLpoCore, type Person } from "./fixtures.js";

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
});
