// People named without a platform mention: `med anna`, `med Emma Lund`,
// `med emma.l`, `@anna` typed in the console. Pure: given the people of the
// person's LPO, a name is matched case- and diacritic-insensitively against
// each person's id, full name, first name, last name and the start of their
// id ("emma.l"). A match is `exact` only when it is unique; several people
// matching, or a name one typo away from someone ("emma.lnd", "Anan"), is
// `unclear` and the bot asks; nobody is `none`. Never a silent guess.
import { normalizeWord } from "../../domain/activity.js";

export interface PersonCandidate {
  id: string;
  name: string;
}

export type NameMatch = { kind: "exact"; id: string } | { kind: "unclear"; ids: string[] } | { kind: "none" };

/** lower case, diacritics removed, words joined by one space ("Emma  Ström" → "emma strom") */
function fold(text: string): string {
  return text
    .split(/\s+/)
    .map((w) => normalizeWord(w))
    .filter(Boolean)
    .join(" ");
}

/** an id folded like a name, keeping its dots ("Emma.Lund" → "emma.lund") */
function foldId(text: string): string {
  return fold(text.replace(/\./g, " ")).replace(/ /g, ".");
}

/** Damerau–Levenshtein distance of at most one. */
function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  if (a.length === b.length) {
    const diff: number[] = [];
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && diff.push(i) > 2) return false;
    if (diff.length === 1) return true;
    const [x, y] = diff as [number, number];
    return y === x + 1 && a[x] === b[y] && a[y] === b[x];
  }
  const [s, l] = a.length < b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < s.length && s[i] === l[i]) i++;
  return s.slice(i) === l.slice(i + 1);
}

const MIN_TYPO_LENGTH = 4;
/** a partial handle must be at least this long ("emma.l"), so that "e" names nobody */
const MIN_PARTIAL_HANDLE = 4;

/** Matches a typed name (without `@`) against the people of the LPO. */
export function matchName(typed: string, people: readonly PersonCandidate[]): NameMatch {
  const name = fold(typed);
  const asId = foldId(typed.replace(/^@/, ""));
  if (name === "" && asId === "") return { kind: "none" };
  const exact = new Set<string>();
  const close = new Set<string>();
  for (const p of people) {
    const id = foldId(p.id);
    const full = fold(p.name);
    const parts = full.split(" ");
    const first = parts[0] ?? "";
    const last = parts.length > 1 ? (parts[parts.length - 1] as string) : "";
    if (asId === id || name === full) {
      // an id or a full name names one person: the only answer
      return { kind: "exact", id: p.id };
    }
    if (
      name === first ||
      (last !== "" && name === last) ||
      (asId.length >= MIN_PARTIAL_HANDLE && asId.includes(".") && id.startsWith(asId))
    ) {
      exact.add(p.id);
      continue;
    }
    const typo = (a: string, b: string) =>
      a.length >= MIN_TYPO_LENGTH && b.length >= MIN_TYPO_LENGTH && withinOneEdit(a, b);
    if (typo(asId, id) || typo(name, full) || typo(name, first) || (last !== "" && typo(name, last))) close.add(p.id);
  }
  if (exact.size === 1) return { kind: "exact", id: [...exact][0] as string };
  if (exact.size > 1) return { kind: "unclear", ids: [...exact] };
  if (close.size > 0) return { kind: "unclear", ids: [...close] };
  return { kind: "none" };
}

/** Whether a word could start a name: someone's first name, last name, id or a typo of one of them. */
export function mayNameSomeone(word: string, people: readonly PersonCandidate[]): boolean {
  return matchName(word, people).kind !== "none";
}
