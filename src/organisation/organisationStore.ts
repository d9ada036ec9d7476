// Importing and exporting the organisation file. Import validates the whole
// file first and then writes everything in one transaction, so a file with
// any error changes nothing. Ids are the keys; importing the same file twice
// changes nothing (the second import reports 0 changes). A file naming what
// belongs to another LPO (a person, group, kommun or promise by its id, or a
// channel bound to one of its groups) is refused whole. Things missing from
// the file are kept (people have entries); what a listed thing holds (roles,
// groups, aliases, activity groups) is made to match the file. A changed
// target is added to the target history from the day of the import.
// importOrganisationFile (service start, `org import`) keeps the file as last
// imported per LPO and merges against it (organisationMerge.ts): changes made
// in chat that the file did not change survive, and what the file overrode is
// reported; an unchanged file imports nothing at all.
import type { Prisma } from "../storage/database.js";
import { mergeOrganisation, type Override } from "./organisationMerge.js";
import { afterCommit } from "../storage/organisationCache.js";
import { readRotation } from "../domain/shiftRotation.js";
import {
  type OrganisationFile,
  type OrganisationFileError,
  parseOrganisationFile,
  serializeOrganisationFile,
} from "./organisationFile.js";

type Tx = Omit<Prisma, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export type ImportOutcome =
  | { ok: true; changes: number; summary: Record<string, number> }
  | { ok: false; errors: OrganisationFileError[] };

/** Ids in slices under the database's limit of bound values (SQLite's adapter: 999; Prisma splits reads itself, not deletes). */
function chunks(ids: string[], size = 500): string[][] {
  const slices: string[][] = [];
  for (let i = 0; i < ids.length; i += size) slices.push(ids.slice(i, i + size));
  return slices;
}

/** Rows as lists per key (a person's roles, a person's groups). */
function listsBy<T>(rows: T[], key: (row: T) => string, value: (row: T) => string): Map<string, string[]> {
  const lists = new Map<string, string[]>();
  for (const row of rows) {
    const list = lists.get(key(row));
    if (list) list.push(value(row));
    else lists.set(key(row), [value(row)]);
  }
  return lists;
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && [...a].sort().join("\n") === [...b].sort().join("\n");
}

export async function importOrganisationText(
  prisma: Prisma,
  text: string,
  today: string,
  actorId: string | null = null,
): Promise<ImportOutcome> {
  const parsed = parseOrganisationFile(text);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  return importOrganisation(prisma, parsed.value, today, actorId);
}

export type FileImportOutcome =
  | { ok: true; unchanged: boolean; changes: number; summary: Record<string, number>; overrides: Override[] }
  | { ok: false; errors: OrganisationFileError[] };

/**
 * Imports an organisation file as the one source of truth it shares with the chat (see the file
 * comment): nothing when the text is the one last imported for its LPO; else the three-way merge
 * against that text, whose overrides are returned; the text is then recorded as the last import.
 */
export async function importOrganisationFile(
  prisma: Prisma,
  text: string,
  today: string,
  file: string,
  actorId: string | null = null,
): Promise<FileImportOutcome> {
  const parsed = parseOrganisationFile(text);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  const lpoId = parsed.value.lpo.id;
  const last = await prisma.organisationFileImport.findUnique({ where: { lpoId } });
  if (last?.text === text) return { ok: true, unchanged: true, changes: 0, summary: {}, overrides: [] };
  const base = last ? parseOrganisationFile(last.text) : null;
  const current = last ? await exportOrganisation(prisma, lpoId) : null;
  const { merged, overrides } = mergeOrganisation(parsed.value, base?.ok ? base.value : null, current);
  const outcome = await importOrganisation(prisma, merged, today, actorId);
  if (!outcome.ok) return outcome;
  await prisma.organisationFileImport.upsert({
    where: { lpoId },
    create: { lpoId, file, text },
    update: { file, text, importedAt: new Date() },
  });
  return { ...outcome, unchanged: false, overrides };
}

