// One source of truth for the organisation when both the file and the chat
// change it: a three-way merge of the file being imported (`file`) over what
// the database holds now (`current`, as exported), against the file as it was
// last imported (`base`). Invariants:
// - a field the file did not change since its last import keeps the
//   database's value: a channel bound with `/loftesbot koppla`, an activity
//   renamed or a target changed with `/lofte`, survives re-importing an
//   unchanged (or otherwise changed) file;
// - a field the file changed wins; when the database had changed that same
//   field since the last import, the merge names it (an override), so the
//   import can say what it overrode;
// - what the file does not name is not touched (promises made with
//   `/lofte ny` are kept; the importer never deletes);
// - without a base (no import recorded yet) the file wins everywhere, as a
//   plain import does.
// Pure: no database; organisationStore.ts reads and writes.
import type { OrganisationFile } from "./organisationFile.js";

/** A field the file changed that had also been changed in the database (in chat) since the last import. */
export interface Override {
  /** e.g. `groups[ig-1].channels.slack`, `promises[p1].activities[L1].target` */
  path: string;
  /** the database's value before the import (as in the file format) */
  was: unknown;
  /** the file's value, now stored */
  now: unknown;
}

/** Values compared as the file means them: absent and false/empty alike, lists as sets. */
function normal(value: unknown): string {
  if (value === undefined || value === null || value === false) return "";
  if (Array.isArray(value)) return value.length === 0 ? "" : JSON.stringify([...value].map(normal).sort());
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => normal(v) !== "")
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, normal(v)]);
    return entries.length === 0 ? "" : JSON.stringify(entries);
  }
  return JSON.stringify(value);
}

const same = (a: unknown, b: unknown) => normal(a) === normal(b);

/**
 * Merges `fields` of one item: the file's value where the file changed it since `base`
 * (an override when `current` had changed too), else the current value.
 */
function mergeItem<T extends object>(
  path: string,
  file: T,
  base: T | undefined,
  current: T | undefined,
  fields: readonly (keyof T & string)[],
  overrides: Override[],
): T {
  if (!base || !current) return file;
  const merged = { ...file };
  for (const field of fields) {
    const f = file[field];
    const b = base[field];
    const c = current[field];
    if (same(f, b)) {
      if (c === undefined) delete merged[field];
      else merged[field] = c;
    } else if (!same(c, b) && !same(c, f)) overrides.push({ path: `${path}.${field}`, was: c, now: f });
  }
  return merged;
}

function byKey<T>(items: readonly T[] | undefined, key: (item: T) => string): Map<string, T> {
  return new Map((items ?? []).map((item) => [key(item), item]));
}

/** The file to import so that chat changes the file did not touch are kept; and what it overrides. */
export function mergeOrganisation(
  file: OrganisationFile,
  base: OrganisationFile | null,
  current: OrganisationFile | null,
): { merged: OrganisationFile; overrides: Override[] } {
  const overrides: Override[] = [];
  if (!base || !current || base.lpo.id !== file.lpo.id || current.lpo.id !== file.lpo.id)
    return { merged: file, overrides };
  const id = (x: { id: string }) => x.id;
  const baseGroups = byKey(base.groups, id);
  const currentGroups = byKey(current.groups, id);
  const basePeople = byKey(base.people, id);
  const currentPeople = byKey(current.people, id);
  const baseKommuner = byKey(base.kommuner, id);
  const currentKommuner = byKey(current.kommuner, id);
  const basePromises = byKey(base.promises, id);
  const currentPromises = byKey(current.promises, id);
  const lpo = mergeItem(
    "lpo",
    file.lpo,
    base.lpo,
    current.lpo,
    ["name", "weeklyStatusCron", "digestCron", "showNamesInDigest", "maxHoursPerDay"],
    overrides,
  );
  const kommuner = file.kommuner.map((k) =>
    mergeItem(`kommuner[${k.id}]`, k, baseKommuner.get(k.id), currentKommuner.get(k.id), ["name"], overrides),
  );
  const groups = file.groups.map((g) => {
    const b = baseGroups.get(g.id);
    const c = currentGroups.get(g.id);
    const merged = mergeItem(`groups[${g.id}]`, g, b, c, ["name", "kind", "lead", "reminders"], overrides);
    if (!b || !c) return merged;
    // each platform's channel on its own: a Slack channel bound in chat and a Teams channel changed in the file both hold
    const channels = mergeItem(
      `groups[${g.id}].channels`,
      g.channels ?? {},
      b.channels ?? {},
      c.channels ?? {},
      ["slack", "teams"],
      overrides,
    );
    const { channels: _, ...rest } = merged;
    return normal(channels) === "" ? rest : { ...rest, channels };
  });
  const people = file.people.map((p) =>
    mergeItem(
      `people[${p.id}]`,
      p,
      basePeople.get(p.id),
      currentPeople.get(p.id),
      ["name", "roles", "groups", "slack", "teams", "lang"],
      overrides,
    ),
  );
  const promises = file.promises.map((p) => {
    const b = basePromises.get(p.id);
    const c = currentPromises.get(p.id);
    const merged = mergeItem(`promises[${p.id}]`, p, b, c, ["kommun", "title", "from", "to"], overrides);
    const baseActivities = byKey(b?.activities, (a) => a.code);
    const currentActivities = byKey(c?.activities, (a) => a.code);
    return {
      ...merged,
      activities: p.activities.map((a) =>
        mergeItem(
          `promises[${p.id}].activities[${a.code}]`,
          a,
          baseActivities.get(a.code),
          currentActivities.get(a.code),
          ["name", "aliases", "target", "groups", "baseline"],
          overrides,
        ),
      ),
    };
  });
  return { merged: { lpo, kommuner, groups, people, promises }, overrides };
}

/** An override as one line for the operator: `groups[ig-1].channels.slack: "C0CHAT" (changed in chat) replaced by "C0FILE" from the file`. */
export function describeOverride(o: Override): string {
  const show = (v: unknown) => (v === undefined ? "(none)" : JSON.stringify(v));
  return `${o.path}: ${show(o.was)} (changed in chat) replaced by ${show(o.now)} from the file`;
}
