// `loftesbot export activities`: the activity log for a period, as JSON lines
// or as CSV that opens cleanly in Swedish Excel (UTF-8 BOM, `;`, decimal comma).
//
// Invariant: a sum over the export equals the bot's figure. One row per person
// per logged line; rows of one line share `batch`. Hours are person-hours: the
// sum of `minutes` (or `hours`) over all rows is what the bot counts. An
// occasion done together is one occasion: `occasions` holds the line's count on
// the logger's own row (`primary` true) and 0 on the rows of people named with
// `med` (a line stored "Spara utan mig" has no logger's row, so none: the
// logger's earlier entry of the same work counted its occasions), so the sum
// of `occasions` is the bot's occasion count; `count` is each
// person's own part (what /mina shows them). README "Exporting the activity
// log" says how to sum it.
import { csvCell } from "../../core/csv.js";
import { maskPersonalData } from "../../domain/personalData.js";
import type { Prisma } from "../../storage/database.js";
import { activityExportPage } from "./store.js";

export interface ActivityExportRow {
  id: string;
  /** the logged line the row belongs to: every person named in one line shares it */
  batch: string;
  /** true on the logger's own row; false on the rows of people named with `med` */
  primary: boolean;
  person: string;
  date: string;
  activity: string;
  /** the activity's unit: timmar (sum `minutes`) or tillfällen (sum `occasions`) */
  unit: string;
  promise: string;
  kommun: string;
  group: string | null;
  minutes: number | null;
  /** the person's own count (what /mina shows them) */
  count: number | null;
  /** the count as the bot sums occasions: the line's count on its primary row, 0 on the others */
  occasions: number | null;
  note: string;
  loggedBy: string;
  createdAt: string;
}

export async function* activityExportRows(
  prisma: Prisma,
  from: string,
  to: string,
  pageSize = 5_000,
): AsyncGenerator<ActivityExportRow> {
  let cursor: string | undefined;
  for (;;) {
    const page = await activityExportPage(prisma, from, to, pageSize, cursor);
    for (const e of page) {
      yield {
        id: e.id,
        batch: e.batchId,
        primary: e.primary,
        person: e.personId,
        date: e.day,
        activity: e.activity.code,
        unit: e.activity.unit,
        promise: e.activity.promiseId,
        kommun: e.activity.promise.kommunId,
        group: e.groupId,
        minutes: e.minutes,
        count: e.count,
        occasions: e.count === null ? null : e.primary ? e.count : 0,
        // notes stored before masking was what it is now are masked again on the way out
        note: maskPersonalData(e.note, { lineBreaks: false, tabs: false }).text,
        loggedBy: e.loggedById,
        createdAt: e.createdAt.toISOString(),
      };
    }
    if (page.length < pageSize) return;
    cursor = page[page.length - 1].id;
  }
}

const CSV_COLUMNS = [
  "id",
  "batch",
  "primary",
  "person",
  "date",
  "activity",
  "unit",
  "promise",
  "kommun",
  "group",
  "minutes",
  "hours",
  "count",
  "occasions",
  "note",
  "loggedBy",
  "createdAt",
] as const;

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(";")}\r\n`;
}

export function csvLine(row: ActivityExportRow): string {
  const hours = row.minutes === null ? "" : String(Math.round((row.minutes / 60) * 100) / 100).replace(".", ",");
  const cells: Record<(typeof CSV_COLUMNS)[number], string> = {
    id: row.id,
    batch: row.batch,
    primary: row.primary ? "1" : "0",
    person: row.person,
    date: row.date,
    activity: row.activity,
    unit: row.unit,
    promise: row.promise,
    kommun: row.kommun,
    group: row.group ?? "",
    minutes: row.minutes === null ? "" : String(row.minutes),
    hours,
    count: row.count === null ? "" : String(row.count),
    occasions: row.occasions === null ? "" : String(row.occasions),
    note: row.note,
    loggedBy: row.loggedBy,
    createdAt: row.createdAt,
  };
  return `${CSV_COLUMNS.map((c) => csvCell(cells[c])).join(";")}\r\n`;
}
