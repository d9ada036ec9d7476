// The why-fields of the promise forms (`/lofte ny`, `/lofte ändra`): why the
// promise exists (its problem, the lägesbild), its purpose, the effect it
// should have, and one sentence officers can tell citizens — the same as the
// organisation file's `problem`, `purpose`, `intendedEffect` and
// `tellCitizens`. The weekly status and `/lofte` say them in one line. An
// empty field keeps the stored value (none for a new promise), "-" clears it.
// Pure: nothing is stored here.
import type { FormField, FormValues } from "../../core/reply.js";
import type { Translate } from "../../i18n/index.js";
import { type Checked, type Errors, single } from "./forms.js";
import type { PromiseWhyText } from "./store.js";

/** Long enough for a lägesbild in a few sentences, short enough for one line of a status. */
export const WHY_MAX_LENGTH = 500;

export type { PromiseWhyText };

export const WHY_FIELDS = ["problem", "purpose", "intendedEffect", "tellCitizens"] as const;

const CLEAR = new Set(["-", "–", "—"]);

export function whyFields(t: Translate, initial: PromiseWhyText): FormField[] {
  return WHY_FIELDS.map((name) => ({
    kind: "text" as const,
    name,
    label: t(`manage.form.why.${name}`),
    initial: initial[name],
    maxLength: WHY_MAX_LENGTH,
  }));
}

/** The why-fields as submitted: empty keeps `current`, "-" clears, longer than WHY_MAX_LENGTH is refused. */
export function readWhy(t: Translate, values: FormValues, current: PromiseWhyText): Checked<PromiseWhyText> {
  const errors: Errors = {};
  const out = { ...current };
  for (const name of WHY_FIELDS) {
    const text = single(values[name]);
    if (text === "") continue;
    if (CLEAR.has(text)) out[name] = "";
    else if (text.length > WHY_MAX_LENGTH)
      errors[name] = t("manage.error.whyLength", { max: WHY_MAX_LENGTH, length: text.length });
    else out[name] = text;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: out };
}

export const NO_WHY: PromiseWhyText = { problem: "", purpose: "", intendedEffect: "", tellCitizens: "" };
