// The weekly reminder job: a private nudge to each member of a group that
// chose reminders, naming the activities that concern them and that they
// logged nothing on this week, delivered on the routes ctx.routes gives
// (Teams first, then Slack).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consoleMentions } from "../../../../adapters/console/mentions.js";
import { weeklyReminderJob } from "../../../../src/features/status/jobs.js";
import { openTestCore, type TestCore } from "../../../support/core.js";

describe("weekly reminder", () => {
  let core: TestCore | null;
  beforeAll(async () => {
    core = await openTestCore("sqlite", { now: "2026-11-27T09:00:00Z" }); // Friday, week 48
  });
  afterAll(async () => {
    await core?.drop();
  });

  it("reaches the members who logged nothing on their private routes, and nobody who logged", async (ctx) => {
    if (!core) return ctx.skip();
    const at = core.clock.now();
    // the demo's IG Turlag 1 has reminders on: with no group choosing them, nobody is nudged
    await core.db.prisma.group.updateMany({ data: { remindersEnabled: false } });
    expect(await weeklyReminderJob.plan(core.ctx, "norrdal", at)).toEqual([]);
    await core.db.prisma.group.update({ where: { id: "ig-1" }, data: { remindersEnabled: true } });
    const text = "logga 2h närvaro med @emma.lund";
    await core.bot.handleMessage({ platform: "console", userId: "ali.hassan", text, mentions: consoleMentions(text) });

    const planned = await weeklyReminderJob.plan(core.ctx, "norrdal", at);
    const reminderOf = async (personId: string) => {
      const delivery = planned.find((p) => p.recipient === `person:${personId}`);
      return delivery ? (await delivery.build()).text : null;
    };
    // Ali logged and Emma was logged for with `med` this week: no reminder (it goes to those who logged nothing)
    for (const logged of ["ali.hassan", "emma.lund"]) expect(await reminderOf(logged)).toBeNull();
    expect(await reminderOf("oskar.nyberg")).toContain(
      "Du har inte loggat något under v. 48. Veckans aktiviteter: L1 ",
    );
    expect(await reminderOf("oskar.nyberg")).toMatch(/L1 /);
    expect(await reminderOf("sofia.karlsson")).toMatch(/L1 /);
    const oskar = planned.find((p) => p.recipient === "person:oskar.nyberg")!;
    expect(oskar.routes).toEqual([
      {
        platform: "teams",
        to: { kind: "person", userId: "50c9b05b-e613-4789-90d2-7379eadaf943", personId: "oskar.nyberg" },
      },
      { platform: "slack", to: { kind: "person", userId: "U0DEMO008", personId: "oskar.nyberg" } },
    ]);
    for (const p of planned) expect(p.routes).toEqual(await core.ctx.routes.ofPerson(p.recipient.slice(7)));
  });
});
