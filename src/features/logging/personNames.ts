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

interface FoldedPerson {
  id: string;
  foldedId: string;
  full: string;
  first: string;
  last: string;
}

interface PeopleIndex {
  people: FoldedPerson[];
  /** folded id or full name → person id (each names one person) */
  exact: Map<string, string>;
  /** folded first or last name → person ids */
  partial: Map<string, string[]>;
}

/** The people folded once per list (a line looks up several words in the same list). */
const indexes = new WeakMap<readonly PersonCandidate[], PeopleIndex>();

function indexOf(people: readonly PersonCandidate[]): PeopleIndex {
  const known = indexes.get(people);
  if (known) return known;
  const index: PeopleIndex = { people: [], exact: new Map(), partial: new Map() };
  const addPartial = (key: string, id: string) => {
    if (key === "") return;
    const ids = index.partial.get(key) ?? [];
    if (!ids.includes(id)) ids.push(id);
    index.partial.set(key, ids);
  };
  for (const p of people) {
    const foldedId = foldId(String(p.id ?? ""));
    const full = fold(String(p.name ?? ""));
    const parts = full.split(" ");
    const first = parts[0] ?? "";
    const last = parts.length > 1 ? (parts[parts.length - 1] as string) : "";
    index.people.push({ id: p.id, foldedId, full, first, last });
    if (!index.exact.has(foldedId)) index.exact.set(foldedId, p.id);
    // two people with the same full name: the name is unclear, asked among them
    const namesake = full === "" ? undefined : index.exact.get(full);
    if (namesake !== undefined && namesake !== p.id) {
      index.exact.delete(full);
      addPartial(full, namesake);
      addPartial(full, p.id);
    } else if (full !== "" && !index.partial.has(full)) index.exact.set(full, p.id);
    else if (full !== "") addPartial(full, p.id);
    addPartial(first, p.id);
    addPartial(last, p.id);
  }
  indexes.set(people, index);
  return index;
}

/** Matches a typed name (without `@`) against the people of the LPO. */
export function matchName(typed: string, people: readonly PersonCandidate[]): NameMatch {
  const name = fold(typed);
  // an id is one word ("emma.lund"); "Emma Lund" is a name, not the id it folds to
  const asId = /\s/.test(typed.trim()) ? "" : foldId(typed.replace(/^@/, ""));
  if (name === "" && asId === "") return { kind: "none" };
  const index = indexOf(people);
  // an id or a full name names one person: the only answer
  const exact = index.exact.get(asId) ?? index.exact.get(name);
  if (exact !== undefined) return { kind: "exact", id: exact };
  const partial = new Set(index.partial.get(name) ?? []);
  if (asId.length >= MIN_PARTIAL_HANDLE && asId.includes(".")) {
    for (const p of index.people) if (p.foldedId.startsWith(asId)) partial.add(p.id);
  }
  if (partial.size === 1) return { kind: "exact", id: [...partial][0] as string };
  if (partial.size > 1) return { kind: "unclear", ids: [...partial] };
  if (name.length < MIN_TYPO_LENGTH && asId.length < MIN_TYPO_LENGTH) return { kind: "none" };
  const typo = (a: string, b: string) =>
    a.length >= MIN_TYPO_LENGTH && b.length >= MIN_TYPO_LENGTH && withinOneEdit(a, b);
  const close = index.people
    .filter(
      (p) =>
        typo(asId, p.foldedId) || typo(name, p.full) || typo(name, p.first) || (p.last !== "" && typo(name, p.last)),
    )
    .map((p) => p.id);
  return close.length > 0 ? { kind: "unclear", ids: close } : { kind: "none" };
}

/** Whether a word could start a name: someone's first name, last name, id or a typo of one of them. */
export function mayNameSomeone(word: string, people: readonly PersonCandidate[]): boolean {
  return matchName(word, people).kind !== "none";
}
