// How well the offline theme summary agrees with a person's grouping: reads a
// labelled file (`poll;answer;label`, UTF-8, `;`, a header line) and scores
// the summary of each poll's answers against its labels.
//
// Invariants:
// - coverage = share of all answers the summary put in a theme (not "Övrigt");
// - ari = adjusted Rand index of the summary's grouping against the labels,
//   per poll (answers of different polls are never summarised together),
//   averaged weighted by the poll's number of answers; an answer in "Övrigt"
//   (the summary's, or labelled Övrigt/empty) is a group of its own, so
//   leaving answers out is never rewarded;
// - purity = share of answers in themes whose label is their theme's most
//   common label.
// Nothing here touches a database or the network.
import type { ThemeSummary } from "./themeSummary.js";

export interface LabelledAnswer {
  poll: string;
  answer: string;
  label: string;
}

export interface ThemeScores {
  answers: number;
  polls: number;
  coverage: number;
  ari: number;
  purity: number;
}

const OTHER_LABEL = /^(övrigt|other|)$/i;

/** Parses `poll;answer;label` lines (first line a header); a `;` inside an answer must be quoted ("…;…"). */
export function parseLabelled(text: string): LabelledAnswer[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const rows: LabelledAnswer[] = [];
  lines.forEach((line, i) => {
    if (i === 0 || line.trim() === "") return;
    const cells = splitLine(line);
    if (cells.length !== 3) throw new Error(`line ${i + 1}: expected poll;answer;label, got ${cells.length} fields`);
    rows.push({ poll: cells[0].trim(), answer: cells[1].trim(), label: cells[2].trim() });
  });
  return rows;
}

function splitLine(line: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === "") quoted = true;
    else if (c === ";") {
      cells.push(cell);
      cell = "";
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}

const pairs = (n: number) => (n * (n - 1)) / 2;

/** Adjusted Rand index of two groupings of the same items (group ids per item). */
export function adjustedRandIndex(a: string[], b: string[]): number {
  const n = a.length;
  if (n < 2) return 1;
  const table = new Map<string, number>();
  const rows = new Map<string, number>();
  const cols = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const key = `${a[i]}\u0000${b[i]}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    rows.set(a[i], (rows.get(a[i]) ?? 0) + 1);
    cols.set(b[i], (cols.get(b[i]) ?? 0) + 1);
  }
  const index = [...table.values()].reduce((s, v) => s + pairs(v), 0);
  const sumA = [...rows.values()].reduce((s, v) => s + pairs(v), 0);
  const sumB = [...cols.values()].reduce((s, v) => s + pairs(v), 0);
  const expected = (sumA * sumB) / pairs(n);
  const max = (sumA + sumB) / 2;
  if (max === expected) return index === expected ? 1 : 0;
  return (index - expected) / (max - expected);
}

/** Scores a summariser on labelled answers (see the file comment). */
export function scoreThemes(rows: LabelledAnswer[], summarise: (texts: string[]) => ThemeSummary): ThemeScores {
  const polls = new Map<string, LabelledAnswer[]>();
  for (const row of rows) polls.set(row.poll, [...(polls.get(row.poll) ?? []), row]);
  let inThemes = 0;
  let pure = 0;
  let weightedAri = 0;
  for (const answers of polls.values()) {
    const summary = summarise(answers.map((a) => a.answer));
    const predicted = answers.map((_, i) => `other-${i}`);
    for (const [t, theme] of summary.themes.entries()) for (const m of theme.members) predicted[m] = `theme-${t}`;
    const gold = answers.map((a, i) => (OTHER_LABEL.test(a.label) ? `other-${i}` : `label-${a.label}`));
    weightedAri += adjustedRandIndex(predicted, gold) * answers.length;
    for (const theme of summary.themes) {
      const counts = new Map<string, number>();
      for (const m of theme.members) counts.set(answers[m].label, (counts.get(answers[m].label) ?? 0) + 1);
      inThemes += theme.members.length;
      pure += Math.max(0, ...counts.values());
    }
  }
  return {
    answers: rows.length,
    polls: polls.size,
    coverage: rows.length ? inThemes / rows.length : 0,
    ari: rows.length ? weightedAri / rows.length : 0,
    purity: inThemes ? pure / inThemes : 0,
  };
}
