// A core with two LPOs for the security tests: the demo organisation (LPO
// Norrdal) and a small second LPO (Södervik) with one person in every role,
// its own group, channel and promise. Helpers to act as a person through the
// core's front door, and a snapshot of everything a refused request must not
// change.
import { expect } from "vitest";
import { consoleMentions } from "../../adapters/console/mentions.js";
import { slackMentions } from "../../adapters/slack/mentions.js";
import { POLL_FORM } from "../../src/features/dialog/forms.js";
import { importOrganisationText } from "../../src/organisation/organisationStore.js";
import type { Action, FormOutcome, FormValues, Reply } from "../../src/core/reply.js";
import { openTestCore, type TestCore } from "../support/core.js";
import type { DatabaseKind } from "../support/databases.js";

export const NOW = "2026-11-25T09:00:00Z"; // Wednesday, week 48

export const SECOND_LPO = `
lpo: { id: sodervik, name: LPO Södervik }
kommuner:
  - { id: sodervik, name: Söderviks kommun }
groups:
  - id: sv-ig-1
    name: IG Södervik 1
    kind: ig
    lead: sv.gruppchef
    channels: { slack: C0SVIG1 }
people:
  - { id: sv.medarbetare, name: Sven Svensson, roles: [medarbetare], groups: [sv-ig-1], slack: U0SV001, teams: 11111111-0000-4000-8000-000000000001 }
  - { id: sv.gruppchef, name: Greta Gren, roles: [gruppchef], groups: [sv-ig-1], slack: U0SV002, teams: 11111111-0000-4000-8000-000000000002 }
  - { id: sv.kommunpolis, name: Kim Kommunsson, roles: [kommunpolis], groups: [], slack: U0SV003, teams: 11111111-0000-4000-8000-000000000003 }
  - { id: sv.lpochef, name: Lars Ledare, roles: [lpo-chef], groups: [], slack: U0SV004, teams: 11111111-0000-4000-8000-000000000004 }
  - { id: sv.admin, name: Alva Admin, roles: [admin], groups: [], slack: U0SV005, teams: 11111111-0000-4000-8000-000000000005 }
  - { id: sv.kollega1, name: Kalle Kollega, roles: [medarbetare], groups: [sv-ig-1] }
  - { id: sv.kollega2, name: Klara Kollega, roles: [medarbetare], groups: [sv-ig-1] }
  - { id: sv.kollega3, name: Konrad Kollega, roles: [medarbetare], groups: [sv-ig-1] }
  - { id: sv.kollega4, name: Kerstin Kollega, roles: [medarbetare], groups: [sv-ig-1] }
promises:
  - id: sodervik-2026
    kommun: sodervik
    title: Medborgarlöfte Södervik 2026
    from: 2026-01-01
    to: 2026-12-31
    activities:
      - code: S1
        name: Närvaro i hamnen
        aliases: [hamnen, kajen]
        target: { amount: 10, unit: timmar, per: vecka }
`;

export interface Person {
  id: string;
  role: string;
  slack: string;
  lpo: "norrdal" | "sodervik" | "none";
}

/** One person per role in each LPO (plus a second gruppchef in Norrdal), and someone not registered. */
export const PEOPLE = {
  medarbetare: { id: "ali.hassan", role: "medarbetare", slack: "U0DEMO006", lpo: "norrdal" },
  gruppchef: { id: "anna.berg", role: "gruppchef (ig-1)", slack: "U0DEMO005", lpo: "norrdal" },
  gruppchef2: { id: "johan.lindqvist", role: "gruppchef (ig-2)", slack: "U0DEMO010", lpo: "norrdal" },
  kommunpolis: { id: "erik.johansson", role: "kommunpolis", slack: "U0DEMO003", lpo: "norrdal" },
  lpoChef: { id: "per.andersson", role: "lpo-chef", slack: "U0DEMO001", lpo: "norrdal" },
  admin: { id: "maria.ekstrom", role: "admin", slack: "U0DEMO002", lpo: "norrdal" },
  svMedarbetare: { id: "sv.medarbetare", role: "medarbetare, other LPO", slack: "U0SV001", lpo: "sodervik" },
  svGruppchef: { id: "sv.gruppchef", role: "gruppchef, other LPO", slack: "U0SV002", lpo: "sodervik" },
  svKommunpolis: { id: "sv.kommunpolis", role: "kommunpolis, other LPO", slack: "U0SV003", lpo: "sodervik" },
  svLpoChef: { id: "sv.lpochef", role: "lpo-chef, other LPO", slack: "U0SV004", lpo: "sodervik" },
  svAdmin: { id: "sv.admin", role: "admin, other LPO", slack: "U0SV005", lpo: "sodervik" },
  stranger: { id: "no.such.person", role: "not registered", slack: "U0NOBODY", lpo: "none" },
} satisfies Record<string, Person>;

export type PersonKey = keyof typeof PEOPLE;
export const EVERYONE = Object.keys(PEOPLE) as PersonKey[];

export async function openTwoLpoCore(kind: DatabaseKind = "sqlite", env: Record<string, string> = {}) {
  const core = await openTestCore(kind, { now: NOW, env });
  if (!core) return null;
  const outcome = await importOrganisationText(core.db.prisma, SECOND_LPO, "2026-11-01");
  if (!outcome.ok) throw new Error(`second LPO: ${JSON.stringify(outcome.errors)}`);
  return core;
}

