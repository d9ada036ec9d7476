// The rows of `loftesbot export progress --from D --to D [--format csv|json]`:
// follow-up figures for spreadsheets, per activity × month × group, done
// against target (the target and baseline are on the activity's total row,
// group ""; `done` is empty for a month before logging began). CSV lines as activityExport.ts makes them for Swedish Excel (`;`,
// decimal comma, CRLF; the command puts the UTF-8 BOM first); JSON one object
// per line. The command (src/app/cli/progressExport.ts) writes them and the
// progress bar; each export is audited (`followup.view`, kind "export-…").
import { csvCell } from "../../core/csv.js";
import { dayInZone } from "../../domain/calendar.js";
import type { Lang } from "../../domain/lang.js";
import { monthsOf } from "./followUpPeriod.js";
import type { DayRange } from "../../domain/targetPeriod.js";
import { translator } from "../../i18n/index.js";
import type { CoreContext } from "../../core/context.js";
import { FollowUpCalculator } from "./figures.js";
import { groupsToShow } from "./scope.js";
import { activitiesOfKommun, kommunIdsByLpo, lpoIdOfKommun } from "./store.js";

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
  /** null for a month before logging began: not measured, so not 0 */
  done: number | null;
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
  const kommuner = await kommunIdsByLpo(ctx);
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
    const lpoId = (await lpoIdOfKommun(ctx, kommunId)) ?? "";
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
          done: f.unlogged ? null : round(f.done),
          target: f.target === null ? null : round(f.target),
          baseline: f.baseline === null ? null : round(f.baseline),
        };
        for (const g of groupsToShow(f, lpoGroups, { kind: "all" }))
          yield {
            ...base,
            group: g.id ?? "(ingen)",
            groupName: g.name ?? t("followup.noGroup"),
            done: f.unlogged ? null : round(f.byGroup.get(g.id) ?? 0),
            target: null,
            baseline: null,
          };
      }
    }
  }
}

// --------------------------------------------------------------------- CSV

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

/** Audits an export of progress once its rows are written. */
export async function auditProgressExport(
  ctx: CoreContext,
  range: DayRange,
  format: string,
  rows: number,
): Promise<void> {
  await ctx.audit.record(null, "followup.view", "export:progress", {
    kind: "export-progress",
    ...range,
    format,
    rows,
  });
}
