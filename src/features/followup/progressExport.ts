// `loftesbot export progress --from D --to D [--format csv|json]`: follow-up
// figures for spreadsheets, per activity × month × group, done against target
// (the target and baseline are on the activity's total row, group ""). CSV as
// activityExport.ts makes it
// for Swedish Excel (UTF-8 BOM, `;`, decimal comma, CRLF); JSON one object per
// line. A progress bar goes to stderr when it is a terminal and the export is
// large. Each export is audited (`followup.view`, kind "export-…").
import { parseArgs } from "node:util";
import type { Core } from "../../app/compose.js";
import { dayInZone, isValidDay } from "../../domain/calendar.js";
import { monthsOf } from "./followUpPeriod.js";
import type { DayRange } from "../../domain/targetPeriod.js";
import { type Lang, translator } from "../../i18n/index.js";
import { progressBar } from "../../core/reply.js";
import { CSV_BOM } from "../logging/activityExport.js";
import type { CoreContext } from "../../core/context.js";
import { activitiesOfKommun, FollowUpCalculator, groupsToShow } from "./followUp.js";

// ---------------------------------------------------------------- progress

export interface ProgressExportRow {
  kommun: string;
  promise: string;
  activity: string;
  activityName: string;
  month: string;
  from: string;
  to: string;
  /** "" = all groups (the row that carries the target) */
  group: string;
  groupName: string;
  unit: string;
  done: number;
  target: number | null;
  baseline: number | null;
}

const round = (n: number) => Math.round(n * 100) / 100;

export interface ExportPlan {
  work: { kommunId: string; activities: Awaited<ReturnType<typeof activitiesOfKommun>> }[];
  months: ReturnType<typeof monthsOf>;
  /** steps for the progress bar: activities × months */
  steps: number;
}

export async function planProgressExport(ctx: CoreContext, range: DayRange): Promise<ExportPlan> {
  const kommuner = await ctx.prisma.kommun.findMany({
    select: { id: true },
    orderBy: [{ lpoId: "asc" }, { id: "asc" }],
  });
  const work: ExportPlan["work"] = [];
  for (const k of kommuner) work.push({ kommunId: k.id, activities: await activitiesOfKommun(ctx, k.id, range) });
  const months = monthsOf(range);
  return { work, months, steps: work.reduce((n, w) => n + w.activities.length, 0) * months.length };
}

export async function* progressExportRows(
  ctx: CoreContext,
  plan: ExportPlan,
  lang: Lang,
  onStep: () => void = () => undefined,
): AsyncGenerator<ProgressExportRow> {
  const t = translator(lang);
  const calc = new FollowUpCalculator(ctx, dayInZone(ctx.clock.now(), ctx.timeZone));
  const groupsByLpo = new Map<string, { id: string; name: string }[]>();
  for (const { kommunId, activities } of plan.work) {
    if (activities.length === 0) continue;
    const kommun = await ctx.prisma.kommun.findUnique({ where: { id: kommunId }, select: { lpoId: true } });
    const lpoId = kommun?.lpoId ?? "";
    if (!groupsByLpo.has(lpoId)) groupsByLpo.set(lpoId, await ctx.organisation.groupsOfLpo(lpoId));
    const lpoGroups = groupsByLpo.get(lpoId) ?? [];
    for (const activity of activities) {
      for (const month of plan.months) {
        const f = await calc.figures(activity, month);
        onStep();
        if (!f.active) continue;
        const base = {
          kommun: kommunId,
          promise: activity.promiseId,
          activity: activity.code,
          activityName: activity.name,
          month: month.key,
          from: f.active.from,
          to: f.active.to,
          unit: f.unit,
        };
        yield {
          ...base,
          group: "",
          groupName: t("followup.allGroups"),
          done: round(f.done),
          target: f.target === null ? null : round(f.target),
          baseline: f.baseline === null ? null : round(f.baseline),
        };
        for (const g of groupsToShow(f, lpoGroups, { kind: "all" }))
          yield {
            ...base,
            group: g.id ?? "(ingen)",
            groupName: g.name ?? t("followup.noGroup"),
            done: round(f.byGroup.get(g.id) ?? 0),
            target: null,
            baseline: null,
          };
      }
    }
  }
}

// --------------------------------------------------------------------- CSV

