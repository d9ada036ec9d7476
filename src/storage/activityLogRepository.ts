// The activity log: entries of work, stored in batches (one line logged for
// several people is one batch), undone as a batch by the person who logged
// it, or one entry at a time by a person named in it (their own part). A batch
// stored for a request that claimed its key commits together with the key's
// receipt, so a retry of the request finds it and is never stored twice.
// On PostgreSQL such batches of lines in flight at once go out together, one
// statement and one commit for the group (groupCommit.ts).
import { randomUUID } from "node:crypto";
import * as SQL from "./sql.js";
import type { Prisma } from "./database.js";
import { type EmbeddedSqlite, RawStatements, storedTimestamp } from "./embeddedSqlite.js";
import { type AmountByGroup, StandingCache, invalidateStandings } from "./standingCache.js";
import type { Reply } from "../core/reply.js";
import { currentWrites } from "../core/writes.js";
import { ClaimTaken, claimToReceipt, receiptValue } from "./processedRequests.js";
import { type GroupCommit, groupCommitOf } from "./groupCommit.js";

export type { AmountByGroup };

const COLUMNS = SQL.raw(
  `"id", "batchId", "activityId", "personId", "loggedById", "groupId", "primary", "day", "minutes", "count", "note", "source", "createdAt"`,
);
/** each column's type, for values that do not go straight into the table (PostgreSQL types them as text) */
const TYPES = [
  "text",
  "text",
  "text",
  "text",
  "text",
  "text",
  "boolean",
  "text",
  "integer",
  "integer",
  "text",
  "text",
  "timestamp(3)",
];

/**
 * PostgreSQL: the entries and the claim's receipt in one statement, so that
 * they commit together: the entries are inserted only when the claim became
 * the receipt.
 */
function keyedInsert(guard: SQL.Sql, values: unknown[][]): SQL.Sql {
  const typed = values.map(
    (row) => SQL.sql`(${SQL.join(row.map((v, i) => SQL.sql`${v}::${SQL.raw(TYPES[i] ?? "text")}`))})`,
  );
  return SQL.sql`WITH "claim" AS (${guard} RETURNING 1)
    INSERT INTO "activity_entry" (${COLUMNS})
    SELECT * FROM (VALUES ${SQL.join(typed)}) AS "entry" (${COLUMNS})
     WHERE EXISTS (SELECT 1 FROM "claim")`;
}

export interface NewEntry {
  activityId: string;
  personId: string;
  groupId: string | null;
  /** the logger's own entry (occasions count once per line) */
  primary: boolean;
  day: string;
  minutes: number | null;
  count: number | null;
  note: string;
}

/** An entry as a line is checked against before it is stored (askFirst.ts): duplicates, the daily total. */
export interface DayEntry {
  personId: string;
  loggedById: string;
  activityId: string;
  minutes: number | null;
  count: number | null;
  note: string;
  createdAt: Date;
}

export interface StoredBatch {
  batchId: string;
  loggedById: string;
  createdAt: Date;
  entries: {
    id: string;
    personId: string;
    activityId: string;
    day: string;
    minutes: number | null;
    count: number | null;
    note: string;
  }[];
}

export class ActivityLogRepository {
  private readonly standings: StandingCache;
  private readonly raw: RawStatements;
  /** PostgreSQL: a line's entries and receipt go out with the other lines in flight, one commit (groupCommit.ts) */
  private readonly group: GroupCommit | null;

  constructor(
    private readonly prisma: Prisma,
    /** SQLite: the hot statements of /logga as prepared statements (see embeddedSqlite.ts) */
    embedded: EmbeddedSqlite | null = null,
    options: { standingTtlMs?: number } = {},
  ) {
    this.standings = new StandingCache(options.standingTtlMs);
    this.raw = new RawStatements(prisma, embedded);
    this.group = embedded ? null : groupCommitOf(prisma);
  }

