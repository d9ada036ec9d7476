// The promise form's data and the rows it writes, shared by the tests that
// fill it in through a platform (Slack's modal, Teams' card) or the core: what
// a kommunpolis types for a new promise and for an activity added to it, the row counts that prove a refusal
// stored nothing, and the parts of an activity's target its groups were given.
import type { Prisma } from "../../src/storage/database.js";

/** The new-promise form's one activity as typed: L1, 10 h a week for IG Turlag 1 and 2. */
export const firstActivity = {
  code: "L1",
  name: "Cykelpatrull i hamnen",
  aliases: "hamnen, cykelpatrull",
  amount: "10",
  unit: "timmar",
  per: "vecka",
  groups: ["ig-1", "ig-2"],
};

/**
 * A new promise with one activity (L1, 10 h a week) for IG Turlag 1 and 2, as typed into the form;
 * a test adds the "shares" field it means to try.
 */
export const newPromise = {
  title: "Trygg kaj",
  kommun: "norrdal",
  from: "2026-11-01",
  to: "2027-10-31",
  problem: "Stölder från båtar i hamnen på nätterna.",
  ...firstActivity,
};

/**
 * A second activity as typed into the "Lägg till aktivitet" form: 6 times a month for IG Turlag 1–3;
 * a test adds the "shares" field it means to try.
 */
export const addedActivity = {
  name: "Båtkontroller i hamnen",
  aliases: "båtkontroll",
  amount: "6",
  unit: "tillfällen",
  per: "månad",
  groups: ["ig-1", "ig-2", "ig-3"],
};

/** Rows a promise form writes: a refusal changes none of them. */
export async function promiseFormRows(prisma: Prisma) {
  const [promises, activities, targets, groups, audits] = await Promise.all([
    prisma.citizenPromise.count(),
    prisma.promiseActivity.count(),
    prisma.activityTarget.count(),
    prisma.activityGroup.count(),
    prisma.auditEvent.count(),
  ]);
  return { promises, activities, targets, groups, audits };
}

/** Each group's part of the target of activity `code` of `promiseId`, as [group, share] sorted by group. */
export async function groupParts(prisma: Prisma, promiseId: string, code: string) {
  const activity = await prisma.promiseActivity.findUniqueOrThrow({
    where: { promiseId_code: { promiseId, code } },
    include: { groups: true },
  });
  return activity.groups.map((g) => [g.groupId, g.share]).sort();
}
