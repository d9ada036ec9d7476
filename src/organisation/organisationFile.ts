/**
 * The organisation file: LPO, kommuner, groups, people and promises, as YAML
 * (or the same shape as JSON). See CONTRACT.md, "The organisation file".
 *
 * Validation happens in two passes, and every error of both is reported with
 * its path (`people[3].roles[0]: unknown role "chef"`):
 *  1. shape (zod, strict objects: unknown fields are errors; ids are letters,
 *     digits, ".", "_" and "-", so that no id is a path);
 *  2. cross references (unique ids, group leads, group memberships, kommun of a
 *     promise, activity groups, activity codes, to ≥ from). This pass also runs
 *     when the shape pass failed, on whatever parts are well-formed, so that one
 *     import shows all the mistakes at once.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { validate as validateCron } from "node-cron";
import { Document, isPair, isScalar, isSeq, parse as parseYaml, visit, YAMLError } from "yaml";
import { z } from "zod/v4";
import { MAX_PATTERN_DAYS, SHIFT_KINDS, type ShiftRotation } from "../domain/shiftRotation.js";

export const ROLES = ["medarbetare", "gruppchef", "kommunpolis", "lpo-chef", "admin"] as const;
export type Role = (typeof ROLES)[number];
export const GROUP_KINDS = ["ig", "omrade", "utredning", "annan"] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];
export const UNITS = ["timmar", "tillfällen"] as const;
export type Unit = (typeof UNITS)[number];
export const TARGET_PERIODS = ["vecka", "månad", "kvartal", "period"] as const;
export type TargetPeriod = (typeof TARGET_PERIODS)[number];
export const LANGS = ["sv", "en"] as const;
export type Lang = (typeof LANGS)[number];

export interface OrganisationLpo {
  id: string;
  name: string;
  weeklyStatusCron?: string;
  digestCron?: string;
  showNamesInDigest?: boolean;
  /** hours a person plausibly works in a day; a line above it is asked about (default 12) */
  maxHoursPerDay?: number;
}
export interface OrganisationKommun {
  id: string;
  name: string;
}
export interface OrganisationGroup {
  id: string;
  name: string;
  kind: GroupKind;
  lead?: string;
  reminders?: boolean;
  channels?: { slack?: string; teams?: string };
  /** the turlag's shift rotation; without one the fixed send times hold */
  shifts?: ShiftRotation;
}
export interface OrganisationPerson {
  id: string;
  name: string;
  roles: Role[];
  groups: string[];
  slack?: string;
  teams?: string;
  lang?: Lang;
}
export interface OrganisationTarget {
  amount: number;
  unit: Unit;
  per: TargetPeriod;
}
export interface OrganisationActivity {
  code: string;
  name: string;
  aliases: string[];
  target: OrganisationTarget;
  groups?: string[];
  /** each group's explicit share of the target (weights: target × share / sum of shares); every group of `groups` */
  shares?: Record<string, number>;
  /** without `shares`: split by the groups' members (default) or equally */
  shareBasis?: ShareBasis;
  baseline?: number;
}
/** What a promise aims at, for the effect follow-up: indicator and area names as in the indicator file. */
export interface OrganisationPromiseEffect {
  indicators?: string[];
  areas?: string[];
  comparison?: string;
}
export const SHARE_BASES = ["members", "equal"] as const;
export type ShareBasis = (typeof SHARE_BASES)[number];
export interface OrganisationPromise {
  id: string;
  kommun: string;
  title: string;
  from: string;
  to: string;
  /** the lägesbild: the problem the promise answers */
  problem?: string;
  purpose?: string;
  /** the intended effect, in words (`effect` is the effect follow-up's indicators and areas) */
  intendedEffect?: string;
  /** one sentence officers can tell citizens about the promise */
  tellCitizens?: string;
  activities: OrganisationActivity[];
  effect?: OrganisationPromiseEffect;
}
export interface OrganisationFile {
  lpo: OrganisationLpo;
  kommuner: OrganisationKommun[];
  groups: OrganisationGroup[];
  people: OrganisationPerson[];
  promises: OrganisationPromise[];
}

