// `loftesbot report --kommun K --from D --to D [--out DIR]`: the written
// follow-up of a kommun's promises for a period (the followup feature renders
// it). This command reads the arguments, writes the files into DIR (created
// when missing; ./reports when --out is not given, never the working
// directory itself) and says where, then prints their paths; exit code 2 for
// wrong arguments.
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
  rangePeriod,
  writeFollowUpReport,
} from "../../features/followup/index.js";

/** Where `report` writes without --out (relative to the working directory). */
export const DEFAULT_REPORT_DIR = "reports";

/** The `report` operator command; prints the paths written. */
export async function runReportCommand(core: Core, args: string[], out: (text: string) => void): Promise<number> {
  const usage =
    "report --kommun K (--from YYYY-MM-DD --to YYYY-MM-DD | --period 2026-11|2026-Q3|2026-W47) [--out DIR] [--lang sv|en]";
  let values: Record<string, string | undefined>;
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
        db: { type: "string" },
      },
      strict: true,
    }).values as Record<string, string | undefined>;
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
  const dir = resolve(values.out ?? DEFAULT_REPORT_DIR);
  let made = false;
  const written = await writeFollowUpReport(ctx, kommun, period, lang, (name, content) => {
    if (!made) mkdirSync(dir, { recursive: true });
    made = true;
    // the feature names its files plainly already; this holds even if it did not
    const path = join(dir, safeFileName(name));
    if (dirname(path) !== dir) throw new Error(`refusing to write ${JSON.stringify(name)} outside ${dir}`);
    writeFileSync(path, content);
    return path;
  });
  out(`Rapporten skrevs till ${dir}:`);
  out(written.html);
  out(written.markdown);
  for (const chart of written.charts) out(chart);
  return 0;
}
