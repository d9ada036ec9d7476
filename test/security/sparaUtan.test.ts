// The attacker's tests of "Spara utan {names}" (askFirst.ts, logLine.ts
// leaveOut): a button value is JSON the client sends back, so its `w` (the
// people left out, by part) can be forged. Whatever it says: a part is never
// stored for nobody, the confirmation (and a question asked again) says
// "nothing was stored again for X – it was already logged" only for people
// whose entry on that activity and day really is there, a part index or a
// person that is not in the line changes nothing, oversized arrays are
// refused, a colleague's press is refused, and a question is stored at most
// once, pressed twice at once or after "Avbryt".
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Action, Reply } from "../../src/core/reply.js";
import { replyAsPlainText } from "../../src/core/reply.js";
import { databaseKinds } from "../support/databases.js";
import { sayInConsole, useTestCore } from "../support/core.js";

const WITHOUT = "log-without";

function withoutButton(reply: Reply): Action {
  const button = reply.blocks
    .flatMap((b) => (b.kind === "actions" ? b.buttons : []))
    .find((b) => b.action.id === WITHOUT);
  expect(button, "a 'Spara utan …' button").toBeDefined();
  return button!.action;
}

/** The same button with its `w` (and anything else) replaced: what a forging client sends. */
function forged(action: Action, change: Record<string, unknown>): Action {
  return { id: action.id, value: JSON.stringify({ ...JSON.parse(action.value), ...change }) };
}

