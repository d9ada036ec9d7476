// `loftesbot export activities`: the activity log for a period, as JSON lines
// or as CSV that opens cleanly in Swedish Excel (UTF-8 BOM, `;`, decimal comma).
import { csvCell } from "../../core/csv.js";
import { maskPersonalData } from "../../domain/personalData.js";
import type { Prisma } from "../../storage/database.js";
import { activityExportPage } from "./store.js";

export interface ActivityExportRow {
  id: string;
  person: string;
  date: string;
  activity: string;
  promise: string;
  kommun: string;
  group: string | null;
  minutes: number | null;
  count: number | null;
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
        person: e.personId,
        date: e.day,
        activity: e.activity.code,
        promise: e.activity.promiseId,
        kommun: e.activity.promise.kommunId,
        group: e.groupId,
        minutes: e.minutes,
        count: e.count,
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
  "person",
  "date",
  "activity",
  "promise",
  "kommun",
  "group",
  "minutes",
  "hours",
  "count",
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
    person: row.person,
    date: row.date,
    activity: row.activity,
    promise: row.promise,
    kommun: row.kommun,
    group: row.group ?? "",
    minutes: row.minutes === null ? "" : String(row.minutes),
    hours,
    count: row.count === null ? "" : String(row.count),
    note: row.note,
    loggedBy: row.loggedBy,
    createdAt: row.createdAt,
  };
  return `${CSV_COLUMNS.map((c) => csvCell(cells[c])).join(";")}\r\n`;
}
