// Property (issue 14): whatever officers log — single lines, lines `med`
// colleagues, undos, back-dated entries — the activity export summed as README
// says (minutes/60 for hours, `occasions` for occasions) equals what /mina
// shows, what the weekly status and the digest are built from (the progress
// snapshot), and the report's figure, for the same period: L1 (hours, per
// week) this week, L3 (occasions, per month) this month.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Block } from "../../../../src/core/reply.js";
import { FollowUpCalculator } from "../../../../src/features/followup/figures.js";
import { activityExportRows } from "../../../../src/features/logging/index.js";
import { loadLpoProgress } from "../../../../src/features/status/index.js";
import { openTestCore, type TestCore } from "../../../support/core.js";

const PEOPLE = ["ali.hassan", "emma.lund", "oskar.nyberg"] as const;
const DAYS = ["", "idag", "igår", "måndag", "2026-11-20", "2026-11-02"] as const;
const TODAY = "2026-11-25";
const WEEK = { from: "2026-11-23", to: "2026-11-29" };
const MONTH = { from: "2026-11-01", to: "2026-11-30" };

const op = fc.oneof(
  // single hours, maybe back-dated
  fc.record({
    kind: fc.constant("hours" as const),
    by: fc.constantFrom(...PEOPLE),
    minutes: fc.constantFrom(20, 45, 90, 120),
    day: fc.constantFrom(...DAYS),
    with: fc.subarray([...PEOPLE], { maxLength: 2 }),
  }),
  // occasions, maybe together
  fc.record({
    kind: fc.constant("ratta" as const),
    by: fc.constantFrom(...PEOPLE),
    count: fc.constantFrom(1, 2),
    day: fc.constantFrom(...DAYS),
    with: fc.subarray([...PEOPLE], { maxLength: 2 }),
  }),
  fc.record({ kind: fc.constant("undo" as const), by: fc.constantFrom(...PEOPLE) }),
);

type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

describe("the export, /mina, the weekly status, the digest and the report agree", () => {
  let core: TestCore | null;
  beforeAll(async () => {
    core = await openTestCore("sqlite", { now: `${TODAY}T09:00:00Z` });
  });
  afterAll(async () => {
    await core?.drop();
  });

  const line = (o: Op): string => {
    if (o.kind === "undo") return "logga ångra";
    const others = o.with.filter((p) => p !== o.by).map((p) => `@${p}`);
    const med = others.length > 0 ? ` med ${others.join(" ")}` : "";
    const amount = o.kind === "hours" ? `${o.minutes} min närvaro torget` : `${o.count}st ratta`;
    return `logga ${amount} ${o.day}${med}`.replace(/\s+/g, " ").trim();
  };

  it("random logs: the sums are equal everywhere", async (ctx) => {
    if (!core) return ctx.skip();
    const c = core;
    const activities = await c.ctx.organisation.activitiesInScope(
      (await c.ctx.organisation.actor("ali.hassan", "sv"))!,
      TODAY,
    );
    const l1 = activities.find((a) => a.code === "L1" && a.promiseId === "norrdal-2026")!;
    const l3 = activities.find((a) => a.code === "L3" && a.promiseId === "norrdal-2026")!;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 5 }), async (ops) => {
        for (const o of ops) await c.bot.handleMessage({ platform: "console", userId: o.by, text: line(o) });

        // the export, summed as README says
        let minutes = 0;
        for await (const r of activityExportRows(c.db.prisma, WEEK.from, WEEK.to))
          if (r.activity === "L1" && r.promise === "norrdal-2026") minutes += r.minutes ?? 0;
        let occasions = 0;
        for await (const r of activityExportRows(c.db.prisma, MONTH.from, MONTH.to))
          if (r.activity === "L3" && r.promise === "norrdal-2026") occasions += r.occasions ?? 0;
        const hours = minutes / 60;

        // /mina's progress (the whole team's, this target period)
        const mina = await c.bot.handleMessage({ platform: "console", userId: "ali.hassan", text: "mina" });
        const progress = (mina.blocks ?? []).filter(
          (b): b is Extract<Block, { kind: "progress" }> => b.kind === "progress",
        );
        const minaDone = (code: string) => progress.find((b) => b.label.startsWith(`${code} `))?.done;
        expect(minaDone("L1")).toBeCloseTo(hours, 9);
        expect(minaDone("L3")).toBe(occasions);

        // the weekly status and the digest: the progress snapshot they are built from
        const { snapshot } = await loadLpoProgress(c.ctx, "norrdal", TODAY);
        expect(snapshot.progress(l1).done).toBeCloseTo(hours, 9);
        expect(snapshot.progress(l3).done).toBe(occasions);

        // the report (and /uppfoljning): the follow-up figures for the same period
        const calc = new FollowUpCalculator(c.ctx, TODAY);
        expect((await calc.figures(l1, WEEK)).done).toBeCloseTo(hours, 9);
        expect((await calc.figures(l3, MONTH)).done).toBe(occasions);
      }),
      { numRuns: 12, seed: 1414 },
    );
    // the lines were stored (not refused), together and undone
    expect(await c.db.prisma.activityEntry.count({ where: { primary: false } })).toBeGreaterThan(0);
    expect(await c.db.prisma.activityEntry.count({ where: { undoneAt: { not: null } } })).toBeGreaterThan(0);
    expect(
      await c.db.prisma.activityEntry.count({ where: { undoneAt: null, day: { lt: WEEK.from } } }),
    ).toBeGreaterThan(0);
  }, 240_000);
});
