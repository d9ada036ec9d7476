// The poll export (`loftesbot export polls [--format csv|json]`, whose
// arguments src/app/cli/pollExport.ts reads): the compiled results of every
// dialogue poll, with the same threshold and anonymity as in chat — totals
// only, never an answer sheet, never who answered; distributions and free
// text only for closed polls where at least LOFTESBOT_POLL_MIN_RESPONSES
// answered (the question); free text masked and in random order; group rows
// only with their response counts, hidden below the threshold.
//
// json: one object per poll per line. csv: one row per fact (poll, group,
// option, scale, theme, text), `;`-separated with a UTF-8 BOM for Swedish Excel.
import { CSV_BOM, csvCell } from "../../core/csv.js";
import { pollRepository } from "./store.js";
import type { CoreContext } from "../../core/context.js";
import { compilePollResults, type PollResults } from "./pollResults.js";

export type PollExportFormat = "csv" | "json";

/** Byte order mark: Excel then reads the CSV as UTF-8 (å, ä, ö). */

export interface PollExportObject {
  id: string;
  kind: string;
  title: string;
  promise: string | null;
  kommun: string | null;
  anonymous: boolean;
  status: string;
  closesAt: string;
  closedAt: string | null;
  threshold: number;
  asked: number;
  /** null below the threshold */
  answered: number | null;
  whatNext: string;
  /** the creator's feedback note (återkoppling); the field keeps its name, the export's format is unchanged */
  followUp: string | null;
  groups: { id: string; name: string; asked: number; answered: number | null }[];
  /** empty unless the poll is closed and at least the threshold answered */
  questions: {
    position: number;
    kind: string;
    text: string;
    answered: number | null;
    options?: { option: string; count: number }[];
    scale?: { distribution: number[]; mean: number; median: number };
    themes?: { label: string; count: number }[];
    texts?: string[];
  }[];
}

export function pollExportObject(results: PollResults): PollExportObject {
  const { poll } = results;
  return {
    id: poll.id,
    kind: poll.kind,
    title: poll.title,
    promise: poll.promiseId,
    kommun: poll.kommunId,
    anonymous: poll.anonymous,
    status: poll.status,
    closesAt: poll.closesAt.toISOString(),
    closedAt: poll.closedAt?.toISOString() ?? null,
    threshold: results.threshold,
    asked: results.asked,
    answered: results.totalShown ? results.answered : null,
    whatNext: poll.whatNext,
    followUp: poll.feedback?.text ?? null,
    groups: results.groups.map((g) => ({ id: g.id, name: g.name, asked: g.asked, answered: g.answered })),
    questions: results.detailsShown
      ? results.questions.map((q) => {
          const base = { position: q.position + 1, kind: q.kind, text: q.text, answered: q.hidden ? null : q.answered };
          if (q.hidden) return base;
          if (q.kind === "single" || q.kind === "multi")
            return { ...base, options: q.options.map((option, i) => ({ option, count: q.counts[i] })) };
          if (q.kind === "scale" && q.scale) return { ...base, scale: q.scale };
          return {
            ...base,
            // gallring emptied the texts of these answers: no texts is not no answers
            cleared: q.cleared,
            themes: (q.themes?.themes ?? []).map((th) => ({ label: th.label, count: th.count })),
            texts: q.texts.map((x) => x.text),
          };
        })
      : [],
  };
}

const CSV_COLUMNS = [
  "poll",
  "kind",
  "title",
  "status",
  "closesAt",
  "row",
  "group",
  "asked",
  "answered",
  "question",
  "questionKind",
  "questionText",
  "value",
  "count",
  "mean",
  "median",
] as const;
type CsvRow = Partial<Record<(typeof CSV_COLUMNS)[number], string | number | null>>;

function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "number" ? String(Math.round(value * 100) / 100).replace(".", ",") : value;
  return csvCell(text);
}

function csvLine(row: CsvRow): string {
  return `${CSV_COLUMNS.map((c) => cell(row[c])).join(";")}\r\n`;
}

function csvRows(o: PollExportObject): CsvRow[] {
  const base = { poll: o.id, kind: o.kind, title: o.title, status: o.status, closesAt: o.closesAt };
  const rows: CsvRow[] = [{ ...base, row: "poll", asked: o.asked, answered: o.answered }];
  for (const g of o.groups) rows.push({ ...base, row: "group", group: g.id, asked: g.asked, answered: g.answered });
  for (const q of o.questions) {
    const qb = { ...base, question: q.position, questionKind: q.kind, questionText: q.text, answered: q.answered };
    if (q.answered === null) rows.push({ ...qb, row: "question" });
    for (const opt of q.options ?? []) rows.push({ ...qb, row: "option", value: opt.option, count: opt.count });
    if (q.scale)
      rows.push({
        ...qb,
        row: "scale",
        value: q.scale.distribution.join("/"),
        mean: q.scale.mean,
        median: q.scale.median,
      });
    for (const th of q.themes ?? []) rows.push({ ...qb, row: "theme", value: th.label, count: th.count });
    for (const text of q.texts ?? []) rows.push({ ...qb, row: "text", value: text });
  }
  return rows;
}

/** The poll export, line by line (each ends with a line break). */
export async function* exportPolls(ctx: CoreContext, format: PollExportFormat): AsyncIterable<string> {
  const repo = pollRepository(ctx);
  if (format === "csv") yield CSV_BOM + `${CSV_COLUMNS.join(";")}\r\n`;
  let count = 0;
  for (const poll of await repo.allPolls()) {
    const results = await compilePollResults(ctx, poll, { lang: ctx.defaultLang });
    const object = pollExportObject(results);
    if (format === "json") yield `${JSON.stringify(object)}\n`;
    else for (const row of csvRows(object)) yield csvLine(row);
    count++;
  }
  await ctx.audit.record(null, "polls.export", "all", { format, polls: count });
}