/** `path` like `people[3].roles[0]` ("" for the whole file); `message` like `unknown role "chef"`. */
export interface OrganisationFileError {
  path: string;
  message: string;
}
export type OrganisationFileResult =
  | { ok: true; value: OrganisationFile }
  | { ok: false; errors: OrganisationFileError[] };

/** LOFTESBOT_ORG_FILE_MAX_MB's default: a 10 000-person file is 1.5–3.2 MB (compact JSON to indented JSON). */
export const ORG_FILE_MAX_MB_DEFAULT = 10;

/** Absolute path of the demo organisation (loaded into an empty database unless LOFTESBOT_DEMO=0). */
export const DEMO_ORGANISATION_FILE: string = fileURLToPath(new URL("./demo-organisation.yaml", import.meta.url));

// ---------------------------------------------------------------------------
// Helpers

/** A value as it should appear in a message: strings quoted, lists/objects named. */
function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  return String(value);
}

const options = (values: readonly string[]) => values.join(" | ");

const DATE_FORMAT = /^(\d{4})-(\d{2})-(\d{2})$/;

function isRealDate(s: string): boolean {
  const m = DATE_FORMAT.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function dateToYmd(d: Date): string {
  return d.toISOString().slice(0, 10);
}

const NO_SPACE = /^\S+$/;

/** Error callback for a schema: a specific message, or fall back to the generic map for a missing value. */
type Iss = { input?: unknown; code?: string };
const unlessMissing =
  (message: (input: unknown) => string) =>
  (iss: Iss): string | undefined =>
    iss.input === undefined ? undefined : message(iss.input);

// ---------------------------------------------------------------------------
// Shape (pass 1)

const text = (what = "text") =>
  z
    .string({ error: unlessMissing((v) => `must be ${what} (got ${show(v)})`) })
    .refine((s) => s.trim().length > 0, { error: "must not be empty" });

/**
 * An id (of the LPO, a kommun, group, person or promise) is a key people type in commands and that
 * names files (`loftesbot report`): letters (Swedish ones too, either case), digits, ".", "_" and "-",
 * starting with a letter or digit, at most 64 characters — so never a path, a hidden file or an option.
 */
const ID = /^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u;
const ID_MAX = 64;

function idProblem(s: string): string | null {
  if (s === "") return "id must not be empty";
  if (!NO_SPACE.test(s)) return `invalid id ${show(s)} (no spaces allowed)`;
  if (!ID.test(s))
    return `invalid id ${show(s)} (letters, digits, ".", "_" and "-", starting with a letter or digit, e.g. "anna.berg")`;
  if ([...s].length > ID_MAX) return `invalid id ${show(s)} (at most ${ID_MAX} characters)`;
  return null;
}

const idSchema = z
  .string({
    error: unlessMissing((v) =>
      typeof v === "number" ? `id must be text (got ${v}); put it in quotes` : `id must be text (got ${show(v)})`,
    ),
  })
  .refine((s) => idProblem(s) === null, {
    error: (iss) => (typeof iss.input === "string" ? (idProblem(iss.input) ?? "invalid id") : "invalid id"),
  });

/** A reference to an id elsewhere in the file (checked in pass 2). */
const refSchema = (what: string) =>
  z
    .string({
      error: unlessMissing((v) =>
        typeof v === "number"
          ? `${what} must be text (got ${v}); put it in quotes`
          : `${what} must be text (got ${show(v)})`,
      ),
    })
    .refine((s) => s.length > 0 && NO_SPACE.test(s), {
      error: (iss) => `invalid ${what} ${show(iss.input)} (no spaces allowed)`,
    });

/** A chat user or channel id (Slack `U…`/`C…`, Teams object id or `19:…@thread.tacv2`). */
const chatIdSchema = refSchema;

const booleanSchema = z.boolean({ error: unlessMissing((v) => `must be true or false (got ${show(v)})`) });

const cronSchema = z
  .string({ error: unlessMissing((v) => `cron expression must be text (got ${show(v)})`) })
  .refine((s) => validateCron(s), { error: (iss) => `invalid cron expression ${show(iss.input)}` });

const dateSchema = z.string({ error: unlessMissing(() => "date must be YYYY-MM-DD") }).refine((s) => isRealDate(s), {
  error: (iss) =>
    typeof iss.input === "string" && DATE_FORMAT.test(iss.input)
      ? `not a real date ${show(iss.input)}`
      : "date must be YYYY-MM-DD",
});

const roleSchema = z.enum(ROLES, { error: unlessMissing((v) => `unknown role ${show(v)}`) });
const kindSchema = z.enum(GROUP_KINDS, {
  error: unlessMissing((v) => `unknown group kind ${show(v)} (${options(GROUP_KINDS)})`),
});
const unitSchema = z.enum(UNITS, { error: unlessMissing((v) => `unknown unit ${show(v)} (${options(UNITS)})`) });
const perSchema = z.enum(TARGET_PERIODS, {
  error: unlessMissing((v) => `unknown period ${show(v)} (${options(TARGET_PERIODS)})`),
});
const langSchema = z.enum(LANGS, { error: unlessMissing((v) => `unknown language ${show(v)} (${options(LANGS)})`) });

const list = <T extends z.ZodType>(item: T) =>
  z.array(item, { error: unlessMissing((v) => `must be a list (got ${show(v)})`) });

const optionalList = <T extends z.ZodType>(item: T) => list(item).default(() => []);

const lpoSchema = z.strictObject(
  {
    id: idSchema,
    name: text(),
    weeklyStatusCron: cronSchema.optional(),
    digestCron: cronSchema.optional(),
    showNamesInDigest: booleanSchema.optional(),
    maxHoursPerDay: z
      .number({ error: unlessMissing((v) => `must be a number of hours, e.g. 12 (got ${show(v)})`) })
      .gt(0, { error: "must be more than 0 hours" })
      .max(24, { error: "must be at most 24 hours (a day)" })
      .optional(),
  },
  { error: unlessMissing((v) => `lpo must be an object with id and name (got ${show(v)})`) },
);

const object = <S extends z.core.$ZodLooseShape>(shape: S) =>
  z.strictObject(shape, { error: unlessMissing((v) => `must be an object (got ${show(v)})`) });

const kommunSchema = object({ id: idSchema, name: text() });

const shiftKindSchema = z.enum(SHIFT_KINDS, {
  error: unlessMissing((v) => `unknown shift ${show(v)} (${options(SHIFT_KINDS)})`),
});
const shiftTimeSchema = z
  .string({ error: unlessMissing((v) => `shift start must be a time "HH:MM" (got ${show(v)})`) })
  .refine((s) => /^([01]\d|2[0-3]):[0-5]\d$/.test(s), {
    error: (iss) => `shift start must be a time "HH:MM", e.g. "07:00" (got ${show(iss.input)})`,
  });
const PATTERN_MESSAGE = `pattern must list 1–${MAX_PATTERN_DAYS} days, e.g. [dag, dag, kväll, kväll, natt, natt, ledig, ledig, ledig, ledig]`;
const shiftsSchema = object({
  start: dateSchema,
  pattern: z
    .array(shiftKindSchema, {
      error: (iss) => (iss.input === undefined ? PATTERN_MESSAGE : `pattern must be a list (got ${show(iss.input)})`),
    })
    .min(1, { error: PATTERN_MESSAGE })
    .max(MAX_PATTERN_DAYS, { error: PATTERN_MESSAGE })
    .refine((p) => p.some((k) => k !== "ledig"), { error: "pattern has no working shift (only ledig)" }),
  times: object({
    dag: shiftTimeSchema.optional(),
    kväll: shiftTimeSchema.optional(),
    natt: shiftTimeSchema.optional(),
  }).optional(),
});

const groupSchema = object({
  id: idSchema,
  name: text(),
  kind: kindSchema,
  lead: refSchema("lead").optional(),
  reminders: booleanSchema.optional(),
  channels: object({
    slack: chatIdSchema("slack channel id").optional(),
    teams: chatIdSchema("teams channel id").optional(),
  }).optional(),
  shifts: shiftsSchema.optional(),
});

const personSchema = object({
  id: idSchema,
  name: text(),
  roles: z
    .array(roleSchema, {
      error: (iss) =>
        iss.input === undefined
          ? `roles are required: at least one of ${options(ROLES)}`
          : `roles must be a list (got ${show(iss.input)})`,
    })
    .min(1, { error: `at least one role is required (${options(ROLES)})` }),
  groups: optionalList(refSchema("group")),
  slack: chatIdSchema("slack user id").optional(),
  teams: chatIdSchema("teams user id").optional(),
  lang: langSchema.optional(),
});

const AMOUNT_MESSAGE = "target.amount must be a number greater than 0";

const targetSchema = object({
  amount: z.number({ error: unlessMissing(() => AMOUNT_MESSAGE) }).gt(0, { error: AMOUNT_MESSAGE }),
  unit: unitSchema,
  per: perSchema,
});

const activitySchema = object({
  code: z
    .string({ error: unlessMissing((v) => `activity code must be text (got ${show(v)})`) })
    .refine((s) => /^\S{1,10}$/u.test(s), {
      error: (iss) => `invalid activity code ${show(iss.input)} (1–10 characters, no spaces)`,
    }),
  name: text(),
  aliases: optionalList(
    z
      .string({ error: unlessMissing((v) => `alias must be text (got ${show(v)})`) })
      .refine((s) => s.trim().length > 0, { error: "alias must not be empty" }),
  ),
  target: targetSchema,
  groups: list(refSchema("group")).optional(),
  shares: z
    .record(
      refSchema("group"),
      z
        .number({ error: unlessMissing((v) => `a share must be a number (got ${show(v)})`) })
        .gt(0, { error: "a share must be a number greater than 0" }),
      { error: unlessMissing((v) => `shares must be a map of group: share, e.g. { ig-1: 4 } (got ${show(v)})`) },
    )
    .optional(),
  shareBasis: z
    .enum(SHARE_BASES, { error: unlessMissing((v) => `unknown shareBasis ${show(v)} (${options(SHARE_BASES)})`) })
    .optional(),
  baseline: z
    .number({ error: unlessMissing((v) => `baseline must be a number (got ${show(v)})`) })
    .min(0, { error: "baseline must not be negative" })
    .optional(),
});

const ACTIVITY_COUNT_MESSAGE = "a promise has 1–6 activities";

const effectName = text("text").refine((s) => s.length <= 100, { error: "must be at most 100 characters" });

const effectSchema = object({
  indicators: list(effectName).optional(),
  areas: list(effectName).optional(),
  comparison: effectName.optional(),
});

const promiseSchema = object({
  id: idSchema,
  kommun: refSchema("kommun"),
  title: text(),
  from: dateSchema,
  to: dateSchema,
  effect: effectSchema.optional(),
  problem: text().optional(),
  purpose: text().optional(),
  intendedEffect: text().optional(),
  tellCitizens: text().optional(),
  activities: z
    .array(activitySchema, {
      error: (iss) => (iss.input === undefined ? ACTIVITY_COUNT_MESSAGE : `must be a list (got ${show(iss.input)})`),
    })
    .min(1, { error: ACTIVITY_COUNT_MESSAGE })
    .max(6, { error: ACTIVITY_COUNT_MESSAGE }),
});

const organisationSchema = z.strictObject(
  {
    lpo: lpoSchema,
    kommuner: optionalList(kommunSchema),
    groups: optionalList(groupSchema),
    people: optionalList(personSchema),
    promises: optionalList(promiseSchema),
  },
  {
    error: unlessMissing(
      (v) => `the organisation file must be an object with lpo, kommuner, groups, people, promises (got ${show(v)})`,
    ),
  },
);

// The declared interface and the schema must agree (the other direction differs only in
// `?: T | undefined` vs `?: T` under exactOptionalPropertyTypes; zod leaves absent keys absent).
type SchemaOutput = z.output<typeof organisationSchema>;
const _interfaceMatchesSchema: (o: OrganisationFile) => SchemaOutput = (o) => o;
void _interfaceMatchesSchema;

/** Generic messages, for what the schemas above leave to it (mostly missing fields). */
function genericMessage(iss: { code?: string; input?: unknown; expected?: unknown }): string {
  if (iss.input === undefined) return "required field is missing";
  if (iss.code === "invalid_type") return `must be ${String(iss.expected)} (got ${show(iss.input)})`;
  return "invalid value";
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out === "" ? String(seg) : `.${String(seg)}`;
  }
  return out;
}