  /**
   * Stores all entries of one logged line atomically; returns the batch id.
   * `receipt` is the plain confirmation of what was stored: the request's
   * answer should anything fail after the entries commit. When the request
   * has claimed its key, the entries commit together with the receipt as the
   * key's answer — one statement on PostgreSQL, one transaction on SQLite — or
   * not at all (ClaimTaken: a later attempt of the same request took the key).
   * `batchId`: the id to store the batch under (a confirmed question's token)
   * instead of a new one.
   */
  async storeBatch(
    loggedById: string,
    source: string,
    entries: NewEntry[],
    now: Date,
    options: { receipt?: (batchId: string) => Reply; batchId?: string } = {},
  ): Promise<string> {
    const batchId = options.batchId ?? randomUUID();
    const writes = currentWrites();
    const receipt = options.receipt?.(batchId);
    const claim = receipt ? writes?.claim : undefined;
    const values = entries.map((e) => [
      randomUUID(),
      batchId,
      e.activityId,
      e.personId,
      loggedById,
      e.groupId,
      e.primary,
      e.day,
      e.minutes,
      e.count,
      e.note,
      source,
      now,
    ]);
    // one statement, atomic for all rows (createMany adds BEGIN and COMMIT: two more round trips)
    const insert = SQL.sql`INSERT INTO "activity_entry" (${COLUMNS}) VALUES ${SQL.join(values.map((v) => SQL.sql`(${SQL.join(v)})`))}`;
    try {
      await this.standings.record(entries, async () => {
        if (!claim || !receipt) return this.raw.execute(insert);
        if (this.group && values.length > 0) {
          const stored = await this.group.keyedInsert({
            key: claim.key,
            marker: claim.marker,
            receipt: receiptValue(claim, receipt),
            rows: values,
          });
          if (stored === null) throw new ClaimTaken(claim.key);
          return stored;
        }
        const guard = claimToReceipt(claim, receipt);
        const stored =
          this.raw.provider === "postgresql"
            ? await this.prisma.$executeRaw(keyedInsert(guard, values))
            : await this.raw.executeIf(guard, insert);
        if (!stored) throw new ClaimTaken(claim.key);
        return stored;
      });
    } catch (error) {
      // it may have been stored after all (the connection was lost on the way): read the sums afresh
      invalidateStandings();
      throw error;
    }
    if (receipt && writes) writes.receipt = receipt;
    return batchId;
  }

  async batch(batchId: string): Promise<StoredBatch | null> {
    const rows = await this.prisma.activityEntry.findMany({ where: { batchId }, orderBy: { createdAt: "asc" } });
    if (rows.length === 0) return null;
    return {
      batchId,
      loggedById: rows[0].loggedById,
      createdAt: rows[0].createdAt,
      entries: rows
        .filter((r) => r.undoneAt === null)
        .map((r) => ({
          id: r.id,
          personId: r.personId,
          activityId: r.activityId,
          day: r.day,
          minutes: r.minutes,
          count: r.count,
          note: r.note,
        })),
    };
  }