export async function importOrganisation(
  prisma: Prisma,
  org: OrganisationFile,
  today: string,
  actorId: string | null = null,
): Promise<ImportOutcome> {
  const summary: Record<string, number> = {};
  const changed = (what: string) => {
    summary[what] = (summary[what] ?? 0) + 1;
  };
  // people referenced as group leads must exist before groups; groups before memberships
  const refused = await afterCommit(
    prisma.$transaction(
      async (tx) => {
        // checked inside the transaction, so that what is checked is what is written over
        const conflicts = await crossLpoConflicts(tx, org);
        if (conflicts.length > 0) throw new ImportRefused(conflicts);
        await upsertLpo(tx, org, changed);
        for (const k of org.kommuner) {
          const existing = await tx.kommun.findUnique({ where: { id: k.id } });
          if (!existing) {
            await tx.kommun.create({ data: { id: k.id, name: k.name, lpoId: org.lpo.id } });
            changed("kommuner");
          } else if (existing.name !== k.name || existing.lpoId !== org.lpo.id) {
            await tx.kommun.update({ where: { id: k.id }, data: { name: k.name, lpoId: org.lpo.id } });
            changed("kommuner");
          }
        }
        // what is stored for the people and groups of the file, read in bulk (one query per table, not
        // per person: a file of 2 000 people is thousands of queries fewer), then compared in memory
        const personIds = org.people.map((p) => p.id);
        const groupIds = org.groups.map((g) => g.id);
        const people = await tx.person.findMany({ where: { id: { in: personIds } } });
        const roles = await tx.personRole.findMany({ where: { personId: { in: personIds } } });
        const memberships = await tx.groupMember.findMany({ where: { personId: { in: personIds } } });
        const groups = await tx.group.findMany({ where: { id: { in: groupIds } } });
        const bindings = await tx.channelBinding.findMany({ where: { groupId: { in: groupIds } } });
        const storedPeople = new Map(people.map((p) => [p.id, p]));
        const storedRoles = listsBy(
          roles,
          (r) => r.personId,
          (r) => r.role,
        );
        const storedGroupsOf = listsBy(
          memberships,
          (m) => m.personId,
          (m) => m.groupId,
        );
        const storedGroups = new Map(groups.map((g) => [g.id, g]));
        const storedChannels = new Map(bindings.map((b) => [`${b.groupId}|${b.platform}`, b.channelId]));

        const newPeople = [];
        for (const p of org.people) {
          const data = {
            name: p.name,
            lpoId: org.lpo.id,
            lang: p.lang ?? null,
            slackUserId: p.slack ?? null,
            teamsAadId: p.teams ?? null,
          };
          const existing = storedPeople.get(p.id);
          if (!existing) {
            newPeople.push({ id: p.id, ...data });
            changed("people");
          } else if (
            existing.name !== data.name ||
            existing.lpoId !== data.lpoId ||
            existing.lang !== data.lang ||
            existing.slackUserId !== data.slackUserId ||
            existing.teamsAadId !== data.teamsAadId
          ) {
            await tx.person.update({ where: { id: p.id }, data });
            changed("people");
          }
        }
        if (newPeople.length > 0) await tx.person.createMany({ data: newPeople });
        const rolesChanged = org.people.filter((p) => !sameSet(storedRoles.get(p.id) ?? [], p.roles));
        if (rolesChanged.length > 0) {
          for (const ids of chunks(rolesChanged.map((p) => p.id)))
            await tx.personRole.deleteMany({ where: { personId: { in: ids } } });
          await tx.personRole.createMany({
            data: rolesChanged.flatMap((p) => p.roles.map((role) => ({ personId: p.id, role }))),
          });
          for (const _ of rolesChanged) changed("roles");
        }

        const newGroups = [];
        for (const g of org.groups) {
          const data = {
            name: g.name,
            kind: g.kind,
            lpoId: org.lpo.id,
            leadId: g.lead ?? null,
            remindersEnabled: g.reminders ?? false,
            shifts: g.shifts ? JSON.stringify(g.shifts) : null,
          };
          const existing = storedGroups.get(g.id);
          if (!existing) {
            newGroups.push({ id: g.id, ...data });
            changed("groups");
          } else if (
            existing.name !== data.name ||
            existing.kind !== data.kind ||
            existing.lpoId !== data.lpoId ||
            existing.leadId !== data.leadId ||
            existing.remindersEnabled !== data.remindersEnabled ||
            (existing.shifts ?? null) !== data.shifts
          ) {
            await tx.group.update({ where: { id: g.id }, data });
            changed("groups");
          }
        }
        if (newGroups.length > 0) await tx.group.createMany({ data: newGroups });
        for (const g of org.groups) {
          for (const platform of ["slack", "teams"] as const) {
            const channelId = g.channels?.[platform];
            if (!channelId || storedChannels.get(`${g.id}|${platform}`) === channelId) continue;
            // the channel may be bound to another group, and this group to another channel: both go
            await tx.channelBinding.deleteMany({
              where: {
                OR: [
                  { platform, channelId },
                  { platform, groupId: g.id },
                ],
              },
            });
            await tx.channelBinding.create({ data: { platform, channelId, groupId: g.id } });
            changed("channels");
          }
        }

        const membershipsChanged = org.people.filter((p) => !sameSet(storedGroupsOf.get(p.id) ?? [], p.groups));
        if (membershipsChanged.length > 0) {
          for (const ids of chunks(membershipsChanged.map((p) => p.id)))
            await tx.groupMember.deleteMany({ where: { personId: { in: ids } } });
          await tx.groupMember.createMany({
            data: membershipsChanged.flatMap((p) => p.groups.map((groupId) => ({ personId: p.id, groupId }))),
          });
          for (const _ of membershipsChanged) changed("memberships");
        }
        for (const promise of org.promises) await upsertPromise(tx, promise, today, changed);
        const changes = Object.values(summary).reduce((a, b) => a + b, 0);
        if (changes > 0) {
          await tx.auditEvent.create({
            data: { actorId, action: "org.import", subject: org.lpo.id, detail: JSON.stringify(summary) },
          });
        }
      },
      { timeout: 120_000, maxWait: 10_000 },
    ),
  ).then(
    () => null,
    (error: unknown) => {
      if (error instanceof ImportRefused) return error.errors;
      throw error;
    },
  );
  if (refused) return { ok: false, errors: refused };
  return { ok: true, changes: Object.values(summary).reduce((a, b) => a + b, 0), summary };
}

