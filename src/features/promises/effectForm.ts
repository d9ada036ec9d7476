// The effect fields of the promise forms (`/lofte ny`, `/lofte ändra`): the indicators and
// areas the promise aims at and its comparison area, as named in the
// indicator file (`loftesbot indicators import`), the same as the
// organisation file's `effect:`. Names are separated by ";" (a name may hold
// a comma); an empty field keeps the stored value (none for a new promise), "-" clears it. Pure.
import type { FormField, FormValues } from "../../core/reply.js";
import type { Translate } from "../../i18n/index.js";
import { type Checked, type Errors, single } from "./forms.js";

/** The longest indicator or area name (as the organisation file). */
export const EFFECT_NAME_MAX_LENGTH = 100;

export interface PromiseEffect {
  indicators: string[];
  areas: string[];
  comparison: string | null;
}

export function effectFields(
  t: Translate,
  initial: { indicators: string; areas: string; comparison: string },
): FormField[] {
  return [
    {
      kind: "text",
      name: "effectIndicators",
      label: t("manage.form.effectIndicators"),
      initial: initial.indicators,
      maxLength: 1000,
    },
    { kind: "text", name: "effectAreas", label: t("manage.form.effectAreas"), initial: initial.areas, maxLength: 1000 },
    {
      kind: "text",
      name: "comparisonArea",
      label: t("manage.form.comparisonArea"),
      initial: initial.comparison,
      maxLength: EFFECT_NAME_MAX_LENGTH,
    },
  ];
}

const CLEAR = new Set(["-", "–", "—"]);

function names(text: string): string[] {
  const seen = new Set<string>();
  return text
    .split(";")
    .map((s) => s.trim().replace(/\s+/g, " "))
    .filter((s) => {
      const key = s.toLowerCase();
      if (!s || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

export function readEffect(t: Translate, values: FormValues, current: PromiseEffect): Checked<PromiseEffect> {
  const errors: Errors = {};
  const list = (field: "effectIndicators" | "effectAreas", keep: string[]): string[] => {
    const text = single(values[field]);
    if (text === "") return keep;
    if (CLEAR.has(text)) return [];
    const out = names(text);
    if (out.some((n) => n.length > EFFECT_NAME_MAX_LENGTH)) errors[field] = t("manage.error.effectName");
    return out;
  };
  const indicators = list("effectIndicators", current.indicators);
  const areas = list("effectAreas", current.areas);
  const comparisonText = single(values.comparisonArea).replace(/\s+/g, " ");
  const comparison = comparisonText === "" ? current.comparison : CLEAR.has(comparisonText) ? null : comparisonText;
  if (comparison !== null && comparison.length > EFFECT_NAME_MAX_LENGTH)
    errors.comparisonArea = t("manage.error.effectName");
  else if (comparison !== null && areas.some((a) => a.toLowerCase() === comparison.toLowerCase()))
    errors.comparisonArea = t("manage.error.comparisonIsArea", { area: comparison });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { indicators, areas, comparison } };
}