for (const kind of databaseKinds) {
  describe(`a forged 'Spara utan …' on ${kind}`, () => {
    const core = useTestCore(kind, { now: "2026-11-25T09:00:00Z" });
    const say = (personId: string, text: string) => sayInConsole(core()!, personId, text);
    const press = async (personId: string, action: Action) =>
      replyAsPlainText(await core()!.bot.handleAction({ platform: "console", userId: personId, action }));
    const rows = () => core()!.db.prisma.activityEntry.count({ where: { undoneAt: null } });
    const batch = (action: Action) =>
      core()!.db.prisma.activityEntry.count({ where: { batchId: JSON.parse(action.value).k } });

    /** Anna has 2 h on `day`; Ali logs the same with Anna and Emma: asked, "Spara utan Anna Berg" offered. */
    async function question(day: string, people = "@anna.berg @emma.lund") {
      expect((await say("anna.berg", `/logga 2h närvaro ${day}`)).text).toContain("✅");
      const asked = await say("ali.hassan", `/logga 2h närvaro ${day} med ${people}`);
      expect(asked.text).toContain("Vill du ändå logga");
      return withoutButton(asked.reply);
    }

    it("a `w` leaving out everyone of the part is refused (nobody-left) and stores nothing", async (ctx) => {
      if (!core()) return ctx.skip();
      const button = await question("2026-11-02");
      const before = await rows();
      const everyone = [
        [0, "ali.hassan"],
        [0, "anna.berg"],
        [0, "emma.lund"],
      ];
      const reply = await press("ali.hassan", forged(button, { w: everyone }));
      expect(reply).toContain("Knappen lämnar ingen i raden kvar att logga för");
      expect(reply).not.toContain("✅");
      // the same through "Spara ändå"'s action, which also reads `w`
      expect(await press("ali.hassan", forged({ ...button, id: "log-anyway" }, { w: everyone }))).toContain(
        "Knappen lämnar ingen i raden kvar",
      );
      expect(await rows()).toBe(before);
      expect(await batch(button)).toBe(0);
    });

    it("leaving out someone who has nothing logged is not confirmed as 'det var redan loggat'", async (ctx) => {
      if (!core()) return ctx.skip();
      const button = await question("2026-11-03");
      const before = await rows();
      // only Anna has it logged; the forged value leaves Emma out too
      const reply = await press(
        "ali.hassan",
        forged(button, {
          w: [
            [0, "anna.berg"],
            [0, "emma.lund"],
          ],
        }),
      );
      expect(reply).not.toMatch(/Emma Lund[^.]*det var redan loggat|igen för[^.]*Emma Lund/);
      expect(reply).not.toContain("✅");
      expect(reply).toContain("Inget är loggat på L1 2026-11-03 för Emma Lund");
      expect(await rows()).toBe(before);
      expect(await batch(button)).toBe(0);
      // the genuine button still stores the line, once, for Ali and Emma
      const stored = await press("ali.hassan", button);
      expect(stored).toContain("även för Emma Lund.");
      expect(stored).toContain("Inget sparades igen för Anna Berg – det var redan loggat.");
      expect(await batch(button)).toBe(2);
    });

    it("leaving out only someone without an entry: the question asked again does not say they have it", async (ctx) => {
      if (!core()) return ctx.skip();
      const button = await question("2026-11-04");
      const before = await rows();
      const reply = await press("ali.hassan", forged(button, { w: [[0, "emma.lund"]] }));
      expect(reply).not.toContain("Inget sparas för Emma Lund, som redan har det loggat");
      expect(reply).toContain("Inget är loggat på L1 2026-11-04 för Emma Lund");
      expect(reply).not.toContain("✅");
      expect(await rows()).toBe(before);
    });

    it("'Spara utan mig' forged for a sender who has nothing logged stores no line without its own entry", async (ctx) => {
      if (!core()) return ctx.skip();
      // Emma has the occasion; Ali has not: the genuine button is "Spara utan Emma Lund"
      expect((await say("emma.lund", "/logga 1st hastighet 2026-11-05")).text).toContain("✅");
      const asked = await say("ali.hassan", "/logga 1st hastighet 2026-11-05 med @emma.lund");
      const button = withoutButton(asked.reply);
      const before = await rows();
      const reply = await press("ali.hassan", forged(button, { w: [[0, "ali.hassan"]] }));
      expect(reply).not.toMatch(/(igen|sparas) för dig[^.]*(redan loggat|har det loggat)/);
      expect(reply).toContain("Inget är loggat på L2 2026-11-05 för dig");
      expect(reply).not.toContain("✅");
      expect(await rows()).toBe(before);
      const lines = await core()!.db.prisma.activityEntry.count({
        where: { day: "2026-11-05", primary: true, undoneAt: null },
      });
      expect(lines).toBe(1);
    });

    it("a part index or a person not in the line changes nothing; oversized arrays are refused", async (ctx) => {
      if (!core()) return ctx.skip();
      const button = await question("2026-11-06");
      const before = await rows();
      // a part that does not exist: the line is as it was, asked about again, nothing stored
      const noPart = await press("ali.hassan", forged(button, { w: [[7, "anna.berg"]] }));
      expect(noPart).toContain("Vill du ändå logga");
      expect(noPart).not.toContain("✅");
      // a part index past the schema's bound, more entries than it allows, a huge id: not a button of ours
      for (const w of [
        [[51, "anna.berg"]],
        Array.from({ length: 201 }, (_, k) => [0, `p${k}`]),
        [[0, "x".repeat(201)]],
        [[-1, "anna.berg"]],
      ]) {
        expect(await press("ali.hassan", forged(button, { w }))).toContain("Jag förstod inte");
      }
      expect(await rows()).toBe(before);
      // a person of no line (another LPO's, or no one's) beside the genuine one: ignored, never named
      const stored = await press(
        "ali.hassan",
        forged(button, { w: [[0, "anna.berg"], ...Array.from({ length: 199 }, (_, k) => [0, `annan.lpo.${k}`])] }),
      );
      expect(stored).toContain("även för Emma Lund.");
      expect(stored).toContain("Inget sparades igen för Anna Berg – det var redan loggat.");
      expect(stored).not.toContain("annan.lpo");
      expect(await batch(button)).toBe(2);
      expect(await rows()).toBe(before + 2);
    });

    it("a colleague's press is refused, a forged `p` of theirs does not make Ali's question theirs, a fresh token stores once", async (ctx) => {
      if (!core()) return ctx.skip();
      const button = await question("2026-11-09");
      const before = await rows();
      expect(await press("emma.lund", button)).toContain("bara den som skickade raden");
      expect(await press("anna.berg", button)).toContain("bara den som skickade raden");
      expect(await rows()).toBe(before);
      // Emma forges `p` to herself: the line is then hers (logged by her, as her own), never Ali's
      const asEmma = forged(button, { p: "emma.lund", k: randomUUID() });
      await press("emma.lund", asEmma);
      const hers = await core()!.db.prisma.activityEntry.findMany({ where: { batchId: JSON.parse(asEmma.value).k } });
      expect(hers.every((e) => e.loggedById === "emma.lund")).toBe(true);
      expect(await batch(button)).toBe(0);
    });

    it("pressed twice at once, and again after Avbryt: stored at most once", async (ctx) => {
      if (!core()) return ctx.skip();
      const button = await question("2026-11-10");
      const before = await rows();
      const answers = await Promise.all([press("ali.hassan", button), press("ali.hassan", button)]);
      expect(answers.filter((a) => a.includes("✅"))).toHaveLength(1);
      expect(await batch(button)).toBe(2);
      expect(await rows()).toBe(before + 2);

      const other = await question("2026-11-11");
      const { k, p } = JSON.parse(other.value);
      expect(await press("ali.hassan", { id: "log-cancel", value: `${k} ${p}` })).toContain("Avbrutet");
      expect(await press("ali.hassan", other)).toContain("Du avbröt den raden");
      expect(await batch(other)).toBe(0);
    });
  });
}