/** Acting as a person through the core's front door (the console platform, as `loftesbot chat`). */
export function as(core: TestCore, who: Person) {
  return {
    /** on the console; mentions as its adapter sees them */
    say: (text: string, extra: { channelId?: string } = {}): Promise<Reply> =>
      core.bot.handleMessage({ platform: "console", userId: who.id, text, mentions: consoleMentions(text), ...extra }),
    /** in Slack, where a channel can be bound; mentions as its adapter sees them */
    sayInSlack: (text: string, channelId?: string): Promise<Reply> =>
      core.bot.handleMessage({ platform: "slack", userId: who.slack, text, channelId, mentions: slackMentions(text) }),
    click: (id: string, value: string): Promise<Reply> =>
      core.bot.handleAction({ platform: "console", userId: who.id, action: { id, value } satisfies Action }),
    submit: (formId: string, state: string, values: FormValues): Promise<FormOutcome> =>
      core.bot.submitForm({ platform: "console", userId: who.id, formId, state, values }),
  };
}

export function replyText(reply: Reply): string {
  return [reply.text, ...reply.blocks.map((b) => JSON.stringify(b)), reply.form ? JSON.stringify(reply.form) : ""].join(
    "\n",
  );
}

export function outcomeText(outcome: FormOutcome): string {
  return outcome.kind === "done" ? replyText(outcome.reply) : JSON.stringify(outcome);
}

/**
 * Everything a refused request must leave as it was: the activity log, the
 * promises and their targets, channel bindings, polls, answers, deliveries,
 * and audit rows of actions that change something (refusals may be audited).
 */
export async function state(core: TestCore): Promise<Record<string, unknown>> {
  const p = core.db.prisma;
  const audit = await p.auditEvent.findMany({ orderBy: [{ at: "asc" }, { id: "asc" }] });
  return {
    entries: await p.activityEntry.findMany({
      select: { id: true, personId: true, activityId: true, minutes: true, count: true, undoneAt: true, note: true },
      orderBy: { id: "asc" },
    }),
    promises: await p.citizenPromise.findMany({ orderBy: { id: "asc" } }),
    activities: await p.promiseActivity.findMany({ orderBy: { id: "asc" } }),
    targets: await p.activityTarget.count(),
    activityGroups: await p.activityGroup.count(),
    bindings: await p.channelBinding.findMany({
      select: { platform: true, channelId: true, groupId: true },
      orderBy: { channelId: "asc" },
    }),
    polls: await p.dialoguePoll.findMany({
      select: { id: true, status: true, followUp: true, title: true },
      orderBy: { id: "asc" },
    }),
    responses: await p.pollResponse.count(),
    answers: await p.pollAnswer.count(),
    deliveries: await p.delivery.count(),
    changes: audit
      .filter((a) => !/refused|\.view$/.test(a.action))
      .map((a) => `${a.action} ${a.subject} by ${a.actorId}`),
  };
}

/** A dialogue poll created through the form, as `/dialog ny` would; returns its id. */
export async function createPoll(
  core: TestCore,
  creator: Person,
  groups: string[],
  values: FormValues = {},
): Promise<string> {
  const outcome = await as(core, creator).submit(POLL_FORM, "", {
    kind: "vad",
    title: "Trygghet i centrum",
    concerns: "k:norrdal",
    template: "own",
    questions:
      "skala: Hur trygg känner du dig på Torget?\nval: Vad oroar mest? | Narkotika | Trafik | Skadegörelse\nfritext: Vad borde vi göra först?",
    groups,
    closesDay: "2026-12-02",
    closesTime: "16:00",
    anonymous: "ja",
    whatNext: "Resultatet tas upp på APT i december.",
    ...values,
  });
  expect(outcome.kind, outcomeText(outcome)).toBe("done");
  const poll = await core.db.prisma.dialoguePoll.findFirst({ orderBy: { createdAt: "desc" } });
  return poll!.id;
}

/** A cheap fingerprint of the same (counts only), for property tests that call it thousands of times. */
export async function fingerprint(core: TestCore): Promise<string> {
  const p = core.db.prisma;
  const counts = await Promise.all([
    p.activityEntry.count(),
    p.activityEntry.count({ where: { undoneAt: { not: null } } }),
    p.citizenPromise.count(),
    p.promiseActivity.count(),
    p.activityTarget.count(),
    p.activityGroup.count(),
    p.channelBinding.count(),
    p.dialoguePoll.count(),
    p.dialoguePoll.count({ where: { followUp: { not: null } } }),
    p.pollResponse.count(),
    p.pollAnswer.count(),
    p.delivery.count(),
    p.auditEvent.count({ where: { NOT: [{ action: { contains: "refused" } }, { action: { endsWith: ".view" } }] } }),
  ]);
  const promises = await p.citizenPromise.findMany({
    select: { title: true, fromDay: true, toDay: true },
    orderBy: { id: "asc" },
  });
  const activities = await p.promiseActivity.findMany({ select: { name: true, active: true }, orderBy: { id: "asc" } });
  return JSON.stringify([counts, promises, activities]);
}
