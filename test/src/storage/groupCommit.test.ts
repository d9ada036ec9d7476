// Group commit on PostgreSQL (src/storage/groupCommit.ts): the /logga lines in
// flight at once are stored with fewer commits than lines, each line with its
// own receipt and exactly what Prisma would store; a line the database refuses
// fails alone; a line answered "nothing was stored" while it waited for its
// group is left out of it; two attempts of one request run the work once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { textReply } from "../../../src/core/reply.js";
import { RequestWrites, WritesClosed, withWrites } from "../../../src/core/writes.js";
import type { NewEntry } from "../../../src/storage/activityLogRepository.js";
import { groupCommitOf } from "../../../src/storage/groupCommit.js";
import { ProcessedRequests, requestKeyDigest } from "../../../src/storage/processedRequests.js";
import { openTestCore, type TestCore } from "../../support/core.js";

const DAY = "2026-11-25";

describe("group commit on postgresql", () => {
  let core: TestCore | null;
  let processed: ProcessedRequests;
  let activityId = "";
  beforeAll(async () => {
    core = await openTestCore("postgresql", { now: `${DAY}T09:00:00Z` });
    if (!core) return;
    processed = new ProcessedRequests(core.db.prisma, core.db.embedded, "group-commit-test-secret");
    activityId = (await core.db.prisma.promiseActivity.findFirstOrThrow({ where: { code: "L1" } })).id;
  });
  afterAll(async () => {
    await core?.drop();
  });
  const entry = (over: Partial<NewEntry> = {}): NewEntry => ({
    activityId,
    personId: "ali.hassan",
    groupId: "ig-1",
    primary: true,
    day: DAY,
    minutes: 90,
    count: null,
    note: "",
    ...over,
  });
  const busy = () => textReply("upptagen");
  /** one /logga line as the front door runs it: the key claimed, the entries stored with the receipt, the reply kept */
  const line = (key: string, entries: NewEntry[], now = new Date()) => {
    const writes = new RequestWrites();
    const reply = withWrites(writes, () =>
      processed.once(
        key,
        async () => {
          const batchId = await core!.ctx.activityLog.storeBatch("ali.hassan", "slack", entries, now, {
            receipt: (id) => textReply(`✅ kvitto ${id}`),
          });
          return textReply(`✅ sparat ${batchId}`);
        },
        busy,
      ),
    );
    return { writes, reply };
  };

  it("stores the lines in flight at once in fewer commits than lines, each with its own receipt and reply", async (ctx) => {
    if (!core) return ctx.skip();
    const group = groupCommitOf(core.db.prisma);
    expect(group).not.toBeNull();
    const before = structuredClone(group!.stats());
    const now = new Date("2026-11-25T09:15:30.123Z");
    const lines = Array.from({ length: 40 }, (_, i) =>
      line(
        `gc-many-${i}`,
        [entry({ note: `gc-many-${i}` }), entry({ personId: "maria.ekstrom", primary: false, note: `gc-many-${i}` })],
        now,
      ),
    );
    const replies = await Promise.all(lines.map((l) => l.reply));
    for (const l of lines) expect(l.writes.outcome()).toBe("committed");
    const stored = await core.db.prisma.activityEntry.findMany({ where: { note: { startsWith: "gc-many-" } } });
    expect(stored).toHaveLength(80);
    // what Prisma reads back is what was given (the timestamp in UTC, the boolean, the nulls)
    expect(stored.every((e) => e.createdAt.getTime() === now.getTime())).toBe(true);
    expect(stored.filter((e) => e.primary)).toHaveLength(40);
    expect(stored.every((e) => e.count === null && e.minutes === 90 && e.source === "slack")).toBe(true);
    // each line's batch is the one its reply names
    for (const [i, reply] of replies.entries()) {
      const batchId = reply.text.replace("✅ sparat ", "");
      expect(stored.filter((e) => e.batchId === batchId).map((e) => e.note)).toEqual([`gc-many-${i}`, `gc-many-${i}`]);
    }
    const after = group!.stats();
    expect(after.keyed.lines - before.keyed.lines).toBe(40);
    expect(after.keyed.groups - before.keyed.groups).toBeLessThan(40);
    expect(after.claims.groups - before.claims.groups).toBeLessThan(40);
    // a repeat of any line gets its reply, and stores nothing again
    const again = line("gc-many-7", [entry({ note: "gc-many-7" })]);
    expect(await again.reply).toEqual(replies[7]);
    expect(await core.db.prisma.activityEntry.count({ where: { note: "gc-many-7" } })).toBe(2);
  });

  it("a line the database refuses fails alone: the others of its group are stored", async (ctx) => {
    if (!core) return ctx.skip();
    const lines = Array.from({ length: 6 }, (_, i) =>
      line(`gc-bad-${i}`, [entry({ note: `gc-bad-${i}`, ...(i === 3 ? { activityId: "no-such-activity" } : {}) })]),
    );
    const outcomes = await Promise.allSettled(lines.map((l) => l.reply));
    expect(outcomes.map((o) => o.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "fulfilled",
      "rejected",
      "fulfilled",
      "fulfilled",
    ]);
    expect(lines[3].writes.outcome()).toBe("none");
    const notes = (await core.db.prisma.activityEntry.findMany({ where: { note: { startsWith: "gc-bad-" } } })).map(
      (e) => e.note,
    );
    expect(notes.sort()).toEqual(["gc-bad-0", "gc-bad-1", "gc-bad-2", "gc-bad-4", "gc-bad-5"]);
    // the refused line's key was freed (a retry runs it again); the others keep their replies
    const keyOf = (i: number) => requestKeyDigest("group-commit-test-secret", `gc-bad-${i}`);
    expect(await core.db.prisma.processedRequest.findUnique({ where: { key: keyOf(3) } })).toBeNull();
    expect((await core.db.prisma.processedRequest.findUniqueOrThrow({ where: { key: keyOf(2) } })).reply).toMatch(
      /^\{/,
    );
  });

  it("a line answered 'nothing was stored' while it waited for its group is left out of it", async (ctx) => {
    if (!core) return ctx.skip();
    const group = groupCommitOf(core.db.prisma)!;
    const marker = `pending:closed:${Date.now() + 5_000}`;
    await core.db.prisma.processedRequest.create({ data: { key: "gc-closed", reply: marker } });
    const writes = new RequestWrites();
    const rows = [
      [
        crypto.randomUUID(),
        crypto.randomUUID(),
        activityId,
        "ali.hassan",
        "ali.hassan",
        "ig-1",
        true,
        DAY,
        60,
        null,
        "gc-closed",
        "slack",
        new Date(),
      ],
    ];
    const storing = withWrites(writes, () =>
      group.keyedInsert({ key: "gc-closed", marker, receipt: "receipt:1:{}", rows }),
    );
    // the deadline passes before the group goes out
    expect(writes.closeIfNothingWritten()).toBe("none");
    await expect(storing).rejects.toBeInstanceOf(WritesClosed);
    expect(writes.outcome()).toBe("none");
    expect(await core.db.prisma.activityEntry.count({ where: { note: "gc-closed" } })).toBe(0);
    expect((await core.db.prisma.processedRequest.findUniqueOrThrow({ where: { key: "gc-closed" } })).reply).toBe(
      marker,
    );
  });

  it("two attempts of one request in the same moment run the work once", async (ctx) => {
    if (!core) return ctx.skip();
    let runs = 0;
    const work = async () => textReply(`körd ${++runs}`);
    const [a, b] = await Promise.all([processed.once("gc-twice", work, busy), processed.once("gc-twice", work, busy)]);
    expect(runs).toBe(1);
    expect(a).toEqual(textReply("körd 1"));
    expect(b).toEqual(textReply("körd 1"));
  });

  it("reads the day's entries of the lines in flight in one query: each line gets its own people's, newest first, in UTC whatever the process's zone", async (ctx) => {
    if (!core) return ctx.skip();
    const group = groupCommitOf(core.db.prisma)!;
    const zone = process.env.TZ;
    process.env.TZ = "Europe/Stockholm"; // the driver would read a timestamp without time zone as local time
    try {
      const day = "2026-11-20";
      const at = (hhmm: string) => new Date(`${day}T${hhmm}:00.000Z`);
      await core.ctx.activityLog.storeBatch(
        "ali.hassan",
        "slack",
        [entry({ day, minutes: 30, note: "rd-1" })],
        at("07:00"),
      );
      await core.ctx.activityLog.storeBatch(
        "ali.hassan",
        "slack",
        [entry({ day, minutes: 45, note: "rd-2" })],
        at("08:00"),
      );
      await core.ctx.activityLog.storeBatch(
        "maria.ekstrom",
        "slack",
        [entry({ day, personId: "maria.ekstrom", minutes: 60, note: "rd-3" })],
        at("09:00"),
      );
      const before = structuredClone(group.stats().dayEntries);
      const [ali, maria, both, none] = await Promise.all([
        core.ctx.activityLog.entriesOnDay(["ali.hassan"], day),
        core.ctx.activityLog.entriesOnDay(["maria.ekstrom"], day),
        core.ctx.activityLog.entriesOnDay(["maria.ekstrom", "ali.hassan", "ali.hassan"], day),
        core.ctx.activityLog.entriesOnDay(["ali.hassan"], "2026-11-19"),
      ]);
      const after = group.stats().dayEntries;
      expect(after.lines - before.lines).toBe(4);
      expect(after.groups - before.groups).toBe(1);
      expect(ali.map((e) => [e.note, e.minutes, e.createdAt.toISOString()])).toEqual([
        ["rd-2", 45, "2026-11-20T08:00:00.000Z"],
        ["rd-1", 30, "2026-11-20T07:00:00.000Z"],
      ]);
      expect(maria.map((e) => e.note)).toEqual(["rd-3"]);
      expect(both.map((e) => e.note)).toEqual(["rd-3", "rd-2", "rd-1"]);
      expect(none).toEqual([]);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it("after close, a line is refused unsent (no new pool opens behind the closed database)", async (ctx) => {
    if (!core) return ctx.skip();
    const { GroupCommit } = await import("../../../src/storage/groupCommit.js");
    const group = new GroupCommit(core.db.url);
    expect(await group.claim("gc-close-1", "pending:a:1", new Date())).toBe(true);
    await group.close();
    await expect(group.claim("gc-close-2", "pending:b:1", new Date())).rejects.toThrow(/closed/);
    expect(await core.db.prisma.processedRequest.count({ where: { key: "gc-close-2" } })).toBe(0);
  });
});