/** Thrown inside the import's transaction to roll it back with the file's errors. */
class ImportRefused extends Error {
  constructor(readonly errors: OrganisationFileError[]) {
    super("organisation file refused");
  }
}

/**
 * What the file names that belongs to another LPO: people, groups, kommuner and promises (a promise's
 * activities are its own: they go with it), and chat channels bound to another LPO's groups. Ids are
 * the keys, so any of these in another LPO's file would be moved or renamed by the import; instead the
 * whole file is refused, each with its path.
 */
async function crossLpoConflicts(tx: Tx, org: OrganisationFile): Promise<OrganisationFileError[]> {
  const errors: OrganisationFileError[] = [];
  const lpo = org.lpo.id;
  const owned = (
    section: "people" | "groups" | "kommuner" | "promises",
    what: string,
    rows: { id: string; lpoId: string }[],
  ) => {
    const ids: string[] = org[section].map((x) => x.id);
    for (const row of rows)
      if (row.lpoId !== lpo)
        errors.push({
          path: `${section}[${ids.indexOf(row.id)}].id`,
          message: `${what} "${row.id}" belongs to LPO "${row.lpoId}"`,
        });
  };
  const select = { id: true, lpoId: true } as const;
  const idsOf = (list: { id: string }[]) => ({ id: { in: list.map((x) => x.id) } });
  owned("people", "person", await tx.person.findMany({ where: idsOf(org.people), select }));
  owned("groups", "group", await tx.group.findMany({ where: idsOf(org.groups), select }));
  owned("kommuner", "kommun", await tx.kommun.findMany({ where: idsOf(org.kommuner), select }));
  const promises = await tx.citizenPromise.findMany({
    where: idsOf(org.promises),
    select: { id: true, kommun: { select: { lpoId: true } } },
  });
  owned(
    "promises",
    "promise",
    promises.map((p) => ({ id: p.id, lpoId: p.kommun.lpoId })),
  );
  for (const platform of ["slack", "teams"] as const) {
    const named = org.groups.flatMap((g, i) => {
      const channelId = g.channels?.[platform];
      return channelId ? [{ channelId, path: `groups[${i}].channels.${platform}` }] : [];
    });
    if (named.length === 0) continue;
    const bound = await tx.channelBinding.findMany({
      where: { platform, channelId: { in: named.map((n) => n.channelId) }, group: { lpoId: { not: lpo } } },
      select: { channelId: true, group: { select: { lpoId: true } } },
    });
    for (const b of bound) {
      const path = named.find((n) => n.channelId === b.channelId)?.path ?? "groups";
      errors.push({ path, message: `channel "${b.channelId}" is bound to a group of LPO "${b.group.lpoId}"` });
    }
  }
  return errors.sort((a, b) => sectionOrder(a.path) - sectionOrder(b.path));
}