function shapeErrors(issues: readonly z.core.$ZodIssue[]): OrganisationFileError[] {
  const errors: OrganisationFileError[] = [];
  for (const iss of issues) {
    if (iss.code === "unrecognized_keys") {
      for (const key of iss.keys) errors.push({ path: formatPath(iss.path), message: `unknown field ${show(key)}` });
    } else {
      errors.push({ path: formatPath(iss.path), message: iss.message });
    }
  }
  return errors;
}

// ---------------------------------------------------------------------------
// Cross references (pass 2), on raw data so that it also runs after shape errors

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);
const items = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);

function crossReferenceErrors(data: unknown): OrganisationFileError[] {
  const errors: OrganisationFileError[] = [];
  if (!isObj(data)) return errors;
  const add = (path: string, message: string) => errors.push({ path, message });

  const idsOf = (section: string): Set<string> => {
    const seen = new Set<string>();
    items(data[section]).forEach((item, i) => {
      const id = isObj(item) ? str(item.id) : undefined;
      if (id === undefined) return;
      if (seen.has(id)) add(`${section}[${i}].id`, `duplicate id ${show(id)}`);
      seen.add(id);
    });
    return seen;
  };
  const kommuner = idsOf("kommuner");
  const groups = idsOf("groups");
  const people = idsOf("people");
  idsOf("promises");

  items(data.groups).forEach((g, i) => {
    if (!isObj(g)) return;
    const lead = str(g.lead);
    if (lead !== undefined && !people.has(lead)) add(`groups[${i}].lead`, `lead ${show(lead)} is not a person`);
  });

  const chatIds = { slack: new Map<string, string>(), teams: new Map<string, string>() };
  items(data.people).forEach((p, i) => {
    if (!isObj(p)) return;
    items(p.groups).forEach((g, j) => {
      const id = str(g);
      if (id !== undefined && !groups.has(id)) add(`people[${i}].groups[${j}]`, `unknown group ${show(id)}`);
    });
    for (const platform of ["slack", "teams"] as const) {
      const chatId = str(p[platform]);
      if (chatId === undefined) continue;
      const other = chatIds[platform].get(chatId);
      if (other !== undefined)
        add(`people[${i}].${platform}`, `${platform} id ${show(chatId)} is already used by ${show(other)}`);
      else chatIds[platform].set(chatId, str(p.id) ?? `people[${i}]`);
    }
  });

  // a chat channel posts one group's status: two groups naming it would take it from each other at every import
  const channels = { slack: new Map<string, string>(), teams: new Map<string, string>() };
  items(data.groups).forEach((g, i) => {
    if (!isObj(g) || !isObj(g.channels)) return;
    for (const platform of ["slack", "teams"] as const) {
      const channelId = str(g.channels[platform]);
      if (channelId === undefined) continue;
      const other = channels[platform].get(channelId);
      if (other !== undefined)
        add(`groups[${i}].channels.${platform}`, `channel ${show(channelId)} is already bound to group ${show(other)}`);
      else channels[platform].set(channelId, str(g.id) ?? `groups[${i}]`);
    }
  });

  items(data.promises).forEach((pr, i) => {
    if (!isObj(pr)) return;
    const kommun = str(pr.kommun);
    if (kommun !== undefined && !kommuner.has(kommun))
      add(`promises[${i}].kommun`, `kommun ${show(kommun)} is not in kommuner`);
    const from = str(pr.from);
    const to = str(pr.to);
    if (from !== undefined && to !== undefined && isRealDate(from) && isRealDate(to) && to < from)
      add(`promises[${i}].to`, "to is before from");
    if (isObj(pr.effect)) {
      const comparison = str(pr.effect.comparison);
      const fold = (v: string) => v.trim().toLowerCase();
      if (
        comparison !== undefined &&
        items(pr.effect.areas).some((a) => str(a) !== undefined && fold(str(a) ?? "") === fold(comparison))
      )
        add(
          `promises[${i}].effect.comparison`,
          `the comparison area ${show(comparison)} is also an area the promise aims at`,
        );
    }
    const codes = new Set<string>();
    items(pr.activities).forEach((a, j) => {
      if (!isObj(a)) return;
      const code = typeof a.code === "string" ? a.code : undefined;
      if (code !== undefined) {
        const key = code.toLowerCase();
        if (codes.has(key)) add(`promises[${i}].activities[${j}].code`, `duplicate activity code ${show(code)}`);
        codes.add(key);
      }
      items(a.groups).forEach((g, k) => {
        const id = str(g);
        if (id !== undefined && !groups.has(id))
          add(`promises[${i}].activities[${j}].groups[${k}]`, `unknown group ${show(id)}`);
      });
      // explicit shares name exactly the activity's groups: a group left out would silently get nothing
      if (isObj(a.shares)) {
        const listed = items(a.groups)
          .map(str)
          .filter((g): g is string => g !== undefined);
        const path = `promises[${i}].activities[${j}].shares`;
        if (listed.length === 0)
          add(path, "shares need the activity's groups (groups: [...]) to split the target across");
        for (const id of Object.keys(a.shares))
          if (listed.length > 0 && !listed.includes(id)) add(`${path}.${id}`, `group ${show(id)} is not in groups`);
        const missing = listed.filter((g) => !(g in (a.shares as object)));
        if (listed.length > 0 && missing.length > 0)
          add(path, `every group needs a share (missing ${missing.map(show).join(", ")})`);
      }
    });
  });

  return errors;
}

