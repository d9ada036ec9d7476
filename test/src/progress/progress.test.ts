// Progress against hand-computed figures for a seeded month, including a
// target change in the middle of the period, the trend and both baselines.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consoleMentions } from "../../../adapters/console/mentions.js";
import { DEMO_ORGANISATION_FILE } from "../../../src/organisation/organisationFile.js";
import { importOrganisationText } from "../../../src/organisation/organisationStore.js";
import { activityProgress } from "../../../src/progress/progress.js";
import { ProgressSnapshot } from "../../../src/progress/progressSnapshot.js";
import { openTestCore, type TestCore } from "../../support/core.js";
import { databaseKinds } from "../../support/databases.js";

for (const kind of databaseKinds) {
  describe(`progress on ${kind}`, () => {
    let core: TestCore | null;
    /** logs as the person on that day; when the line fits both kommuners' promises, picks Norrdal's as a user would */
    const logAt = async (person: string, iso: string, line: string) => {
      core!.clock.set(iso);
      let reply = await core!.bot.handleMessage({
        platform: "console",
        userId: person,
        text: `logga ${line}`,
        mentions: consoleMentions(line),
      });
      const choice = reply.blocks
        .flatMap((b) => (b.kind === "actions" ? b.buttons : []))
        .find((b) => b.action.id === "choose-activity");
      if (choice) {
        const norrdal = await core!.db.prisma.promiseActivity.findMany({ where: { promiseId: "norrdal-2026" } });
        const button = reply.blocks
          .flatMap((b) => (b.kind === "actions" ? b.buttons : []))
          .find((b) => norrdal.some((a) => b.action.value.includes(`"a":"${a.id}"`)))!;
        reply = await core!.bot.handleAction({ platform: "console", userId: person, action: button.action });
      }
      if (!reply.text.startsWith("✅")) throw new Error(`not stored: ${line}: ${reply.text}`);
    };
    const activity = async (promiseId: string, code: string, day: string) =>
      (
        await core!.ctx.organisation.activitiesInScope(
          { id: "t", name: "t", lpoId: "norrdal", lang: "sv", roles: [], groupIds: [], leadsGroupIds: [] },
          day,
        )
      ).find((a) => a.promiseId === promiseId && a.code === code)!;

    beforeAll(async () => {
      core = await openTestCore(kind, { now: "2026-10-01T08:00:00Z" });
      if (!core) return;
      // L2 hastighetskontroller: 4 tillfällen per månad (ig-1..ig-4)
      await logAt("ali.hassan", "2026-10-20T10:00:00Z", "2st hastighet"); // October: 2
      await logAt("ali.hassan", "2026-11-03T10:00:00Z", "hastighet med @emma.lund"); // Nov: 1 (one line, two people)
      await logAt("jonas.eriksson", "2026-11-10T10:00:00Z", "2st L2"); // Nov: 2 (ig-3)
      // the target changes on 16 November: 6 per month from then on
      const changed = readFileSync(DEMO_ORGANISATION_FILE, "utf8").replace(/(code: L2[\s\S]*?amount: )4/, "$16");
      const outcome = await importOrganisationText(core.db.prisma, changed, "2026-11-16");
      if (!outcome.ok || outcome.changes !== 1)
        throw new Error(`target change not imported: ${JSON.stringify(outcome)}`);
      await logAt("ali.hassan", "2026-11-20T10:00:00Z", "x3 hastighet"); // Nov: 3
      // L1 närvaro på Torget: 20 h per vecka, given baseline 8 h
      await logAt("ali.hassan", "2026-11-02T10:00:00Z", "2h närvaro"); // w45
      await logAt("ali.hassan", "2026-11-09T10:00:00Z", "1h30 närvaro med @emma.lund"); // w46: 3 h
      await logAt("jonas.eriksson", "2026-11-17T10:00:00Z", "4h torget"); // w47 (ig-3)
      await logAt("ali.hassan", "2026-11-18T10:00:00Z", "90 min närvaro"); // w47: 5,5 h
      await logAt("ali.hassan", "2026-11-24T10:00:00Z", "1h närvaro"); // w48 (this week)
      // L4 trygghetsvandringar (omrade-1) has no given baseline: logged from w41
      for (const [iso, n] of [
        ["2026-10-05", 1],
        ["2026-10-14", 2],
        ["2026-10-21", 1],
        ["2026-10-28", 0],
        ["2026-11-04", 3],
      ] as const) {
        if (n > 0) await logAt("peter.dahl", `${iso}T10:00:00Z`, `${n}st trygghetsvandring`);
      }
      core.clock.set("2026-11-25T09:00:00Z");
    });
    afterAll(async () => {
      await core?.drop();
    });

    it("counts November's occasions against the target in force, and October against the old one", async (ctx) => {
      if (!core) return ctx.skip();
      const l2 = await activity("norrdal-2026", "L2", "2026-11-25");
      const november = await activityProgress(core.ctx, l2, "2026-11-25");
      expect(november.target).toMatchObject({ amount: 6, per: "månad" });
      expect(november.period).toEqual({ from: "2026-11-01", to: "2026-11-30" });
      expect(november.done).toBe(1 + 2 + 3);
      expect(november.byGroup.get("ig-1")).toBe(4);
      expect(november.byGroup.get("ig-3")).toBe(2);
      expect(november.elapsed).toBeCloseTo(25 / 30, 5);
      const october = await activityProgress(core.ctx, l2, "2026-10-31");
      expect(october.target).toMatchObject({ amount: 4 });
      expect(october.done).toBe(2);
    });

    it("hours per week, per group, trend over the last four full weeks and the given baseline", async (ctx) => {
      if (!core) return ctx.skip();
      const l1 = await activity("norrdal-2026", "L1", "2026-11-25");
      const p = await activityProgress(core.ctx, l1, "2026-11-25");
      expect(p.period).toEqual({ from: "2026-11-23", to: "2026-11-29" });
      expect(p.done).toBe(1);
      // L1's first entry is in w45: w44 was not measured (null, shown "–"), not 0
      expect(p.trend.map((w) => [w.week, w.amount])).toEqual([
        ["2026-W44", null],
        ["2026-W45", 2],
        ["2026-W46", 3],
        ["2026-W47", 5.5],
      ]);
      expect(p.trendDirection).toBe("up");
      expect(p.baseline).toEqual({ amount: 8, source: "given" });
      const team = await activityProgress(core.ctx, l1, "2026-11-25", { groupId: "ig-3" });
      expect(team.trend.map((w) => w.amount)).toEqual([null, 0, 0, 4]);
    });

    it("the snapshot for many activities gives exactly the same figures as one activity at a time", async (ctx) => {
      if (!core) return ctx.skip();
      const activities = await core.ctx.organisation.activitiesInScope(
        { id: "t", name: "t", lpoId: "norrdal", lang: "sv", roles: [], groupIds: [], leadsGroupIds: [] },
        "2026-11-25",
      );
      const snapshot = await ProgressSnapshot.load(core.ctx, activities, "2026-11-25");
      for (const activity of activities) {
        for (const groupId of [undefined, "ig-1", "ig-3", "omrade-1"]) {
          const one = await activityProgress(core.ctx, activity, "2026-11-25", { groupId });
          const many = snapshot.progress(activity, { groupId });
          expect({ ...many, activity: undefined }, `${activity.promiseId} ${activity.code} ${groupId}`).toEqual({
            ...one,
            activity: undefined,
          });
        }
      }
    });

    it("a baseline from the first four full weeks of logging when none was given", async (ctx) => {
      if (!core) return ctx.skip();
      const l4 = await activity("norrdal-2026", "L4", "2026-11-25");
      const p = await activityProgress(core.ctx, l4, "2026-11-25");
      // first entry Mon 5 Oct (w41): weeks 41–44 hold 1 + 2 + 1 + 0 = 4 → 1 per week → 13 per quarter
      expect(p.per).toBe("kvartal");
      expect(p.baseline?.source).toBe("logged");
      expect(p.baseline?.from).toBe("2026-10-05");
      expect(p.baseline?.to).toBe("2026-11-01");
      expect(p.baseline?.amount).toBeCloseTo(13, 5);
      expect(p.done).toBe(7);
    });
  });
}
