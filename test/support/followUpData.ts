// A realistic follow-up dataset on the demo organisation (LPO Norrdal),
// August–November 2026, with figures computed by hand in the tests:
// several groups, months on and off target, a month with nothing logged on
// L1 (September), a target change (L2: 4 → 6 per month from 16 November), and
// three dialogue polls (open, closed waiting for feedback, fed back).
//
// Weeks of 2026: W43 = 19–25 Oct, W44 = 26 Oct–1 Nov, W45 = 2–8 Nov,
// W46 = 9–15 Nov, W47 = 16–22 Nov. "Now" is Friday 20 November 13:00 (W47).
import { readFileSync } from "node:fs";
import { DEMO_ORGANISATION_FILE } from "../../src/organisation/organisationFile.js";
import { importOrganisationText } from "../../src/organisation/organisationStore.js";
import type { TestCore } from "./core.js";

export const DIGEST_AT = "2026-11-20T12:00:00Z"; // Friday 13:00 in Stockholm

const GROUP_OF: Record<string, string> = {
  "ali.hassan": "ig-1",
  "emma.lund": "ig-1",
  "oskar.nyberg": "ig-1",
  "david.persson": "ig-2",
  "linnea.holmberg": "ig-2",
  "jonas.eriksson": "ig-3",
  "viktor.sandberg": "ig-4",
  "peter.dahl": "omrade-1",
  "jenny.hedlund": "omrade-1",
};