// ---------------------------------------------------------------------------
// Public API

const SECTION_ORDER = ["", "lpo", "kommuner", "groups", "people", "promises"];

/** Sort errors by where they are in the file (section, then item), keeping the order within an item. */
function sortErrors(errors: OrganisationFileError[]): OrganisationFileError[] {
  const key = (e: OrganisationFileError): [number, number] => {
    const m = /^([^.[]*)(?:\[(\d+)\])?/.exec(e.path);
    const section = SECTION_ORDER.indexOf(m?.[1] ?? "");
    return [section === -1 ? SECTION_ORDER.length : section, m?.[2] === undefined ? -1 : Number(m[2])];
  };
  const seen = new Set<string>();
  return errors
    .filter((e) => {
      const k = `${e.path}\u0000${e.message}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .map((e, i) => ({ e, i, k: key(e) }))
    .sort((a, b) => a.k[0] - b.k[0] || a.k[1] - b.k[1] || a.i - b.i)
    .map(({ e }) => e);
}

/** Date objects (from a YAML 1.1 timestamp or a caller) become YYYY-MM-DD strings; everything else is copied. */
function normalise(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : dateToYmd(value);
  if (Array.isArray(value)) return value.map(normalise);
  if (isObj(value)) {
    const out: Raw = {};
    for (const [k, v] of Object.entries(value)) out[k] = normalise(v);
    return out;
  }
  return value;
}

/** Validate already-parsed data (from YAML, JSON or code). */
export function validateOrganisation(data: unknown): OrganisationFileResult {
  const input = normalise(data);
  const result = organisationSchema.safeParse(input, { error: genericMessage });
  const errors = [...(result.success ? [] : shapeErrors(result.error.issues)), ...crossReferenceErrors(input)];
  if (errors.length > 0 || !result.success) return { ok: false, errors: sortErrors(errors) };
  return { ok: true, value: result.data as OrganisationFile };
}

function lineColumn(text: string, position: number): { line: number; col: number } {
  const before = text.slice(0, position);
  const line = before.split("\n").length;
  return { line, col: position - before.lastIndexOf("\n") };
}

/** Parse and validate an organisation file; YAML or JSON, told apart by content (and a `.json` file name). */
export function parseOrganisationFile(text: string, fileName?: string): OrganisationFileResult {
  const source = text.replace(/^\uFEFF/, "");
  const where = fileName ? ` in ${fileName}` : "";
  const looksJson = /^\s*[{[]/.test(source) || /\.json$/i.test(fileName ?? "");
  if (looksJson) {
    try {
      return validateOrganisation(JSON.parse(source));
    } catch (err) {
      // Not valid JSON. A `.json` file gets the JSON error; anything else may still be YAML (flow style).
      if (/\.json$/i.test(fileName ?? "")) {
        const msg = err instanceof Error ? err.message : String(err);
        const pos = /position (\d+)/.exec(msg);
        const at = pos
          ? (({ line, col }) => ` at line ${line}, column ${col}`)(lineColumn(source, Number(pos[1])))
          : "";
        return { ok: false, errors: [{ path: "", message: `JSON syntax error${where}${at}: ${msg}` }] };
      }
    }
  }
  let data: unknown;
  try {
    data = parseYaml(source);
  } catch (err) {
    if (err instanceof YAMLError) {
      const pos = err.linePos?.[0];
      const at = pos ? ` at line ${pos.line}, column ${pos.col}` : "";
      // The parser's message ends with a code excerpt; keep only its first line, without its own position.
      const first = (err.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
      return { ok: false, errors: [{ path: "", message: `YAML syntax error${where}${at}: ${first}` }] };
    }
    throw err;
  }
  if (data === null || data === undefined)
    return { ok: false, errors: [{ path: "", message: `the organisation file${where} is empty` }] };
  return validateOrganisation(data);
}

const groupDigits = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, " ");

/**
 * The text of an organisation file of at most `maxMegabytes` (1 MB = 1 048 576 bytes). A larger file is
 * refused before it is read or parsed (parsing 50 MB of YAML takes a minute and gigabytes); a file that
 * grows while it is read, or is no regular file, is read no further than one byte past the limit.
 */
export function readOrganisationFile(
  path: string,
  maxMegabytes: number,
): { ok: true; text: string } | { ok: false; message: string } {
  const maxBytes = Math.floor(maxMegabytes * 1024 * 1024);
  const tooLarge = (size: string) => ({
    ok: false as const,
    message: `${path} is ${size} bytes, over the limit of ${maxMegabytes} MB (${groupDigits(maxBytes)} bytes); nothing was read. The limit is LOFTESBOT_ORG_FILE_MAX_MB.`,
  });
  const unreadable = (error: unknown) => ({
    ok: false as const,
    message: `cannot read ${path}${typeof (error as { code?: unknown })?.code === "string" ? ` (${(error as { code: string }).code})` : ""}`,
  });
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    return unreadable(error);
  }
  try {
    const size = fstatSync(fd).size;
    if (size > maxBytes) return tooLarge(groupDigits(size));
    const chunks: Buffer[] = [];
    const chunk = Buffer.alloc(Math.min(maxBytes + 1, 1024 * 1024));
    let total = 0;
    for (;;) {
      const n = readSync(fd, chunk, 0, Math.min(chunk.length, maxBytes + 1 - total), null);
      if (n === 0) break;
      chunks.push(Buffer.from(chunk.subarray(0, n)));
      total += n;
      if (total > maxBytes) return tooLarge(`more than ${groupDigits(maxBytes)}`);
    }
    return { ok: true, text: Buffer.concat(chunks).toString("utf8") };
  } catch (error) {
    return unreadable(error);
  } finally {
    closeSync(fd);
  }
}

/** One line per error: `people[3].roles[0]: unknown role "chef"` (only the message when the path is empty). */
export function formatOrganisationErrors(errors: OrganisationFileError[]): string {
  return errors.map((e) => (e.path === "" ? e.message : `${e.path}: ${e.message}`)).join("\n");
}

/** Copy `source` with keys in `order`, leaving out undefined values. */
function ordered<T extends object>(source: T, order: readonly (keyof T)[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of order) if (source[k] !== undefined) out[k as string] = source[k];
  return out;
}

/** YAML with a stable key order; parses back (parseOrganisationFile) to a deep-equal value. */
export function serializeOrganisationFile(org: OrganisationFile): string {
  const plain = {
    lpo: ordered(org.lpo, ["id", "name", "weeklyStatusCron", "digestCron", "showNamesInDigest", "maxHoursPerDay"]),
    kommuner: org.kommuner.map((k) => ordered(k, ["id", "name"])),
    groups: org.groups.map((g) => ({
      ...ordered(g, ["id", "name", "kind", "lead", "reminders"]),
      ...(g.channels ? { channels: ordered(g.channels, ["slack", "teams"]) } : {}),
      ...(g.shifts
        ? {
            shifts: {
              ...ordered(g.shifts, ["start", "pattern"]),
              ...(g.shifts.times ? { times: ordered(g.shifts.times, ["dag", "kväll", "natt"]) } : {}),
            },
          }
        : {}),
    })),
    people: org.people.map((p) => ordered(p, ["id", "name", "roles", "groups", "slack", "teams", "lang"])),
    promises: org.promises.map((pr) => ({
      ...ordered(pr, ["id", "kommun", "title", "from", "to", "problem", "purpose", "intendedEffect", "tellCitizens"]),
      ...(pr.effect ? { effect: ordered(pr.effect, ["indicators", "areas", "comparison"]) } : {}),
      activities: pr.activities.map((a) => ({
        ...ordered(a, ["code", "name", "aliases"]),
        target: ordered(a.target, ["amount", "unit", "per"]),
        ...ordered(a, ["groups", "shares", "shareBasis", "baseline"]),
      })),
    })),
  };
  const doc = new Document(plain);
  // Short lists of scalars (roles, groups, aliases) and small maps (lpo, kommuner, target, channels) on one line.
  visit(doc, {
    Seq(_key, node) {
      if (node.items.every((item) => isScalar(item))) node.flow = true;
    },
    Map(_key, node, path) {
      const pairKey = (ancestor: unknown): unknown =>
        isPair(ancestor) && isScalar(ancestor.key) ? ancestor.key.value : undefined;
      const parent = path[path.length - 1];
      const owner = isSeq(parent) ? pairKey(path[path.length - 2]) : pairKey(parent);
      if (
        owner === "target" ||
        owner === "shares" ||
        owner === "channels" ||
        owner === "times" ||
        owner === "lpo" ||
        (isSeq(parent) && owner === "kommuner")
      )
        node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true });
}