function csvCell(value: string): string {
  // a leading = + - @ would start a formula in Excel
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[";\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvValue(value: string | number | boolean | null): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value).replace(".", ",");
  if (typeof value === "boolean") return value ? "ja" : "nej";
  return csvCell(value);
}

export function csvLineOf<T extends object>(columns: (keyof T & string)[], row: T): string {
  return `${columns.map((c) => csvValue(row[c] as string | number | boolean | null)).join(";")}\r\n`;
}

/** The header line and a line per row. */
export function csvRows<T extends object>(columns: (keyof T & string)[], rows: Iterable<T>): string {
  let text = `${columns.join(";")}\r\n`;
  for (const row of rows) text += csvLineOf(columns, row);
  return text;
}

export const PROGRESS_COLUMNS: (keyof ProgressExportRow)[] = [
  "kommun",
  "promise",
  "activity",
  "activityName",
  "month",
  "from",
  "to",
  "group",
  "groupName",
  "unit",
  "done",
  "target",
  "baseline",
];

// ------------------------------------------------------------ progress bar

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): boolean;
}

/** A progress bar on a terminal (nothing when the stream is not one, or the work is small). */
export class TerminalProgress {
  private done = 0;
  private shown = -1;
  private readonly active: boolean;

  constructor(
    private readonly stream: ProgressStream,
    private readonly total: number,
    private readonly label: string,
    minTotal = 50,
  ) {
    this.active = Boolean(stream.isTTY) && total >= minTotal;
  }

  tick(): void {
    this.done++;
    if (!this.active) return;
    const percent = Math.floor((this.done / this.total) * 100);
    if (percent === this.shown) return;
    this.shown = percent;
    this.stream.write(
      `\r${this.label} ${progressBar(this.done, this.total, 30)} ${percent} % (${this.done}/${this.total})`,
    );
  }

  finish(): void {
    if (this.active && this.shown >= 0) this.stream.write("\n");
  }
}

// --------------------------------------------------------------------- CLI

export interface ExportIo {
  stdout: { write(text: string): boolean };
  stderr: ProgressStream;
}

const defaultIo: ExportIo = { stdout: process.stdout, stderr: process.stderr };

/** `export progress …` (args start with "progress"). */
export async function runExportCommand(
  core: Core,
  args: string[],
  out: (text: string) => void,
  io: ExportIo = defaultIo,
): Promise<number> {
  const [what, ...rest] = args;
  const usage = "export progress --from YYYY-MM-DD --to YYYY-MM-DD [--format csv|json]";
  if (what !== "progress") {
    out(`loftesbot export: this command exports progress\n${usage}`);
    return 2;
  }
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args: rest,
      options: {
        from: { type: "string" },
        to: { type: "string" },
        format: { type: "string", default: "csv" },
        lang: { type: "string" },
        db: { type: "string" },
      },
      strict: true,
    }).values as Record<string, string | undefined>;
  } catch (error) {
    out(`loftesbot export: ${error instanceof Error ? error.message : String(error)}\n${usage}`);
    return 2;
  }
  const ctx = core.ctx;
  const today = dayInZone(ctx.clock.now(), ctx.timeZone);
  const range = { from: values.from ?? `${today.slice(0, 4)}-01-01`, to: values.to ?? today };
  if (!isValidDay(range.from) || !isValidDay(range.to) || range.to < range.from) {
    out(`loftesbot export: --from and --to are dates like 2026-11-01, --from not after --to\n${usage}`);
    return 2;
  }
  const format = values.format;
  if (format !== "csv" && format !== "json") {
    out(`loftesbot export: --format is csv or json\n${usage}`);
    return 2;
  }
  const lang: Lang = values.lang === "en" ? "en" : values.lang === "sv" ? "sv" : ctx.defaultLang;
  const plan = await planProgressExport(ctx, range);
  const bar = new TerminalProgress(io.stderr, plan.steps, "export progress");
  const buffer: string[] = [format === "csv" ? CSV_BOM + csvRows(PROGRESS_COLUMNS, []) : ""];
  const flush = () => {
    if (buffer.length > 0) io.stdout.write(buffer.join(""));
    buffer.length = 0;
  };
  let count = 0;
  for await (const row of progressExportRows(ctx, plan, lang, () => bar.tick())) {
    buffer.push(format === "csv" ? csvLineOf(PROGRESS_COLUMNS, row) : `${JSON.stringify(row)}\n`);
    count++;
    if (buffer.length >= 500) flush();
  }
  flush();
  bar.finish();
  await ctx.audit.record(null, "followup.view", "export:progress", {
    kind: "export-progress",
    ...range,
    format,
    rows: count,
  });
  return 0;
}
