// When the weekly status and the weekly reminder reach a group: a turlag on
// a shift rotation gets them at the start of its shift (a night shift at
// 21:45, not Monday 07:00 or Friday 10:00) and nobody gets one on a day off;
// a group without a rotation keeps the fixed times, moved to the next working
// day when the day is a Swedish public holiday or eve, and the message says
// so. `jobs list` shows each group's next run. Real SQLite, the demo
// organisation, the jobs' own plan().
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobsCommand } from "../../../../src/app/operations.js";
import { addDays, dayInZone } from "../../../../src/domain/calendar.js";
import { type ShiftRotation, shiftOn } from "../../../../src/domain/shiftRotation.js";
import { weeklyReminderJob, weeklyStatusJob } from "../../../../src/features/status/jobs.js";
import { nudgeDue } from "../../../../src/schedules/nudgeTiming.js";
import { openTestCore, type TestCore } from "../../../support/core.js";

const TZ = "Europe/Stockholm";
// week 48 of 2026: Mon 23 Nov off, Tue off, Wed–Fri nights from 21:45, weekend off (a 7-day rotation)
const NIGHTS: ShiftRotation = {
  start: "2026-11-23",
  pattern: ["ledig", "ledig", "natt", "natt", "natt", "ledig", "ledig"],
  times: { natt: "21:45" },
};
const IG1_CHANNELS = ["slack:channel:C0DEMOIG1", "teams:channel:19:demoigturlag1@thread.tacv2"];

