// The forms and buttons of managing promises: their ids (stable strings that
// adapters and stored messages carry), the field limits, reading submitted
// values, the opaque form state (zod-checked, never trusted) and the field
// builders every form is made of (an activity's fields end with its groups'
// parts of the target and the basis without them; shareForm.ts reads them).
// A new and an edited promise or activity use the same builder, so the two
// forms cannot drift apart.
import { z } from "zod/v4";
import { parseJson } from "../../core/json.js";
import { formatNumber, type Lang, type Translate } from "../../i18n/index.js";
import { TARGET_PERIODS, UNITS } from "../../organisation/organisationFile.js";
import {
  type Choice,
  type FormField,
  type FormSpec,
  type FormValues,
  type Reply,
  textReply,
} from "../../core/reply.js";
import type { ActivityRecord } from "./store.js";

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
/** A choice in the groups field meaning "every group of the LPO". */
export const ALL_GROUPS = "*";

export type Errors = Record<string, string>;
export type Checked<T> = { ok: true; value: T } | { ok: false; errors: Errors };

export interface GroupOption {
  id: string;
  name: string;
}

// ------------------------------------------------------------------ values

export function single(value: string | string[] | undefined): string {
  return ((Array.isArray(value) ? value[0] : value) ?? "").replace(/\s+/g, " ").trim();
}

export function many(value: string | string[] | undefined): string[] {
  const list = Array.isArray(value) ? value : (value ?? "").split(",");
  return list.map((s) => s.trim()).filter(Boolean);
}

/** "20", "1,5" or "1.5" → a number; anything else → null. */
export function parseNumber(text: string): number | null {
  const s = text.replace(/\s+/g, "").replace(",", ".");
  if (!/^\d+(\.\d+)?$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** The next free code: L1, L2, … */
export function nextCode(usedCodes: string[]): string {
  for (let n = 1; ; n++) if (!usedCodes.includes(`l${n}`)) return `L${n}`;
}

/** A submitted value that is not blank, else undefined (so a default takes its place). */
export function submitted(values: FormValues | undefined, name: string): string | undefined {
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

// ------------------------------------------------------------------ state

/** The activity form's state: the promise (`p`) and, when editing, the activity (`a`); the promise form's: `p`. */
const FormState = z.object({
  p: z.string(),
  // anything but a string is no activity, as before the schema
  a: z.string().optional().catch(undefined),
});
export type FormState = z.infer<typeof FormState>;

export function formState(promiseId: string, activityId?: string): string {
  return JSON.stringify(activityId === undefined ? { p: promiseId } : { p: promiseId, a: activityId });
}

/** The state a form came back with; null when it is not one this feature wrote. */
export function parseState(text: string): FormState | null {
  return parseJson(text, FormState);
}

// ------------------------------------------------------------------ fields

export function withForm(form: FormSpec): Reply {
  return { ...textReply(form.title), form };
}

/** What the promise fields start with; `kommun` only when creating (a promise's kommun does not change). */
export interface PromiseFieldsInitial {
  title?: string;
  from?: string;
  to?: string;
  kommun?: { options: { id: string; name: string }[]; initial?: string };
}

/** The promise's title, kommun (creating) and period; `required` when creating, editing keeps an empty field. */
export function promiseFields(t: Translate, required: boolean, initial: PromiseFieldsInitial): FormField[] {
  const mandatory = required ? { required: true } : {};
  const fields: FormField[] = [
    {
      kind: "text",
      name: "title",
      label: t("manage.form.title"),
      ...mandatory,
      initial: initial.title,
      maxLength: NAME_MAX_LENGTH,
    },
  ];
  if (initial.kommun)
    fields.push({
      kind: "choice",
      name: "kommun",
      label: t("manage.form.kommun"),
      ...mandatory,
      options: initial.kommun.options.map((k) => ({ value: k.id, label: k.name })),
      initial: initial.kommun.initial,
    });
  fields.push(
    { kind: "date", name: "from", label: t("manage.form.from"), ...mandatory, initial: initial.from },
    { kind: "date", name: "to", label: t("manage.form.to"), ...mandatory, initial: initial.to },
  );
  return fields;
}

// ------------------------------------------------------------------ shares

export const SHARE_BASES = ["members", "equal"] as const;
export type ShareBasisChoice = (typeof SHARE_BASES)[number];

export interface ShareSpec {
  /** group id → its part of the target; empty = split by `shareBasis` */
  shares: Record<string, number>;
  shareBasis: ShareBasisChoice;
}

/**
 * Each group's part of the target from the stored shares. Stored shares are
 * weights (the organisation file may say `{ ig-1: 1, ig-2: 1 }`): a group's
 * part is the target × its share ÷ the sum, so the parts add up to the target.
 */
export function partsOfTarget(shares: Record<string, number>, amount: number | null): Record<string, number> {
  const sum = Object.values(shares).reduce((s, n) => s + n, 0);
  if (amount === null || sum <= 0) return shares;
  return Object.fromEntries(Object.entries(shares).map(([g, n]) => [g, (amount * n) / sum]));
}

/** "ig-1: 4, ig-2: 6": the form's text of the stored parts of the target, in the groups' order. */
export function sharesText(lang: Lang, shares: Record<string, number>, amount: number | null): string {
  return Object.entries(partsOfTarget(shares, amount))
    .map(([g, n]) => `${g}: ${formatNumber(lang, n, 2)}`)
    .join(", ");
}

export function shareFields(
  t: Translate,
  options: { values?: FormValues; current?: ShareSpec & { target: { amount: number } | null }; lang: Lang },
): FormField[] {
  const { values, current } = options;
  return [
    {
      kind: "text",
      name: "shares",
      label: t("manage.form.shares"),
      initial:
        submitted(values, "shares") ??
        (current && Object.keys(current.shares).length > 0
          ? sharesText(options.lang, current.shares, current.target?.amount ?? null)
          : undefined),
      placeholder: "ig-1: 10, ig-2: 10",
      maxLength: 1000,
    },
    {
      kind: "choice",
      name: "shareBasis",
      label: t("manage.form.shareBasis"),
      options: SHARE_BASES.map((b) => ({ value: b, label: t(`manage.form.shareBasis.${b}`) })),
      initial: submitted(values, "shareBasis") ?? current?.shareBasis ?? "members",
    },
  ];
}

/** The activity's fields; `current` pre-fills them (editing: no code, nothing required, empty keeps). */
export function activityFields(
  t: Translate,
  groups: GroupOption[],
  options: { defaultCode: string; values?: FormValues; current?: ActivityRecord; lang: Lang },
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
    // the groups' parts of the target, right after the baseline (shareForm.ts)
    ...shareFields(t, { values, current, lang: options.lang }),
  );
  return fields;
}
