// The split of an activity's target across its groups, in the activity form
// (`/lofte ny`, "Lägg till aktivitet", `/lofte ändra L2`): explicitly, as each
// group's part ("ig-1: 4, ig-2: 6" — by id or name, ";" or a new line between
// groups also works, and a decimal comma stays a decimal), or — left empty — by
// the basis chosen (the groups' members, the default, or equally), the same as
// the organisation file's `shares` and `shareBasis`.
// Explicit parts must name exactly the activity's chosen groups and add up to
// the target; otherwise the form comes back with a Swedish (or English)
// answer and an example, and nothing is stored. Stored, they are weights
// (share.ts): a later target change is split the same way. Editing, an empty
// field keeps the parts when the groups stay the same; "-" returns to the basis.
// Pure: nothing is stored here. The fields themselves are in forms.ts (shareFields).
import { normalizeWord } from "../../domain/activity.js";
import type { FormValues } from "../../core/reply.js";
import { formatAmount, formatNumber, type Lang, type Translate } from "../../i18n/index.js";
import {
  type Errors,
  type GroupOption,
  parseNumber,
  SHARE_BASES,
  type ShareBasisChoice,
  type ShareSpec,
  single,
} from "./forms.js";

const CLEAR = new Set(["-", "–", "—"]);

/** One group's part as written: "ig-1: 4", "IG Turlag 1 = 4,5", "ig-1 4 h". */
const ENTRY = /^(.*?)\s*[:=]?\s*(\d+(?:[.,]\d+)?)\s*(?:h|tim(?:mar)?|st|tillfällen|hours?|occasions?)?$/iu;

/** The parts as written, split at ";", a new line, or a comma not followed by a digit. */
function entries(text: string): string[] {
  return text
    .split(/[;\n]|,(?=\s*[^\d\s])/u)
    .map((s) => s.trim())
    .filter(Boolean);
}

export interface ShareRules {
  lang: Lang;
  groups: GroupOption[];
  /** the activity's chosen groups (empty = every group of the LPO) */
  groupIds: string[];
  /** the target amount the parts must add up to; null when the target itself is refused */
  amount: number | null;
  unit: string;
  /** editing: what is stored */
  current?: ShareSpec & { groupIds: string[] };
}

/**
 * The split as submitted; `errors.shares` (or `errors.shareBasis`) says what
 * is wrong with an example that would be accepted.
 */
export function readShares(t: Translate, values: FormValues, rules: ShareRules, errors: Errors): ShareSpec {
  const basisText = single(values.shareBasis);
  let shareBasis: ShareBasisChoice = rules.current?.shareBasis ?? "members";
  if (basisText !== "") {
    if ((SHARE_BASES as readonly string[]).includes(basisText)) shareBasis = basisText as ShareBasisChoice;
    else errors.shareBasis = t("manage.error.shareBasis", { text: basisText });
  }
  // the raw text: a new line separates groups (single() would make it a space)
  const raw = values.shares;
  const text = (Array.isArray(raw) ? raw.join("\n") : (raw ?? "")).trim();
  const example = () => {
    const ids = rules.groupIds.length > 0 ? rules.groupIds : rules.groups.slice(0, 2).map((g) => g.id);
    const each = rules.amount !== null && ids.length > 0 ? rules.amount / ids.length : 1;
    return ids.map((g) => `${g}: ${formatNumber(rules.lang, each, 2)}`).join(", ");
  };
  if (CLEAR.has(text)) return { shares: {}, shareBasis };
  if (text === "") {
    const kept = rules.current?.shares ?? {};
    if (Object.keys(kept).length === 0) return { shares: {}, shareBasis };
    // the stored parts name the groups they were given for: new groups need new parts
    const same =
      rules.current !== undefined &&
      rules.current.groupIds.length === rules.groupIds.length &&
      rules.current.groupIds.every((g) => rules.groupIds.includes(g));
    if (!same) errors.shares = t("manage.error.sharesGroupsChanged", { example: example() });
    return { shares: kept, shareBasis };
  }
  if (rules.groupIds.length === 0) {
    errors.shares = t("manage.error.sharesNeedGroups", { example: example() });
    return { shares: {}, shareBasis };
  }
  const shares: Record<string, number> = {};
  for (const entry of entries(text)) {
    const m = ENTRY.exec(entry);
    const amount = m ? parseNumber(m[2]) : null;
    if (!m || amount === null || m[1] === "") {
      errors.shares = t("manage.error.sharesFormat", { text: entry, example: example() });
      return { shares: {}, shareBasis };
    }
    const wanted = normalizeWord(m[1]);
    const group = rules.groups.find((g) => normalizeWord(g.id) === wanted || normalizeWord(g.name) === wanted);
    if (!group || !rules.groupIds.includes(group.id)) {
      errors.shares = t("manage.error.sharesGroup", {
        group: m[1],
        groups: rules.groupIds.join(", "),
        example: example(),
      });
      return { shares: {}, shareBasis };
    }
    if (group.id in shares) {
      errors.shares = t("manage.error.sharesTwice", { group: group.id, example: example() });
      return { shares: {}, shareBasis };
    }
    shares[group.id] = amount;
  }
  const missing = rules.groupIds.filter((g) => !(g in shares));
  if (missing.length > 0) {
    errors.shares = t("manage.error.sharesMissing", { groups: missing.join(", "), example: example() });
    return { shares: {}, shareBasis };
  }
  const sum = Object.values(shares).reduce((s, n) => s + n, 0);
  // parts written with two decimals (20 h in thirds: 6,67 each) may miss the target by their rounding
  if (rules.amount !== null && Math.abs(sum - rules.amount) > 0.005 * Object.keys(shares).length + 1e-9) {
    errors.shares = t("manage.error.sharesSum", {
      sum: formatAmount(rules.lang, rules.unit, sum),
      target: formatAmount(rules.lang, rules.unit, rules.amount),
      example: example(),
    });
    return { shares: {}, shareBasis };
  }
  // in the groups' order, so the form and the audit read the same every time
  return {
    shares: Object.fromEntries(rules.groupIds.map((g) => [g, shares[g]])),
    shareBasis,
  };
}
