// Managing promises from chat (kommunpolis, admin): `/lofte ny` creates a
// promise with its first activity in one form; a "Lägg till aktivitet" button
// adds the others (1–6 per promise), one form each; `/lofte ändra L2` edits an
// activity (a changed target joins the target history from today, so earlier
// periods keep theirs) and `/lofte ändra <promise id>` the promise's title and
// period. Every form is one FormSpec, so every adapter renders it as it
// renders any other form. Invalid input stores nothing and comes back with an
// error on the field; every change is audited.
import { addDays, isValidDay } from "../../domain/calendar.js";
import { normalizeWord, type Unit } from "../../domain/activity.js";
import { type Actor, hasRole } from "../../domain/organisation.js";
import type { TargetPer } from "../../domain/targetPeriod.js";
import { formatAmount, type Lang, type Translate, translator } from "../../i18n/index.js";
import { TARGET_PERIODS, UNITS } from "../../organisation/organisationFile.js";
import {
  type Block,
  type Button,
  type Choice,
  type FormField,
  type FormOutcome,
  type FormSpec,
  type FormValues,
  type Reply,
  textReply,
} from "../../core/reply.js";
import {
  type ActivityRecord,
  type ActivitySpec,
  MAX_ACTIVITIES,
  type PromiseRecord,
  PromiseRepository,
  type TargetSpec,
} from "./store.js";
import { type CoreContext, today } from "../../core/context.js";

export const NEW_PROMISE_FORM = "promise";
export const ACTIVITY_FORM = "promise-activity";
export const EDIT_PROMISE_FORM = "promise-edit";
export const ADD_ACTIVITY_ACTION = "promise-add-activity";
export const EDIT_ACTIVITY_ACTION = "promise-edit-activity";
export const EDIT_PROMISE_ACTION = "promise-edit-open";
export const PROMISE_DONE_ACTION = "promise-done";

/** The rules of the organisation file (organisationFile.ts), plus lengths that fit a chat line. */
export const NAME_MAX_LENGTH = 100;
export const ALIAS_MAX_COUNT = 10;
export const ALIAS_MAX_LENGTH = 30;
const CODE_PATTERN = /^\S{1,10}$/u;
/** A choice in the groups field meaning "every group of the LPO". */
export const ALL_GROUPS = "*";

type Errors = Record<string, string>;
type Checked<T> = { ok: true; value: T } | { ok: false; errors: Errors };

interface ActivityState {
  /** promise id */
  p: string;
  /** activity id, when editing */
  a?: string;
}

export function mayManagePromises(actor: Actor): boolean {
  return hasRole(actor, "kommunpolis", "admin");
}

function forbidden(t: Translate): Reply {
  return textReply(t("manage.forbidden"));
}

function repository(ctx: CoreContext): PromiseRepository {
  return new PromiseRepository(ctx.prisma);
}

// ------------------------------------------------------------------ values

function single(value: string | string[] | undefined): string {
  return ((Array.isArray(value) ? value[0] : value) ?? "").replace(/\s+/g, " ").trim();
}

function many(value: string | string[] | undefined): string[] {
  const list = Array.isArray(value) ? value : (value ?? "").split(",");
  return list.map((s) => s.trim()).filter(Boolean);
}

