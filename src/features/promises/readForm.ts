// Reading a submitted promise or activity form into what the store saves.
// Pure: nothing is stored here. Every invalid field gets its message (the
// form comes back with them all at once); editing, an empty field keeps the
// stored value and the code and kommun cannot change.
import { isValidDay } from "../../domain/calendar.js";
import { normalizeWord, type Unit } from "../../domain/activity.js";
import type { TargetPer } from "../../domain/targetPeriod.js";
import type { Lang, Translate } from "../../i18n/index.js";
import { readShares } from "./shareForm.js";
import { TARGET_PERIODS, UNITS } from "../../organisation/organisationFile.js";
import type { FormValues } from "../../core/reply.js";
import {
  ALIAS_MAX_COUNT,
  ALIAS_MAX_LENGTH,
  ALL_GROUPS,
  type Checked,
  type Errors,
  type GroupOption,
  many,
  NAME_MAX_LENGTH,
  nextCode,
  parseNumber,
  single,
} from "./forms.js";
import type { ActivityRecord, ActivitySpec, PromiseRecord } from "./store.js";

const CODE_PATTERN = /^\S{1,10}$/u;

function isUnit(value: string): value is Unit {
  return (UNITS as readonly string[]).includes(value);
}

function isPer(value: string): value is TargetPer {
  return (TARGET_PERIODS as readonly string[]).includes(value);
}

export interface ActivityRules {
  lang: Lang;
  groups: GroupOption[];
  /** codes already in the promise, lower case (creating only) */
  usedCodes: string[];
  /** editing: an empty field keeps this activity's value; the code cannot change */
  current?: ActivityRecord;
}

export function readActivity(t: Translate, values: FormValues, rules: ActivityRules): Checked<ActivitySpec> {
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

  // the groups' parts must add up to the target in force after this save
  const split = readShares(
    t,
    values,
    {
      lang: rules.lang,
      groups: rules.groups,
      groupIds,
      amount: errors.amount || errors.groups ? null : amount,
      unit,
      current: current
        ? { shares: current.shares, shareBasis: current.shareBasis, groupIds: current.groupIds }
        : undefined,
    },
    errors,
  );

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      code,
      name,
      aliases,
      target: { amount, unit: unit as Unit, per: per as TargetPer },
      groupIds,
      baseline,
      ...split,
    },
  };
}

export interface PromiseFields {
  title: string;
  kommunId: string;
  fromDay: string;
  toDay: string;
}

export function readPromise(
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