export async function seedFollowUp(core: TestCore): Promise<void> {
  const prisma = core.db.prisma;
  const ids = new Map<string, string>();
  for (const a of await prisma.promiseActivity.findMany()) ids.set(`${a.promiseId}/${a.code}`, a.id);
  const log = async (
    person: string,
    activity: string,
    day: string,
    amount: { minutes?: number; count?: number },
    others: string[] = [],
  ) => {
    const [promise, code] = activity.includes("/") ? activity.split("/") : ["norrdal-2026", activity];
    const activityId = ids.get(`${promise}/${code}`);
    if (!activityId) throw new Error(`no activity ${activity}`);
    const entry = (personId: string, primary: boolean) => ({
      activityId,
      personId,
      groupId: GROUP_OF[personId] ?? null,
      primary,
      day,
      minutes: amount.minutes ?? null,
      count: amount.count ?? (amount.minutes ? null : 1),
      note: "",
    });
    await core.ctx.activityLog.storeBatch(
      person,
      "console",
      [entry(person, true), ...others.map((o) => entry(o, false))],
      new Date(`${day}T15:00:00Z`),
    );
  };

  // L1 närvaro på Torget, 20 h per vecka, baseline 8 h per vecka
  // August: every weekday 4,5 h — ig-1 (Ali) Mon/Wed/Fri = 13 days, ig-2 (David) Tue/Thu = 8 days → 58,5 + 36 = 94,5 h
  for (let d = 1; d <= 31; d++) {
    const day = `2026-08-${String(d).padStart(2, "0")}`;
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    if (weekday === 1 || weekday === 3 || weekday === 5) await log("ali.hassan", "L1", day, { minutes: 270 });
    if (weekday === 2 || weekday === 4) await log("david.persson", "L1", day, { minutes: 270 });
  }
  // September: nothing on L1 (the missed month)
  // October: 3 + 3 + (3 + 3) + 4 = 16 h, all ig-1
  await log("ali.hassan", "L1", "2026-10-06", { minutes: 180 }); // W41
  await log("ali.hassan", "L1", "2026-10-13", { minutes: 180 }); // W42
  await log("ali.hassan", "L1", "2026-10-20", { minutes: 180 }, ["emma.lund"]); // W43: 6 h
  await log("ali.hassan", "L1", "2026-10-27", { minutes: 240 }); // W44: 4 h
  // November: W45 5 h ig-1 + 3 h ig-2 = 8; W46 2 h; W47 (3 h × Ali and Emma) + 4 h ig-3 = 10
  await log("ali.hassan", "L1", "2026-11-02", { minutes: 300 });
  await log("david.persson", "L1", "2026-11-04", { minutes: 180 });
  await log("ali.hassan", "L1", "2026-11-10", { minutes: 120 });
  await log("ali.hassan", "L1", "2026-11-16", { minutes: 180 }, ["emma.lund"]);
  await log("jonas.eriksson", "L1", "2026-11-18", { minutes: 240 });

  // L2 hastighetskontroller, 4 per månad (6 from 16 November), baseline 1 per månad
  await log("ali.hassan", "L2", "2026-08-12", { count: 1 }); // Aug 1
  await log("ali.hassan", "L2", "2026-09-09", { count: 1 }); // Sep 2
  await log("david.persson", "L2", "2026-09-23", { count: 1 });
  await log("ali.hassan", "L2", "2026-10-14", { count: 2 }); // Oct 3
  await log("jonas.eriksson", "L2", "2026-10-21", { count: 1 });
  await log("jonas.eriksson", "L2", "2026-11-05", { count: 1 }); // Nov 2
  await log("ali.hassan", "L2", "2026-11-17", { count: 1 }, ["emma.lund"]); // one occasion, two people

  // L3 rattfyllerikontroller, 6 per månad, baseline 3
  await log("ali.hassan", "L3", "2026-08-05", { count: 3 }); // Aug 6
  await log("david.persson", "L3", "2026-08-19", { count: 3 });
  await log("david.persson", "L3", "2026-09-16", { count: 2 }); // Sep 2
  await log("ali.hassan", "L3", "2026-10-07", { count: 2 }); // Oct 6
  await log("david.persson", "L3", "2026-10-15", { count: 2 });
  await log("viktor.sandberg", "L3", "2026-10-29", { count: 2 });
  await log("linnea.holmberg", "L3", "2026-11-11", { count: 2 }); // Nov 5
  await log("oskar.nyberg", "L3", "2026-11-18", { count: 3 });

  // L4 trygghetsvandringar (omrade-1), 2 per kvartal, baseline logged (first full weeks from 31 Aug)
  await log("peter.dahl", "L4", "2026-08-26", { count: 1 });
  await log("peter.dahl", "L4", "2026-09-08", { count: 1 });
  await log("peter.dahl", "L4", "2026-11-12", { count: 1 });
  // L5 belysning (omrade-1), 12 over the whole period
  await log("jenny.hedlund", "L5", "2026-10-01", { count: 2 });
  await log("jenny.hedlund", "L5", "2026-11-19", { count: 1 });
  // Åsby L3 hastighet på genomfarten (ig-3, ig-4), 3 per månad
  await log("viktor.sandberg", "asby-2026/L3", "2026-10-08", { count: 3 });

  // the L2 target changes on 16 November: 6 per month from then on
  const changed = readFileSync(DEMO_ORGANISATION_FILE, "utf8").replace(/(code: L2[\s\S]*?amount: )4/, "$16");
  const outcome = await importOrganisationText(prisma, changed, "2026-11-16");
  if (!outcome.ok || outcome.changes !== 1) throw new Error(`target change not imported: ${JSON.stringify(outcome)}`);

  // dialogue polls
  const members = async (groupId: string) =>
    (await prisma.groupMember.findMany({ where: { groupId }, orderBy: { personId: "asc" } })).map((m) => m.personId);
  const poll = async (
    id: string,
    data: { title: string; kind: string; status: string; opensAt: string; closesAt: string; followUp?: string },
    answers: Record<string, number>,
  ) => {
    await prisma.dialoguePoll.create({
      data: {
        id,
        lpoId: "norrdal",
        kind: data.kind,
        title: data.title,
        kommunId: "norrdal",
        createdById: "erik.johansson",
        whatNext: "Resultatet tas upp på APT och styr vårens pass.",
        status: data.status,
        opensAt: new Date(data.opensAt),
        closesAt: new Date(data.closesAt),
        closedAt: data.status === "closed" ? new Date(data.closesAt) : null,
        followUp: data.followUp ?? null,
      },
    });
    for (const [groupId, answered] of Object.entries(answers)) {
      const people = await members(groupId);
      await prisma.pollRecipient.createMany({ data: people.map((personId) => ({ pollId: id, personId, groupId })) });
      for (let i = 0; i < answered; i++)
        await prisma.pollResponse.create({
          data: { pollId: id, token: `${groupId}-${i}`, groupId },
        });
    }
  };
  await poll(
    "p-open",
    {
      title: "Trygghet i centrum",
      kind: "vad",
      status: "open",
      opensAt: "2026-11-16T08:00:00Z",
      closesAt: "2026-11-27T15:00:00Z",
    },
    { "ig-1": 2, "ig-2": 5 },
  );
  await poll(
    "p-closed",
    {
      title: "Hur arbetar vi med hastighet?",
      kind: "hur",
      status: "closed",
      opensAt: "2026-10-26T08:00:00Z",
      closesAt: "2026-11-06T15:00:00Z",
    },
    { "ig-1": 5 },
  );
  await poll(
    "p-done",
    {
      title: "Problem vid skolorna",
      kind: "vad",
      status: "closed",
      opensAt: "2026-09-20T08:00:00Z",
      closesAt: "2026-10-02T15:00:00Z",
      followUp: JSON.stringify({ text: "Vi lägger fler pass vid skolorna på morgonen.", at: "2026-10-05T08:00:00Z" }),
    },
    { "ig-3": 4 },
  );
  core.clock.set(DIGEST_AT);
}