describe("nudges timed by shifts and holidays", () => {
  let core: TestCore | null;
  let ig1Only: string[] = [];
  let ig2Only: string[] = [];
  beforeAll(async () => {
    core = await openTestCore("sqlite", { now: "2026-11-23T06:00:00Z" }); // Monday 07:00, week 48
    if (!core) return;
    const prisma = core.db.prisma;
    await prisma.group.update({
      where: { id: "ig-1" },
      data: { shifts: JSON.stringify(NIGHTS), remindersEnabled: true },
    });
    await prisma.group.update({ where: { id: "ig-2" }, data: { remindersEnabled: true } });
    const members = async (groupId: string) =>
      (await prisma.groupMember.findMany({ where: { groupId } })).map((m) => `person:${m.personId}`);
    const [one, two] = [await members("ig-1"), await members("ig-2")];
    ig1Only = one.filter((p) => !two.includes(p));
    ig2Only = two.filter((p) => !one.includes(p));
  });
  afterAll(async () => {
    await core?.drop();
  });

  // what would be sent (a past week's unsent status is planned too, but as skipped: not sent)
  const statusTo = async (iso: string) =>
    (await weeklyStatusJob.plan(core!.ctx, "norrdal", new Date(iso))).filter((d) => !d.skip).map((d) => d.recipient);
  const reminded = async (iso: string) =>
    (await weeklyReminderJob.plan(core!.ctx, "norrdal", new Date(iso))).map((d) => d.recipient);

  it("the weekly status: a group without a rotation at Monday 07:00, the night turlag at its first night's start", async (ctx) => {
    if (!core) return ctx.skip();
    const monday = await statusTo("2026-11-23T06:00:00Z");
    expect(monday).toContain("slack:channel:C0DEMOIG2");
    // last week's night status, never sent in this fresh database, is recorded as missed rather than sent late
    const missed = (await weeklyStatusJob.plan(core.ctx, "norrdal", new Date("2026-11-23T06:00:00Z"))).filter(
      (d) => d.recipient === IG1_CHANNELS[0],
    );
    expect(missed).toMatchObject([{ period: "2026-W47", skip: expect.stringMatching(/^missed/) }]);
    for (const channel of IG1_CHANNELS) expect(monday).not.toContain(channel);
    // Wednesday 21:44 (20:44 UTC): not yet; 21:45: both of IG 1's channels
    for (const channel of IG1_CHANNELS) expect(await statusTo("2026-11-25T20:44:00Z")).not.toContain(channel);
    const atShift = await weeklyStatusJob.plan(core.ctx, "norrdal", new Date("2026-11-25T20:45:00Z"));
    const ig1 = atShift.filter((d) => IG1_CHANNELS.includes(d.recipient) && !d.skip);
    expect(ig1.map((d) => d.recipient).sort()).toEqual([...IG1_CHANNELS].sort());
    expect(ig1.every((d) => d.period === "2026-W48" && d.skip === undefined)).toBe(true);
    expect((await ig1[0].build()).text).toContain("IG Turlag 1, v. 48");
  });

  it("the reminder reaches the night turlag at its shift start on Friday night, not at 10:00 — and nobody on a day off", async (ctx) => {
    if (!core) return ctx.skip();
    expect(ig1Only.length).toBeGreaterThan(0);
    const friday10 = await reminded("2026-11-27T09:00:00Z");
    expect(friday10.some((r) => ig2Only.includes(r))).toBe(true); // the fixed time holds without a rotation
    expect(friday10.filter((r) => ig1Only.includes(r))).toEqual([]);
    // Friday 21:45 (20:45 UTC), the start of IG 1's last night of the week
    const atShift = await reminded("2026-11-27T20:45:00Z");
    expect(atShift.filter((r) => ig1Only.includes(r)).length).toBeGreaterThan(0);
    // IG 1's days off in week 48 (Mon, Tue, Sat, Sun): no reminder to any of its members, at any hour
    for (const day of ["2026-11-23", "2026-11-24", "2026-11-28", "2026-11-29"]) {
      for (const hour of ["05", "09", "14", "21"]) {
        const at = `${day}T${hour}:30:00Z`;
        expect(
          (await reminded(at)).filter((r) => ig1Only.includes(r)),
          at,
        ).toEqual([]);
      }
    }
  });

  it("over a year of weeks the rotation's nudges fall only on working shifts, at their start", () => {
    for (let w = 0; w < 52; w++) {
      const monday = addDays("2026-11-23", 7 * w);
      for (const kind of ["status", "reminder"] as const) {
        const due = nudgeDue({ kind, cron: kind === "status" ? "0 7 * * 1" : "0 10 * * 5" }, NIGHTS, monday, TZ)!;
        const day = dayInZone(due.at, TZ);
        expect(shiftOn(NIGHTS, day), `${kind} ${monday}`).toBe("natt");
        expect(new Intl.DateTimeFormat("sv-SE", { timeZone: TZ, timeStyle: "short" }).format(due.at)).toBe("21:45");
      }
    }
  });

  it("a fixed-time reminder due on juldagen (Friday 25 Dec 2026) comes on Monday 28 Dec, for week 52, and says why", async (ctx) => {
    if (!core) return ctx.skip();
    await core.db.prisma.group.update({ where: { id: "ig-1" }, data: { shifts: null } });
    expect(await reminded("2026-12-25T09:00:00Z")).toEqual([]);
    const monday = await weeklyReminderJob.plan(core.ctx, "norrdal", new Date("2026-12-28T09:00:00Z"));
    expect(monday.length).toBeGreaterThan(0);
    expect(monday.every((d) => d.period === "2026-W52")).toBe(true);
    const text = (await monday[0].build()).text;
    expect(text).toContain("v. 52");
    expect(text).toContain("fredag 25 december");
    expect(text).toContain("juldagen");
    // midsommarafton 2027 (Friday 25 June) likewise moves to Monday 28 June
    expect(nudgeDue({ kind: "reminder", cron: "0 10 * * 5" }, null, "2027-06-21", TZ)).toMatchObject({
      period: "2027-W25",
      at: new Date("2027-06-28T08:00:00Z"),
      moved: { from: "2027-06-25", holiday: "midsommarafton" },
    });
  });

  it("a weekly status due on annandag påsk (Monday 6 April 2026) comes on Tuesday at 07:00 and says why", async (ctx) => {
    if (!core) return ctx.skip();
    expect(await statusTo("2026-04-06T05:00:00Z")).toEqual([]);
    const tuesday = (await weeklyStatusJob.plan(core.ctx, "norrdal", new Date("2026-04-07T05:00:00Z"))).filter(
      (d) => !d.skip,
    );
    expect(tuesday.map((d) => d.recipient)).toContain("slack:channel:C0DEMOIG2");
    const text = (await tuesday.find((d) => d.recipient === "slack:channel:C0DEMOIG2")!.build()).text;
    expect(text).toContain("annandag påsk");
    expect(text).toContain("måndag 6 april");
  });

  it("`jobs list` shows each group's next run and how it was chosen", async (ctx) => {
    if (!core) return ctx.skip();
    await core.db.prisma.group.update({ where: { id: "ig-1" }, data: { shifts: JSON.stringify(NIGHTS) } });
    core.clock.set("2026-12-21T12:00:00Z"); // Monday of week 52, after the status
    const lines: string[] = [];
    expect(await jobsCommand(core, ["list"], (l) => lines.push(l))).toBe(0);
    const line = (job: string, group: string) => lines.find((l) => l.includes(job) && l.includes(`norrdal/${group} `));
    expect(line("weekly-status", "ig-2")).toContain("next 2026-12-28 07:00 (mån)  fixed time");
    expect(line("weekly-status", "ig-1")).toContain("next 2026-12-23 21:45 (ons)  start of shift (natt)");
    expect(line("weekly-reminder", "ig-2")).toContain("next 2026-12-28 10:00 (mån)  moved from 2026-12-25 (juldagen)");
    expect(line("weekly-reminder", "ig-1")).toContain("next 2026-12-25 21:45 (fre)  start of shift (natt)");
  });
});
