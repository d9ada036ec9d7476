// `loftesbot export progress --from D --to D [--format csv|json]`: the
// followup feature's progress rows for spreadsheets on stdout — CSV for
// Swedish Excel (UTF-8 BOM, `;`, decimal comma, CRLF) or JSON one object per
// line. A progress bar goes to stderr when it is a terminal and the export is
// large. Each export is audited (by the feature, kind "export-progress").
import { parseArgs } from "node:util";
import type { Core } from "../compose.js";
import { dayInZone, isValidDay } from "../../domain/calendar.js";
import type { Lang } from "../../domain/lang.js";
import { progressBar } from "../../core/reply.js";
import { CSV_BOM } from "../../core/csv.js";
import {
  auditProgressExport,
  csvLineOf,
  csvRows,
  PROGRESS_COLUMNS,
  planProgressExport,
  progressExportRows,
} from "../../features/followup/index.js";

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
  await auditProgressExport(ctx, range, format, count);
  return 0;
}