/** "20", "1,5" or "1.5" → a number; anything else → null. */
function parseNumber(text: string): number | null {
  const s = text.replace(/\s+/g, "").replace(",", ".");
  if (!/^\d+(\.\d+)?$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

function isUnit(value: string): value is Unit {
  return (UNITS as readonly string[]).includes(value);
}

function isPer(value: string): value is TargetPer {
  return (TARGET_PERIODS as readonly string[]).includes(value);
}

function sameTarget(a: TargetSpec | null, b: TargetSpec): boolean {
  return a !== null && a.amount === b.amount && a.unit === b.unit && a.per === b.per;
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The next free code: L1, L2, … */
function nextCode(usedCodes: string[]): string {
  for (let n = 1; ; n++) if (!usedCodes.includes(`l${n}`)) return `L${n}`;
}

/** The later of two "YYYY-MM-DD" days. */
function laterDay(a: string, b: string): string {
  return a.localeCompare(b) >= 0 ? a : b;
}

/** One year on, less a day: 2026-11-25 → 2027-11-24. */
function oneYearOn(day: string): string {
  const next = `${Number(day.slice(0, 4)) + 1}${day.slice(4)}`;
  return addDays(isValidDay(next) ? next : `${next.slice(0, 4)}-03-01`, -1);
}

// --------------------------------------------------------------- texts

export function targetText(t: Translate, lang: Lang, target: TargetSpec): string {
  const amount = formatAmount(lang, target.unit, target.amount);
  return target.per === "period"
    ? t("manage.target.period", { amount })
    : t("manage.target", { amount, per: t(`per.${target.per}` as "per.vecka") });
}

function groupsText(t: Translate, groupIds: string[], names: Map<string, string>): string {
  return groupIds.length === 0 ? t("manage.allGroups") : groupIds.map((g) => names.get(g) ?? g).join(", ");
}

function activityLine(t: Translate, lang: Lang, a: ActivityRecord, names: Map<string, string>): string {
  return t("manage.activityLine", {
    code: a.code,
    name: a.name,
    target: a.target ? targetText(t, lang, a.target) : "–",
    groups: groupsText(t, a.groupIds, names),
  });
}

function logExample(lang: Lang, a: ActivityRecord): string {
  const word = a.aliases[0] ?? a.code;
  return a.unit === "timmar" ? `${lang === "sv" ? "1,5h" : "1.5h"} ${word}` : `1st ${word}`;
}

function promiseList(promises: PromiseRecord[]): string {
  return promises.map((p) => `${p.id} (${p.title})`).join(", ");
}

// --------------------------------------------------------------- reading a form

interface GroupOption {
  id: string;
  name: string;
}

interface ActivityRules {
  groups: GroupOption[];
  /** codes already in the promise, lower case (creating only) */
  usedCodes: string[];
  /** editing: an empty field keeps this activity's value; the code cannot change */
  current?: ActivityRecord;
}

function readActivity(t: Translate, values: FormValues, rules: ActivityRules): Checked<ActivitySpec> {
  const { current } = rules;
  const errors: Errors = {};
  const measurable = t("manage.measurable");

  let code = current?.code ?? "";
  if (!current) {
    code = single(values.code).replace(/^#/, "") || nextCode(rules.usedCodes);
    if (!CODE_PATTERN.test(code)) errors.code = t("manage.error.code", { code });
    else if (rules.usedCodes.includes(code.toLowerCase()))
      errors.code = t("manage.error.codeTaken", { code, suggestion: nextCode(rules.usedCodes) });
  }

  const name = single(values.name) || current?.name || "";
  if (name === "" || name.length > NAME_MAX_LENGTH) errors.name = t("manage.error.name");

  const aliasText = Array.isArray(values.aliases) ? values.aliases.join(",") : (values.aliases ?? "").trim();
  let aliases: string[];
  if (aliasText === "" && current) aliases = current.aliases;
  else if (aliasText === "-") aliases = [];
  else {
    aliases = [];
    for (const alias of aliasText.split(/[,\n]/).map((s) => s.replace(/\s+/g, " ").trim())) {
      if (alias && !aliases.some((a) => a.toLowerCase() === alias.toLowerCase())) aliases.push(alias);
    }
    const long = aliases.find((a) => a.length > ALIAS_MAX_LENGTH);
    if (aliases.length > ALIAS_MAX_COUNT) errors.aliases = t("manage.error.aliasCount", { count: aliases.length });
    else if (long) errors.aliases = t("manage.error.aliasLength", { alias: long });
  }

  const amountText = single(values.amount);
  let amount = current?.target?.amount ?? 0;
  if (amountText !== "" || !current?.target) {
    const parsed = parseNumber(amountText);
    if (amountText === "") errors.amount = t("manage.error.amountMissing", { measurable });
    else if (parsed === null || parsed <= 0) errors.amount = t("manage.error.amount", { text: amountText, measurable });
    else amount = parsed;
  }
  const unit = single(values.unit) || current?.target?.unit || "";
  if (!isUnit(unit)) errors.unit = t("manage.error.unit", { measurable });
  const per = single(values.per) || current?.target?.per || "";
  if (!isPer(per)) errors.per = t("manage.error.per", { measurable });

  const picked = many(values.groups);
  let groupIds: string[];
  if (picked.length === 0) groupIds = current?.groupIds ?? [];
  else if (picked.includes(ALL_GROUPS)) groupIds = [];
  else {
    groupIds = [...new Set(picked)].sort();
    const unknown = groupIds.find((g) => !rules.groups.some((o) => o.id === g));
    if (unknown)
      errors.groups = t("manage.error.groups", { group: unknown, groups: rules.groups.map((g) => g.id).join(", ") });
  }

  const baselineText = single(values.baseline);
  let baseline = current?.baseline ?? null;
  if (baselineText !== "") {
    const parsed = parseNumber(baselineText);
    if (parsed === null) errors.baseline = t("manage.error.baseline", { text: baselineText });
    else baseline = parsed;
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: { code, name, aliases, target: { amount, unit: unit as Unit, per: per as TargetPer }, groupIds, baseline },
  };
}

interface PromiseFields {
  title: string;
  kommunId: string;
  fromDay: string;
  toDay: string;
}

function readPromise(
  t: Translate,
  values: FormValues,
  kommuner: { id: string; name: string }[],
  current?: PromiseRecord,
): Checked<PromiseFields> {
  const errors: Errors = {};
  const title = single(values.title) || current?.title || "";
  if (title === "" || title.length > NAME_MAX_LENGTH) errors.title = t("manage.error.title");

  let kommunId = current?.kommunId ?? "";
  if (!current) {
    const wanted = single(values.kommun);
    const kommun = kommuner.find(
      (k) => k.id === wanted || (wanted !== "" && normalizeWord(k.name) === normalizeWord(wanted)),
    );
    if (!kommun)
      errors.kommun = t("manage.error.kommun", { kommuner: kommuner.map((k) => `${k.name} (${k.id})`).join(", ") });
    else kommunId = kommun.id;
  }

  const day = (field: "from" | "to", fallback: string | undefined): string => {
    const text = single(values[field]) || fallback || "";
    if (text === "") errors[field] = t("manage.error.dateRequired");
    else if (!isValidDay(text)) errors[field] = t("manage.error.date", { text });
    return text;
  };
  const fromDay = day("from", current?.fromDay);
  const toDay = day("to", current?.toDay);
  if (!errors.from && !errors.to && toDay < fromDay)
    errors.to = t("manage.error.toBeforeFrom", { from: fromDay, to: toDay });

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { title, kommunId, fromDay, toDay } };
}

// ------------------------------------------------------------------ forms

function submitted(values: FormValues | undefined, name: string): string | undefined {
  const value = values?.[name];
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

function submittedList(values: FormValues | undefined, name: string): string[] | undefined {
  const list = many(values?.[name]);
  return list.length > 0 ? list : undefined;
}

function submittedNumber(values: FormValues | undefined, name: string): number | undefined {
  const text = submitted(values, name);
  return text === undefined ? undefined : (parseNumber(text) ?? undefined);
}

/** The activity's fields; `current` pre-fills them (editing: no code, nothing required, empty keeps). */
function activityFields(
  t: Translate,
  groups: GroupOption[],
  options: { defaultCode: string; values?: FormValues; current?: ActivityRecord },
): FormField[] {
  const { values, current } = options;
  const required = !current;
  const fields: FormField[] = [];
  if (!current) {
    fields.push({
      kind: "text",
      name: "code",
      // empty takes the suggested code, so the console can skip it
      label: t("manage.form.code", { code: options.defaultCode }),
      initial: submitted(values, "code") ?? options.defaultCode,
      placeholder: options.defaultCode,
      maxLength: 10,
    });
  }
  fields.push(
    {
      kind: "text",
      name: "name",
      label: t("manage.form.name"),
      required,
      initial: submitted(values, "name") ?? current?.name,
      maxLength: NAME_MAX_LENGTH,
    },
    {
      kind: "text",
      name: "aliases",
      label: t("manage.form.aliases"),
      initial: submitted(values, "aliases") ?? current?.aliases.join(", "),
      placeholder: "närvaro, torget",
      maxLength: ALIAS_MAX_COUNT * (ALIAS_MAX_LENGTH + 2),
    },
    {
      kind: "number",
      name: "amount",
      label: t("manage.form.amount"),
      required,
      min: 0,
      initial: submittedNumber(values, "amount") ?? current?.target?.amount,
      placeholder: "20",
    },
    {
      kind: "choice",
      name: "unit",
      label: t("manage.form.unit"),
      required,
      options: UNITS.map((u) => ({ value: u, label: t(`unit.${u}` as "unit.timmar") })),
      initial: submitted(values, "unit") ?? current?.target?.unit,
    },
    {
      kind: "choice",
      name: "per",
      label: t("manage.form.per"),
      required,
      options: TARGET_PERIODS.map((p) => ({ value: p, label: t(`per.${p}` as "per.vecka") })),
      initial: submitted(values, "per") ?? current?.target?.per,
    },
    {
      kind: "choice",
      name: "groups",
      label: t("manage.form.groups"),
      multiple: true,
      options: [
        { value: ALL_GROUPS, label: t("manage.form.allGroupsOption") },
        ...groups.map((g): Choice => ({ value: g.id, label: g.name })),
      ],
      initial:
        submittedList(values, "groups") ??
        (current ? (current.groupIds.length > 0 ? current.groupIds : [ALL_GROUPS]) : undefined),
    },
    {
      kind: "number",
      name: "baseline",
      label: t("manage.form.baseline"),
      min: 0,
      initial: submittedNumber(values, "baseline") ?? current?.baseline ?? undefined,
    },
  );
  return fields;
}

async function newPromiseForm(ctx: CoreContext, actor: Actor, errors?: Errors, values?: FormValues): Promise<FormSpec> {
  const t = translator(actor.lang);
  const day = today(ctx);
  const repo = repository(ctx);
  const [kommuner, groups] = await Promise.all([repo.kommuner(actor.lpoId), ctx.organisation.groupsOfLpo(actor.lpoId)]);
  const from = submitted(values, "from") ?? day;
  return {
    id: NEW_PROMISE_FORM,
    title: t("manage.form.newTitle"),
    submitLabel: t("manage.form.save"),
    intro: t("manage.form.newIntro"),
    state: "",
    errors,
    fields: [
      {
        kind: "text",
        name: "title",
        label: t("manage.form.title"),
        required: true,
        initial: submitted(values, "title"),
        maxLength: NAME_MAX_LENGTH,
      },
      {
        kind: "choice",
        name: "kommun",
        label: t("manage.form.kommun"),
        required: true,
        options: kommuner.map((k) => ({ value: k.id, label: k.name })),
        initial: submitted(values, "kommun") ?? (kommuner.length === 1 ? kommuner[0].id : undefined),
      },
      { kind: "date", name: "from", label: t("manage.form.from"), required: true, initial: from },
      {
        kind: "date",
        name: "to",
        label: t("manage.form.to"),
        required: true,
        initial: submitted(values, "to") ?? (isValidDay(from) ? oneYearOn(from) : undefined),
      },
      ...activityFields(t, groups, { defaultCode: "L1", values }),
    ],
  };
}

async function activityForm(
  ctx: CoreContext,
  actor: Actor,
  promise: PromiseRecord,
  current?: ActivityRecord,
  errors?: Errors,
  values?: FormValues,
): Promise<FormSpec> {
  const t = translator(actor.lang);
  const groups = await ctx.organisation.groupsOfLpo(actor.lpoId);
  const state: ActivityState = current ? { p: promise.id, a: current.id } : { p: promise.id };
  return {
    id: ACTIVITY_FORM,
    title: current
      ? t("manage.form.editActivityTitle", { code: current.code, promise: promise.title })
      : t("manage.form.activityTitle", { promise: promise.title }),
    submitLabel: t("manage.form.save"),
    intro: current
      ? t("manage.form.editActivityIntro", { today: today(ctx) })
      : t("manage.form.activityIntro", { n: promise.activities.length + 1, promise: promise.title }),
    state: JSON.stringify(state),
    errors,
    fields: activityFields(t, groups, { defaultCode: nextCode(promise.usedCodes), values, current }),
  };
}

function editPromiseForm(actor: Actor, promise: PromiseRecord, errors?: Errors, values?: FormValues): FormSpec {
  const t = translator(actor.lang);
  return {
    id: EDIT_PROMISE_FORM,
    title: t("manage.form.editPromiseTitle", { promise: promise.title }),
    submitLabel: t("manage.form.save"),
    intro: t("manage.form.editPromiseIntro", { kommun: promise.kommunName, id: promise.id }),
    state: JSON.stringify({ p: promise.id }),
    errors,
    fields: [
      {
        kind: "text",
        name: "title",
        label: t("manage.form.title"),
        initial: submitted(values, "title") ?? promise.title,
        maxLength: NAME_MAX_LENGTH,
      },
      {
        kind: "date",
        name: "from",
        label: t("manage.form.from"),
        initial: submitted(values, "from") ?? promise.fromDay,
      },
      { kind: "date", name: "to", label: t("manage.form.to"), initial: submitted(values, "to") ?? promise.toDay },
    ],
  };
}

function withForm(form: FormSpec): Reply {
  return { ...textReply(form.title), form };
}

function parseState(state: string): ActivityState | null {
  try {
    const parsed = JSON.parse(state) as unknown;
    if (typeof parsed !== "object" || parsed === null) return null;
    const { p, a } = parsed as Record<string, unknown>;
    if (typeof p !== "string") return null;
    return typeof a === "string" ? { p, a } : { p };
  } catch {
    return null;
  }
}

// ----------------------------------------------------------------- replies

/** What was saved, the promise's activities, and the buttons to go on. */
async function savedReply(
  ctx: CoreContext,
  actor: Actor,
  promise: PromiseRecord,
  headline: string[],
  focus?: ActivityRecord,
): Promise<Reply> {
  const t = translator(actor.lang);
  const names = await ctx.organisation.groupNames(promise.activities.flatMap((a) => a.groupIds));
  const blocks: Block[] = headline.map((text): Block => ({ kind: "text", text }));
  for (const a of promise.activities) blocks.push({ kind: "context", text: activityLine(t, actor.lang, a, names) });
  const day = today(ctx);
  const example = focus ?? promise.activities[0];
  if (example) {
    blocks.push({
      kind: "context",
      text:
        promise.fromDay <= day && day <= promise.toDay
          ? t("manage.loggable", { example: logExample(actor.lang, example) })
          : t("manage.notRunning", { from: promise.fromDay, to: promise.toDay }),
    });
  }
  const buttons: Button[] = [];
  if (promise.activities.length < MAX_ACTIVITIES)
    buttons.push({
      label: t("manage.addActivityButton"),
      action: { id: ADD_ACTIVITY_ACTION, value: promise.id },
      style: "primary",
    });
  else blocks.push({ kind: "context", text: t("manage.full", { title: promise.title }) });
  buttons.push({ label: t("manage.doneButton"), action: { id: PROMISE_DONE_ACTION, value: promise.id } });
  blocks.push({ kind: "actions", buttons });
  return { text: headline.join(" "), blocks };
}

/** The Klar button: the promise as it now stands, and how to change it later. */
export async function promiseSummary(ctx: CoreContext, actor: Actor, promiseId: string): Promise<Reply> {
  const t = translator(actor.lang);
  const promise = await repository(ctx).promise(actor.lpoId, promiseId);
  if (!promise) return textReply(t("manage.notFound", { what: promiseId, promises: "–" }));
  const names = await ctx.organisation.groupNames(promise.activities.flatMap((a) => a.groupIds));
  const blocks: Block[] = [
    { kind: "heading", text: promise.title },
    {
      kind: "context",
      text: t("manage.summaryPeriod", {
        kommun: promise.kommunName,
        from: promise.fromDay,
        to: promise.toDay,
        id: promise.id,
      }),
    },
    ...promise.activities.map((a): Block => ({ kind: "text", text: activityLine(t, actor.lang, a, names) })),
  ];
  const first = promise.activities[0];
  if (first)
    blocks.push({
      kind: "context",
      text: t("manage.editHint", { code: first.code, kommun: promise.kommunId, id: promise.id }),
    });
  return { text: `${promise.title}: ${promise.activities.map((a) => a.code).join(", ")}`, blocks };
}

// ------------------------------------------------------- commands and buttons

/** `/lofte ny` */
export async function openNewPromise(ctx: CoreContext, actor: Actor): Promise<Reply> {
  if (!mayManagePromises(actor)) return forbidden(translator(actor.lang));
  return withForm(await newPromiseForm(ctx, actor));
}

/** The "Lägg till aktivitet" button. */
export async function openAddActivity(ctx: CoreContext, actor: Actor, promiseId: string): Promise<Reply> {
  const t = translator(actor.lang);
  if (!mayManagePromises(actor)) return forbidden(t);
  const promise = await repository(ctx).promise(actor.lpoId, promiseId);
  if (!promise) return textReply(t("manage.notFound", { what: promiseId, promises: "–" }));
  if (promise.activities.length >= MAX_ACTIVITIES)
    return textReply(t("manage.error.tooMany", { promise: promise.title, count: promise.activities.length }));
  return withForm(await activityForm(ctx, actor, promise));
}

/** A button naming one activity, after `/lofte ändra L2` matched several. */
export async function openEditActivity(ctx: CoreContext, actor: Actor, activityId: string): Promise<Reply> {
  const t = translator(actor.lang);
  if (!mayManagePromises(actor)) return forbidden(t);
  const promise = await repository(ctx).promiseOfActivity(actor.lpoId, activityId);
  const current = promise?.activities.find((a) => a.id === activityId);
  if (!promise || !current) return textReply(t("manage.notFound", { what: activityId, promises: "–" }));
  return withForm(await activityForm(ctx, actor, promise, current));
}

/** A button naming one promise, to edit its title and period. */
export async function openEditPromise(ctx: CoreContext, actor: Actor, promiseId: string): Promise<Reply> {
  const t = translator(actor.lang);
  if (!mayManagePromises(actor)) return forbidden(t);
  const promise = await repository(ctx).promise(actor.lpoId, promiseId);
  if (!promise) return textReply(t("manage.notFound", { what: promiseId, promises: "–" }));
  return withForm(editPromiseForm(actor, promise));
}

/** Words that may stand between a code and a kommun: `/lofte ändra L2 i asby`. */
const FILLER_WORDS = new Set(["i", "in", "för", "for", "på"]);

/**
 * `/lofte ändra …`: words are a promise id (`norrdal-2026`), a kommun
 * (`asby`, `Åsby`) or an activity code (`L2`), in any order. A code alone that
 * is in several promises is asked about with buttons.
 */
export async function editCommand(ctx: CoreContext, actor: Actor, args: string): Promise<Reply> {
  const t = translator(actor.lang);
  if (!mayManagePromises(actor)) return forbidden(t);
  const repo = repository(ctx);
  const [promises, kommuner] = await Promise.all([repo.promisesOfLpo(actor.lpoId), repo.kommuner(actor.lpoId)]);
  if (promises.length === 0) return textReply(t("manage.noPromises"));
  const words = args.split(/\s+/).filter(Boolean);
  if (words.length === 0) return textReply(t("manage.editUsage", { promises: promiseList(promises) }));

  const promiseIds = new Set<string>();
  const kommunIds = new Set<string>();
  const codes: string[] = [];
  for (const word of words) {
    if (FILLER_WORDS.has(word.toLowerCase())) continue;
    const promise = promises.find((p) => p.id.toLowerCase() === word.toLowerCase());
    if (promise) {
      promiseIds.add(promise.id);
      continue;
    }
    const w = normalizeWord(word);
    const kommun = kommuner.find(
      (k) => normalizeWord(k.id) === w || normalizeWord(k.name) === w || normalizeWord(k.name.split(" ")[0]) === w,
    );
    if (kommun) kommunIds.add(kommun.id);
    else codes.push(word.replace(/^#/, ""));
  }
  if (codes.length > 1) return textReply(t("manage.notFound", { what: args, promises: promiseList(promises) }));
  const candidates = promises.filter(
    (p) => (promiseIds.size === 0 || promiseIds.has(p.id)) && (kommunIds.size === 0 || kommunIds.has(p.kommunId)),
  );
  if (candidates.length === 0) return textReply(t("manage.notFound", { what: args, promises: promiseList(promises) }));

  if (codes.length === 0) {
    if (candidates.length === 1) return withForm(editPromiseForm(actor, candidates[0]));
    const buttons: Button[] = candidates.slice(0, 10).map((p) => ({
      label: `${p.title} (${p.id})`.slice(0, 70),
      action: { id: EDIT_PROMISE_ACTION, value: p.id },
    }));
    const text = t("manage.editUsage", { promises: promiseList(candidates) });
    return textReply(text, [{ kind: "actions", buttons }]);
  }

  const code = codes[0].toLowerCase();
  let matches = candidates.flatMap((p) =>
    p.activities.filter((a) => a.code.toLowerCase() === code).map((a) => ({ promise: p, activity: a })),
  );
  if (matches.length === 0)
    return textReply(t("manage.notFound", { what: codes[0], promises: promiseList(candidates) }));
  // a promise that has ended is only chosen when it is the only one with the code
  const day = today(ctx);
  const running = matches.filter((m) => m.promise.toDay >= day);
  if (running.length > 0) matches = running;
  if (matches.length === 1) return withForm(await activityForm(ctx, actor, matches[0].promise, matches[0].activity));
  const text = t("manage.whichPromise", { code: codes[0] });
  const buttons: Button[] = matches.slice(0, 10).map((m) => ({
    label: t("manage.choiceLabel", { code: m.activity.code, title: m.promise.title }).slice(0, 70),
    action: { id: EDIT_ACTIVITY_ACTION, value: m.activity.id },
  }));
  return textReply(text, [{ kind: "actions", buttons }]);
}

// ------------------------------------------------------------ submissions

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

function activityAudit(promiseId: string, spec: ActivitySpec): Record<string, unknown> {
  return {
    promise: promiseId,
    code: spec.code,
    amount: spec.target.amount,
    unit: spec.target.unit,
    per: spec.target.per,
    groups: spec.groupIds,
    baseline: spec.baseline,
  };
}

/** The new-promise form: the promise and its first activity, saved together or not at all. */
export async function submitNewPromise(ctx: CoreContext, actor: Actor, values: FormValues): Promise<FormOutcome> {
  const t = translator(actor.lang);
  if (!mayManagePromises(actor)) return { kind: "done", reply: forbidden(t) };
  const repo = repository(ctx);
  const [kommuner, groups] = await Promise.all([repo.kommuner(actor.lpoId), ctx.organisation.groupsOfLpo(actor.lpoId)]);
  const promise = readPromise(t, values, kommuner);
  const activity = readActivity(t, values, { groups, usedCodes: [] });
  if (!promise.ok || !activity.ok) {
    const errors = { ...(promise.ok ? {} : promise.errors), ...(activity.ok ? {} : activity.errors) };
    return { kind: "errors", errors, form: await newPromiseForm(ctx, actor, errors, values) };
  }
  const fields = promise.value;
  let saved: { promiseId: string; activityId: string } | undefined;
  for (let attempt = 0; !saved; attempt++) {
    const id = await repo.freePromiseId(`${fields.kommunId}-${fields.fromDay.slice(0, 4)}`);
    try {
      saved = await repo.createPromise({ id, ...fields }, activity.value);
    } catch (error) {
      // someone took the same id a moment ago: take the next one
      if (!isUniqueViolation(error) || attempt >= 2) throw error;
    }
  }
  await ctx.audit.record(actor.id, "promise.create", saved.promiseId, {
    kommun: fields.kommunId,
    from: fields.fromDay,
    to: fields.toDay,
  });
  await ctx.audit.record(actor.id, "activity.create", saved.activityId, activityAudit(saved.promiseId, activity.value));
  ctx.logger.info({ event: "promise.created", promise: saved.promiseId, by: actor.id }, "promise created");
  const stored = (await repo.promise(actor.lpoId, saved.promiseId))!;
  const kommun = kommuner.find((k) => k.id === fields.kommunId)?.name ?? fields.kommunId;
  const headline = t("manage.created", {
    title: stored.title,
    id: stored.id,
    kommun,
    from: stored.fromDay,
    to: stored.toDay,
  });
  return { kind: "done", reply: await savedReply(ctx, actor, stored, [headline], stored.activities[0]) };
}

/** The activity form: a new activity for a promise, or changes to one (state says which). */
export async function submitActivity(
  ctx: CoreContext,
  actor: Actor,
  stateText: string,
  values: FormValues,
): Promise<FormOutcome> {
  const t = translator(actor.lang);
  if (!mayManagePromises(actor)) return { kind: "done", reply: forbidden(t) };
  const state = parseState(stateText);
  const repo = repository(ctx);
  const promise = state ? await repo.promise(actor.lpoId, state.p) : null;
  const current = state?.a ? promise?.activities.find((a) => a.id === state.a) : undefined;
  if (!promise || (state?.a && !current)) {
    const promises = await repo.promisesOfLpo(actor.lpoId);
    return {
      kind: "done",
      reply: textReply(t("manage.notFound", { what: state?.p ?? "?", promises: promiseList(promises) })),
    };
  }
  const groups = await ctx.organisation.groupsOfLpo(actor.lpoId);
  const checked = readActivity(t, values, { groups, usedCodes: promise.usedCodes, current });
  const errors: Errors = checked.ok ? {} : { ...checked.errors };
  if (!current && promise.activities.length >= MAX_ACTIVITIES)
    errors.code = t("manage.error.tooMany", { promise: promise.title, count: promise.activities.length });
  const refuse = async (): Promise<FormOutcome> => ({
    kind: "errors",
    errors,
    form: await activityForm(ctx, actor, promise, current, errors, values),
  });
  if (!checked.ok || Object.keys(errors).length > 0) return refuse();
  const spec = checked.value;

  if (!current) {
    const added = await repo.addActivity(promise.id, spec).catch((error: unknown) => {
      if (isUniqueViolation(error)) return { ok: false, reason: "code-taken" } as const;
      throw error;
    });
    if (!added.ok) {
      if (added.reason === "not-found")
        return { kind: "done", reply: textReply(t("manage.notFound", { what: promise.id, promises: "–" })) };
      errors.code =
        added.reason === "full"
          ? t("manage.error.tooMany", { promise: promise.title, count: added.count })
          : t("manage.error.codeTaken", {
              code: spec.code,
              suggestion: nextCode([...promise.usedCodes, spec.code.toLowerCase()]),
            });
      return refuse();
    }
    await ctx.audit.record(actor.id, "activity.create", added.activityId, activityAudit(promise.id, spec));
    const stored = (await repo.promise(actor.lpoId, promise.id))!;
    const activity = stored.activities.find((a) => a.id === added.activityId)!;
    const headline = t("manage.activityAdded", {
      code: activity.code,
      name: activity.name,
      title: stored.title,
      target: targetText(t, actor.lang, spec.target),
    });
    return { kind: "done", reply: await savedReply(ctx, actor, stored, [headline], activity) };
  }

  // editing
  const changedFields = [
    current.name !== spec.name ? "name" : null,
    !sameList(current.aliases, spec.aliases) ? "aliases" : null,
    !sameList(current.groupIds, spec.groupIds) ? "groups" : null,
    current.baseline !== spec.baseline ? "baseline" : null,
  ].filter((f): f is string => f !== null);
  const targetChanged = !sameTarget(current.target, spec.target);
  if (changedFields.length === 0 && !targetChanged) {
    return {
      kind: "done",
      reply: await savedReply(ctx, actor, promise, [
        t("manage.activityUnchanged", { code: current.code, name: current.name }),
      ]),
    };
  }
  const day = today(ctx);
  // before the promise starts, the new target simply replaces the first one
  const validFrom = laterDay(day, promise.fromDay);
  await repo.updateActivity(
    current.id,
    { name: spec.name, aliases: spec.aliases, groupIds: spec.groupIds, baseline: spec.baseline },
    targetChanged ? { ...spec.target, validFrom } : null,
  );
  if (changedFields.length > 0)
    await ctx.audit.record(actor.id, "activity.update", current.id, {
      promise: promise.id,
      code: current.code,
      fields: changedFields,
      groups: spec.groupIds,
      baseline: spec.baseline,
    });
  const headline = [t("manage.activityUpdated", { code: current.code, name: spec.name, title: promise.title })];
  if (targetChanged) {
    await ctx.audit.record(actor.id, "target.change", current.id, {
      promise: promise.id,
      code: current.code,
      amount: spec.target.amount,
      unit: spec.target.unit,
      per: spec.target.per,
      validFrom,
      previous: current.target
        ? { amount: current.target.amount, unit: current.target.unit, per: current.target.per }
        : null,
    });
    const target = targetText(t, actor.lang, spec.target);
    // what the days before the change keep (a change earlier today is simply replaced)
    const kept = await ctx.organisation.targetOn(current.id, addDays(validFrom, -1));
    headline.push(
      validFrom === promise.fromDay || !kept
        ? t("manage.targetReplaced", { target })
        : t("manage.targetChanged", { target, from: validFrom, old: targetText(t, actor.lang, kept) }),
    );
  }
  const stored = (await repo.promise(actor.lpoId, promise.id))!;
  return {
    kind: "done",
    reply: await savedReply(
      ctx,
      actor,
      stored,
      headline,
      stored.activities.find((a) => a.id === current.id),
    ),
  };
}

/** The promise form of `/lofte ändra <promise id>`: title and period. */
export async function submitPromiseEdit(
  ctx: CoreContext,
  actor: Actor,
  stateText: string,
  values: FormValues,
): Promise<FormOutcome> {
  const t = translator(actor.lang);
  if (!mayManagePromises(actor)) return { kind: "done", reply: forbidden(t) };
  const state = parseState(stateText);
  const repo = repository(ctx);
  const promise = state ? await repo.promise(actor.lpoId, state.p) : null;
  if (!promise)
    return { kind: "done", reply: textReply(t("manage.notFound", { what: state?.p ?? "?", promises: "–" })) };
  const checked = readPromise(t, values, [], promise);
  if (!checked.ok)
    return { kind: "errors", errors: checked.errors, form: editPromiseForm(actor, promise, checked.errors, values) };
  const { title, fromDay, toDay } = checked.value;
  const changed = [
    title !== promise.title ? "title" : null,
    fromDay !== promise.fromDay ? "from" : null,
    toDay !== promise.toDay ? "to" : null,
  ].filter((f): f is string => f !== null);
  if (changed.length === 0)
    return {
      kind: "done",
      reply: await savedReply(ctx, actor, promise, [t("manage.promiseUnchanged", { title: promise.title })]),
    };
  await repo.updatePromise(promise.id, { title, fromDay, toDay });
  await ctx.audit.record(actor.id, "promise.update", promise.id, {
    fields: changed,
    from: fromDay,
    to: toDay,
    previousFrom: promise.fromDay,
    previousTo: promise.toDay,
  });
  const stored = (await repo.promise(actor.lpoId, promise.id))!;
  const headline = t("manage.promiseUpdated", { title, id: promise.id, from: fromDay, to: toDay });
  return { kind: "done", reply: await savedReply(ctx, actor, stored, [headline]) };
}