  /** The newest batch this person logged since `since` that is not undone. */
  async lastBatchLoggedBy(personId: string, since: Date): Promise<string | null> {
    const row = await this.prisma.activityEntry.findFirst({
      where: { loggedById: personId, undoneAt: null, createdAt: { gte: since } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { batchId: true },
    });
    return row?.batchId ?? null;
  }

  /** Marks a batch undone; returns how many entries changed (0 when already undone). */
  async undoBatch(batchId: string, now: Date): Promise<number> {
    try {
      const result = await this.prisma.activityEntry.updateMany({
        where: { batchId, undoneAt: null },
        data: { undoneAt: now },
      });
      return result.count;
    } finally {
      invalidateStandings();
    }
  }

  /**
   * Marks undone one person's own entry in a batch someone else logged (not
   * the logger's entry: that goes with the batch), if logged at or after
   * `since`; returns how many entries changed (0 when it was not theirs,
   * already undone, or older).
   */
  async undoOwnPart(entryId: string, personId: string, since: Date, now: Date): Promise<number> {
    try {
      const result = await this.prisma.activityEntry.updateMany({
        where: {
          id: entryId,
          personId,
          primary: false,
          loggedById: { not: personId },
          undoneAt: null,
          createdAt: { gte: since },
        },
        data: { undoneAt: now },
      });
      return result.count;
    } finally {
      invalidateStandings();
    }
  }

  /**
   * The entries (not undone) of these people on a day, every activity; newest
   * first. Read before every /logga line is stored, so as raw SQL: a prepared
   * statement on SQLite, without Prisma's query compiler on PostgreSQL.
   */
  async entriesOnDay(personIds: string[], day: string): Promise<DayEntry[]> {
    if (personIds.length === 0) return [];
    // PostgreSQL: read with the other lines in flight, one query for all of them (groupCommit.ts)
    const rows = this.group
      ? await this.group.entriesOnDay(personIds, day)
      : await this.raw.rows<Record<keyof DayEntry, unknown>>(SQL.sql`
      SELECT "personId", "loggedById", "activityId", "minutes", "count", "note", "createdAt"
        FROM "activity_entry"
       WHERE "personId" IN (${SQL.join(personIds)}) AND "day" = ${day} AND "undoneAt" IS NULL
       ORDER BY "createdAt" DESC, "id" DESC`);
    return rows.map((r) => ({
      personId: String(r.personId),
      loggedById: String(r.loggedById),
      activityId: String(r.activityId),
      minutes: r.minutes === null ? null : Number(r.minutes),
      count: r.count === null ? null : Number(r.count),
      note: String(r.note),
      createdAt: storedTimestamp(r.createdAt),
    }));
  }

  /**
   * Work done on an activity between two days, per group. Hours count every
   * person's time; occasions count each logged line once (the logger's own
   * entry), so three officers at one speed check make one occasion.
   */
  async amountsByGroup(activityId: string, from: string, to: string): Promise<AmountByGroup[]> {
    // one portable aggregate (SQLite and PostgreSQL); the log reply reads it through standingByGroup
    const rows = await this.raw.rows<{ groupId: string | null; minutes: unknown; count: unknown }>(SQL.sql`
      SELECT "groupId",
             SUM(COALESCE("minutes", 0)) AS minutes,
             SUM(CASE WHEN "primary" THEN COALESCE("count", 0) ELSE 0 END) AS count
        FROM "activity_entry"
       WHERE "activityId" = ${activityId} AND "day" >= ${from} AND "day" <= ${to} AND "undoneAt" IS NULL
       GROUP BY "groupId"`);
    return rows.map((r) => ({ groupId: r.groupId, minutes: Number(r.minutes), count: Number(r.count) }));
  }

  /**
   * The same sums for the standing shown after each log line: kept in memory
   * and up to date with what this process stores (see standingCache.ts).
   */
  async standingByGroup(activityId: string, from: string, to: string): Promise<AmountByGroup[]> {
    return this.standings.get(activityId, from, to, () => this.amountsByGroup(activityId, from, to));
  }

  /** Work per day on an activity (same counting rules as amountsByGroup), optionally for one group. */
  async amountsByDay(
    activityId: string,
    from: string,
    to: string,
    groupId?: string,
  ): Promise<{ day: string; minutes: number; count: number }[]> {
    const where = { activityId, day: { gte: from, lte: to }, undoneAt: null, ...(groupId ? { groupId } : {}) };
    const [minutes, counts] = await Promise.all([
      this.prisma.activityEntry.groupBy({ by: ["day"], where, _sum: { minutes: true } }),
      this.prisma.activityEntry.groupBy({ by: ["day"], where: { ...where, primary: true }, _sum: { count: true } }),
    ]);
    const byDay = new Map<string, { day: string; minutes: number; count: number }>();
    for (const row of minutes) byDay.set(row.day, { day: row.day, minutes: row._sum.minutes ?? 0, count: 0 });
    for (const row of counts) {
      const entry = byDay.get(row.day) ?? { day: row.day, minutes: 0, count: 0 };
      entry.count = row._sum.count ?? 0;
      byDay.set(row.day, entry);
    }
    return [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day));
  }

  async firstEntryDay(activityId: string): Promise<string | null> {
    const row = await this.prisma.activityEntry.findFirst({
      where: { activityId, undoneAt: null },
      orderBy: { day: "asc" },
      select: { day: true },
    });
    return row?.day ?? null;
  }

  /** The first day anything was logged (not undone) on any activity of the LPO: when the bot was taken into use there. */
  async firstEntryDayOfLpo(lpoId: string): Promise<string | null> {
    const row = await this.prisma.activityEntry.findFirst({
      where: { undoneAt: null, activity: { promise: { kommun: { lpoId } } } },
      orderBy: { day: "asc" },
      select: { day: true },
    });
    return row?.day ?? null;
  }

  /** How many distinct people logged anything on any of these activities between two days, per group. */
  async peopleLoggingByGroup(activityIds: string[], from: string, to: string): Promise<Map<string | null, number>> {
    const rows = await this.prisma.activityEntry.groupBy({
      by: ["groupId", "personId"],
      where: { activityId: { in: activityIds }, day: { gte: from, lte: to }, undoneAt: null },
    });
    const counts = new Map<string | null, number>();
    for (const row of rows) counts.set(row.groupId, (counts.get(row.groupId) ?? 0) + 1);
    return counts;
  }

  async entriesOfPerson(personId: string, from: string, to: string) {
    return this.prisma.activityEntry.findMany({
      where: { personId, day: { gte: from, lte: to }, undoneAt: null },
      include: { activity: { select: { code: true, name: true, unit: true } } },
      orderBy: [{ day: "desc" }, { createdAt: "desc" }],
    });
  }
}
