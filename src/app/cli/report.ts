// `loftesbot report --kommun K --from D --to D [--out DIR] [--format html|md|json]
// [--before-from D --before-to D]`: the written follow-up of a kommun's
// promises for a period (the followup feature renders it: HTML with embedded
// charts, Markdown with the charts as PNG and SVG files beside it — the
// default, `--format html` or `md`; or the whole report as JSON on stdout with
// `--format json`, no files written). The effect section compares the period
// with the same months one year earlier, or with --before-from/--before-to.
// With `--citizen` it writes the draft public summary instead (HTML, Markdown
// and a text of at most 280 characters). `loftesbot report published --kommun
// K --from D --to D` marks that summary published (criterion lofte.e).
// This command reads the arguments, writes the files into DIR (created when
// missing; ./reports when --out is not given, never the working directory
// itself) and says where, then prints their paths; exit code 2 for wrong arguments.
// Every file lands in DIR itself, whatever the ids in the database hold.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Core } from "../compose.js";
import { dayInZone, isValidDay } from "../../domain/calendar.js";
import { safeFileName } from "../../domain/fileName.js";
import {
  allKommuner,
  type FollowUpPeriod,
  matchKommun,
  parseFollowUpPeriod,
  followUpReportJson,
  markPublishedFromCli,
  rangePeriod,
  writeCitizenDraft,
  writeFollowUpReport,
} from "../../features/followup/index.js";

/** Where `report` writes without --out (relative to the working directory). */
export const DEFAULT_REPORT_DIR = "reports";

/** The `report` operator command; prints the paths written. */
export async function runReportCommand(core: Core, args: string[], out: (text: string) => void): Promise<number> {
  const published = args[0] === "published";
  if (published) args = args.slice(1);
  const usage = published
    ? "report published --kommun K (--from YYYY-MM-DD --to YYYY-MM-DD | --period 2026-11|2026-Q3|2026-W47)"
    : "report --kommun K (--from YYYY-MM-DD --to YYYY-MM-DD | --period 2026-11|2026-Q3|2026-W47) [--citizen] [--out DIR] [--lang sv|en] [--format html|md|json] [--before-from YYYY-MM-DD --before-to YYYY-MM-DD]";
  let values: Partial<
    Record<"kommun" | "from" | "to" | "period" | "out" | "lang" | "db" | "format" | "before-from" | "before-to", string>
  > & {
    citizen?: boolean;
  };
  try {
    values = parseArgs({
      args,
      options: {
        kommun: { type: "string" },
        from: { type: "string" },
        to: { type: "string" },
        period: { type: "string" },
        out: { type: "string" },
        lang: { type: "string" },
        format: { type: "string" },
        "before-from": { type: "string" },
        "before-to": { type: "string" },
        db: { type: "string" },
        citizen: { type: "boolean" },
      },
      strict: true,
    }).values;
  } catch (error) {
    out(`loftesbot report: ${error instanceof Error ? error.message : String(error)}\n${usage}`);
    return 2;
  }
  const ctx = core.ctx;
  const kommuner = await allKommuner(ctx);
  const kommun = values.kommun ? matchKommun(kommuner, values.kommun) : null;
  if (!kommun) {
    out(`loftesbot report: --kommun must be one of ${kommuner.map((k) => k.id).join(", ") || "(none)"}\n${usage}`);
    return 2;
  }
  const today = dayInZone(ctx.clock.now(), ctx.timeZone);
  let period: FollowUpPeriod;
  if (values.from || values.to) {
    const from = values.from ?? "";
    const to = values.to ?? today;
    if (!isValidDay(from) || !isValidDay(to) || to < from) {
      out(`loftesbot report: --from and --to are dates like 2026-03-01, --from not after --to\n${usage}`);
      return 2;
    }
    period = rangePeriod(from, to);
  } else {
    const parsed = parseFollowUpPeriod(values.period ?? "", today);
    if (!parsed.ok) {
      out(`loftesbot report: "${parsed.text}" is not a period\n${usage}`);
      return 2;
    }
    period = parsed.period;
  }
  const lang = values.lang ?? ctx.defaultLang;
  if (lang !== "sv" && lang !== "en") {
    out(`loftesbot report: --lang is sv or en\n${usage}`);
    return 2;
  }
  if (published) {
    if (values.citizen || values.out || values.format) {
      out(`loftesbot report published: marks a summary published and writes nothing\n${usage}`);
      return 2;
    }
    const at = await markPublishedFromCli(ctx, kommun, period.from, period.to);
    out(
      `${kommun.name} ${period.from} – ${period.to}: the citizen summary is marked published (${at.toISOString()}); criterion lofte.e counts it as communicated.`,
    );
    return 0;
  }
  const format = values.format ?? "html";
  if (format !== "html" && format !== "md" && format !== "json") {
    out(`loftesbot report: --format is html, md (both write the HTML and Markdown files) or json\n${usage}`);
    return 2;
  }
  const beforeFrom = values["before-from"];
  const beforeTo = values["before-to"];
  let options: { before?: { from: string; to: string } } = {};
  if (beforeFrom !== undefined || beforeTo !== undefined) {
    if (!beforeFrom || !beforeTo || !isValidDay(beforeFrom) || !isValidDay(beforeTo) || beforeTo < beforeFrom) {
      out(
        `loftesbot report: --before-from and --before-to are dates like 2025-03-01 (both given, --before-from not after --before-to)\n${usage}`,
      );
      return 2;
    }
    options = { before: { from: beforeFrom, to: beforeTo } };
  }
  if (format === "json") {
    if (values.citizen) {
      out(`loftesbot report: --citizen writes HTML, Markdown and text files; leave out --format json\n${usage}`);
      return 2;
    }
    out(await followUpReportJson(ctx, kommun, period, lang, options));
    return 0;
  }
  const dir = resolve(values.out ?? DEFAULT_REPORT_DIR);
  let made = false;
  const writer = (name: string, content: string | Uint8Array) => {
    if (!made) mkdirSync(dir, { recursive: true });
    made = true;
    // the feature names its files plainly already; this holds even if it did not
    const path = join(dir, safeFileName(name));
    if (dirname(path) !== dir) throw new Error(`refusing to write ${JSON.stringify(name)} outside ${dir}`);
    writeFileSync(path, content);
    return path;
  };
  if (values.citizen) {
    const draft = await writeCitizenDraft(ctx, kommun, period, lang, writer, options);
    out(`Utkastet skrevs till ${dir}:`);
    out(draft.html);
    out(draft.markdown);
    out(draft.text);
    return 0;
  }
  const written = await writeFollowUpReport(ctx, kommun, period, lang, writer, options);
  out(`Rapporten skrevs till ${dir}:`);
  out(written.html);
  out(written.markdown);
  for (const chart of written.charts) out(chart);
  return 0;
}