/** Errors in the order of the file: by section (lpo, kommuner, groups, people, promises), then by item. */
function sectionOrder(path: string): number {
  const order = ["lpo", "kommuner", "groups", "people", "promises"];
  const section = order.indexOf(path.replace(/[[.].*$/, ""));
  const index = Number(/^\w+\[(\d+)\]/.exec(path)?.[1] ?? 0);
  return section * 1_000_000 + index;
}

async function upsertLpo(tx: Tx, org: OrganisationFile, changed: (what: string) => void): Promise<void> {
  const data = {
    name: org.lpo.name,
    weeklyStatusCron: org.lpo.weeklyStatusCron ?? null,
    digestCron: org.lpo.digestCron ?? null,
    showNamesInDigest: org.lpo.showNamesInDigest ?? false,
    maxHoursPerDay: org.lpo.maxHoursPerDay ?? null,
  };
  const existing = await tx.lpo.findUnique({ where: { id: org.lpo.id } });
  if (!existing) {
    await tx.lpo.create({ data: { id: org.lpo.id, ...data } });
    changed("lpo");
  } else if (
    existing.name !== data.name ||
    existing.weeklyStatusCron !== data.weeklyStatusCron ||
    existing.digestCron !== data.digestCron ||
    existing.showNamesInDigest !== data.showNamesInDigest ||
    existing.maxHoursPerDay !== data.maxHoursPerDay
  ) {
    await tx.lpo.update({ where: { id: org.lpo.id }, data });
    changed("lpo");
  }
}

async function upsertPromise(
  tx: Tx,
  promise: OrganisationFile["promises"][number],
  today: string,
  changed: (what: string) => void,
): Promise<void> {
  const data = {
    kommunId: promise.kommun,
    title: promise.title,
    fromDay: promise.from,
    toDay: promise.to,
    // what the promise aims at for the effect follow-up (one name a line; absent = none)
    effectIndicators: (promise.effect?.indicators ?? []).map((s) => s.trim()).join("\n"),
    effectAreas: (promise.effect?.areas ?? []).map((s) => s.trim()).join("\n"),
    comparisonArea: promise.effect?.comparison?.trim() || null,
    // why the promise exists (absent = "")
    problem: promise.problem ?? "",
    purpose: promise.purpose ?? "",
    intendedEffect: promise.intendedEffect ?? "",
    citizenMessage: promise.tellCitizens ?? "",
  };
  const existing = await tx.citizenPromise.findUnique({ where: { id: promise.id } });
  if (!existing) {
    await tx.citizenPromise.create({ data: { id: promise.id, ...data } });
    changed("promises");
  } else if (
    existing.kommunId !== data.kommunId ||
    existing.title !== data.title ||
    existing.fromDay !== data.fromDay ||
    existing.toDay !== data.toDay ||
    existing.effectIndicators !== data.effectIndicators ||
    existing.effectAreas !== data.effectAreas ||
    existing.comparisonArea !== data.comparisonArea ||
    existing.problem !== data.problem ||
    existing.purpose !== data.purpose ||
    existing.intendedEffect !== data.intendedEffect ||
    existing.citizenMessage !== data.citizenMessage
  ) {
    await tx.citizenPromise.update({ where: { id: promise.id }, data });
    changed("promises");
  }
  for (const [position, a] of promise.activities.entries()) {
    const aliases = a.aliases.join("\n");
    const fields = {
      name: a.name,
      aliases,
      unit: a.target.unit,
      position,
      baselineAmount: a.baseline ?? null,
      shareBasis: a.shareBasis ?? "members",
      active: true,
    };
    let activity = await tx.promiseActivity.findUnique({
      where: { promiseId_code: { promiseId: promise.id, code: a.code } },
    });
    if (!activity) {
      activity = await tx.promiseActivity.create({ data: { promiseId: promise.id, code: a.code, ...fields } });
      changed("activities");
    } else if (
      activity.name !== fields.name ||
      activity.aliases !== fields.aliases ||
      activity.unit !== fields.unit ||
      activity.position !== fields.position ||
      activity.baselineAmount !== fields.baselineAmount ||
      activity.shareBasis !== fields.shareBasis ||
      !activity.active
    ) {
      activity = await tx.promiseActivity.update({ where: { id: activity.id }, data: fields });
      changed("activities");
    }
    const targets = await tx.activityTarget.findMany({
      where: { activityId: activity.id },
      orderBy: [{ validFrom: "asc" }, { createdAt: "asc" }],
    });
    const current = targets.filter((t) => t.validFrom <= today).at(-1) ?? targets.at(-1);
    if (
      !current ||
      current.amount !== a.target.amount ||
      current.unit !== a.target.unit ||
      current.per !== a.target.per
    ) {
      // before the promise starts, a changed target simply replaces the one it starts with
      const validFrom = targets.length === 0 || today < promise.from ? promise.from : today;
      await tx.activityTarget.deleteMany({ where: { activityId: activity.id, validFrom } });
      await tx.activityTarget.create({
        data: { activityId: activity.id, amount: a.target.amount, unit: a.target.unit, per: a.target.per, validFrom },
      });
      changed("targets");
    }
    // a group with its explicit share (or none): "ig-1=4"
    const key = (groupId: string, share: number | null | undefined) => `${groupId}=${share ?? ""}`;
    const groups = (await tx.activityGroup.findMany({ where: { activityId: activity.id } })).map((g) =>
      key(g.groupId, g.share),
    );
    const wanted = (a.groups ?? []).map((groupId) => ({ groupId, share: a.shares?.[groupId] ?? null }));
    if (
      !sameSet(
        groups,
        wanted.map((g) => key(g.groupId, g.share)),
      )
    ) {
      await tx.activityGroup.deleteMany({ where: { activityId: activity.id } });
      await tx.activityGroup.createMany({ data: wanted.map((g) => ({ activityId: activity.id, ...g })) });
      changed("activityGroups");
    }
  }
}

/** The organisation of one LPO as a file (the current targets; channel bindings included). */
export async function exportOrganisation(prisma: Prisma, lpoId?: string): Promise<OrganisationFile | null> {
  const lpo = lpoId
    ? await prisma.lpo.findUnique({ where: { id: lpoId } })
    : await prisma.lpo.findFirst({ orderBy: { id: "asc" } });
  if (!lpo) return null;
  const [kommuner, groups, people, promises] = await Promise.all([
    prisma.kommun.findMany({ where: { lpoId: lpo.id }, orderBy: { id: "asc" } }),
    prisma.group.findMany({ where: { lpoId: lpo.id }, include: { channels: true }, orderBy: { id: "asc" } }),
    prisma.person.findMany({
      where: { lpoId: lpo.id, forgottenAt: null },
      include: { roles: true, memberships: true },
      orderBy: { id: "asc" },
    }),
    prisma.citizenPromise.findMany({
      where: { kommun: { lpoId: lpo.id } },
      include: {
        activities: { where: { active: true }, include: { targets: true, groups: true }, orderBy: { position: "asc" } },
      },
      orderBy: { id: "asc" },
    }),
  ]);
  const roleOrder = ["medarbetare", "gruppchef", "kommunpolis", "lpo-chef", "admin"];
  return {
    lpo: {
      id: lpo.id,
      name: lpo.name,
      ...(lpo.weeklyStatusCron ? { weeklyStatusCron: lpo.weeklyStatusCron } : {}),
      ...(lpo.digestCron ? { digestCron: lpo.digestCron } : {}),
      ...(lpo.showNamesInDigest ? { showNamesInDigest: true } : {}),
      ...(lpo.maxHoursPerDay != null ? { maxHoursPerDay: lpo.maxHoursPerDay } : {}),
    },
    kommuner: kommuner.map((k) => ({ id: k.id, name: k.name })),
    groups: groups.map((g) => {
      const slack = g.channels.find((c) => c.platform === "slack")?.channelId;
      const teams = g.channels.find((c) => c.platform === "teams")?.channelId;
      return {
        id: g.id,
        name: g.name,
        kind: g.kind as OrganisationFile["groups"][number]["kind"],
        ...(g.leadId ? { lead: g.leadId } : {}),
        ...(g.remindersEnabled ? { reminders: true } : {}),
        ...(readRotation(g.shifts) ? { shifts: readRotation(g.shifts)! } : {}),
        ...(slack || teams ? { channels: { ...(slack ? { slack } : {}), ...(teams ? { teams } : {}) } } : {}),
      };
    }),
    people: people.map((p) => ({
      id: p.id,
      name: p.name,
      roles: p.roles
        .map((r) => r.role)
        .sort((a, b) => roleOrder.indexOf(a) - roleOrder.indexOf(b)) as OrganisationFile["people"][number]["roles"],
      groups: p.memberships.map((m) => m.groupId).sort(),
      ...(p.slackUserId ? { slack: p.slackUserId } : {}),
      ...(p.teamsAadId ? { teams: p.teamsAadId } : {}),
      ...(p.lang === "sv" || p.lang === "en" ? { lang: p.lang } : {}),
    })),
    promises: promises.map((pr) => ({
      id: pr.id,
      kommun: pr.kommunId,
      title: pr.title,
      from: pr.fromDay,
      to: pr.toDay,
      ...(pr.problem ? { problem: pr.problem } : {}),
      ...(pr.purpose ? { purpose: pr.purpose } : {}),
      ...(pr.intendedEffect ? { intendedEffect: pr.intendedEffect } : {}),
      ...(pr.citizenMessage ? { tellCitizens: pr.citizenMessage } : {}),
      ...effectOf(pr),
      activities: pr.activities.map((a) => {
        const target = [...a.targets]
          .sort((x, y) => x.validFrom.localeCompare(y.validFrom) || x.createdAt.getTime() - y.createdAt.getTime())
          .at(-1)!;
        return {
          code: a.code,
          name: a.name,
          aliases: a.aliases.split("\n").filter(Boolean),
          target: { amount: target.amount, unit: target.unit as "timmar", per: target.per as "vecka" },
          ...(a.groups.length > 0 ? { groups: a.groups.map((g) => g.groupId).sort() } : {}),
          ...(a.groups.some((g) => g.share !== null)
            ? {
                shares: Object.fromEntries(
                  [...a.groups]
                    .sort((x, y) => x.groupId.localeCompare(y.groupId))
                    .map((g) => [g.groupId, g.share ?? 0]),
                ),
              }
            : {}),
          ...(a.shareBasis !== "members" ? { shareBasis: a.shareBasis as "equal" } : {}),
          ...(a.baselineAmount !== null ? { baseline: a.baselineAmount } : {}),
        };
      }),
    })),
  };
}

/** A promise's effect aims as the organisation file writes them; nothing when it names none. */
function effectOf(pr: { effectIndicators: string; effectAreas: string; comparisonArea: string | null }): {
  effect?: NonNullable<OrganisationFile["promises"][number]["effect"]>;
} {
  const indicators = pr.effectIndicators.split("\n").filter(Boolean);
  const areas = pr.effectAreas.split("\n").filter(Boolean);
  if (indicators.length === 0 && areas.length === 0 && !pr.comparisonArea) return {};
  return {
    effect: {
      ...(indicators.length > 0 ? { indicators } : {}),
      ...(areas.length > 0 ? { areas } : {}),
      ...(pr.comparisonArea ? { comparison: pr.comparisonArea } : {}),
    },
  };
}

export async function exportOrganisationText(prisma: Prisma, lpoId?: string): Promise<string | null> {
  const org = await exportOrganisation(prisma, lpoId);
  return org ? serializeOrganisationFile(org) : null;
}
