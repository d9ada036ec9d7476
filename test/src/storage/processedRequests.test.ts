// Request keys on both databases: a key held by an attempt that ended or
// passed its time (a crashed process) is taken over, so the retry runs once;
// a receipt of stored work answers a repeat; the log's entries commit together
// with their request key's receipt, and never once another attempt took the key.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { textReply } from "../../../src/core/reply.js";
import type { NewEntry } from "../../../src/storage/activityLogRepository.js";
import { ProcessedRequests } from "../../../src/storage/processedRequests.js";
import { openTestCore, type TestCore } from "../../support/core.js";
import { databaseKinds } from "../../support/databases.js";

for (const kind of databaseKinds) {
  describe(`request keys on ${kind}`, () => {
    let core: TestCore | null;
    let processed: ProcessedRequests;
    let activityId = "";
    beforeAll(async () => {
      core = await openTestCore(kind, { now: "2026-11-25T09:00:00Z" });
      if (!core) return;
      processed = new ProcessedRequests(core.db.prisma, core.db.embedded);
      activityId = (await core.db.prisma.promiseActivity.findFirstOrThrow({ where: { code: "L1" } })).id;
    });
    afterAll(async () => {
      await core?.drop();
    });
    const busy = () => textReply("upptagen");
    const row = (key: string) => core!.db.prisma.processedRequest.findUniqueOrThrow({ where: { key } });

    it("takes over a key whose attempt passed its time (its process died) and runs the work once", async (ctx) => {
      if (!core) return ctx.skip();
      await core.db.prisma.processedRequest.create({
        data: { key: "dead-1", reply: `pending:crashed:${Date.now() - 1_000}` },
      });
      let runs = 0;
      const work = async () => textReply(`svar ${++runs}`);
      expect(await processed.once("dead-1", work, busy)).toEqual(textReply("svar 1"));
      expect(await processed.once("dead-1", work, busy)).toEqual(textReply("svar 1"));
      expect(runs).toBe(1);
      expect(JSON.parse((await row("dead-1")).reply)).toEqual(textReply("svar 1"));
    });

    it("an attempt of an older version (no time): waited for a minute, then taken over", async (ctx) => {
      if (!core) return ctx.skip();
      await core.db.prisma.processedRequest.create({ data: { key: "old-fresh", reply: "" } });
      await core.db.prisma.processedRequest.create({
        data: { key: "old-stale", reply: "", createdAt: new Date(Date.now() - 120_000) },
      });
      const work = async () => textReply("körd");
      expect(await processed.once("old-fresh", work, busy, { waitMs: 100 })).toEqual(busy());
      expect(await processed.once("old-stale", work, busy, { waitMs: 100 })).toEqual(textReply("körd"));
    });

    it("a repeat finds the receipt of stored work whose full reply was not kept", async (ctx) => {
      if (!core) return ctx.skip();
      const receipt = textReply("✅ 1 h på L1 (kvitto)");
      await core.db.prisma.processedRequest.create({
        data: { key: "receipt-1", reply: `receipt:${Date.now() - 1}:${JSON.stringify(receipt)}` },
      });
      let runs = 0;
      const answer = await processed.once("receipt-1", async () => textReply(`svar ${++runs}`), busy, {
        receipt: (r) => ({ ...r, text: `${r.text}!` }),
      });
      expect(answer.text).toBe("✅ 1 h på L1 (kvitto)!");
      expect(runs).toBe(0);
    });

    it("stores the log's entries together with the key's receipt, and nothing once another attempt took the key", async (ctx) => {
      if (!core) return ctx.skip();
      const { RequestWrites, withWrites } = await import("../../../src/core/writes.js");
      const { ClaimTaken } = await import("../../../src/storage/processedRequests.js");
      const entry: NewEntry = {
        activityId,
        personId: "ali.hassan",
        groupId: "ig-1",
        primary: true,
        day: "2026-11-25",
        minutes: 60,
        count: null,
        note: "zqkeyed",
      };
      const marker = `pending:mine:${Date.now() + 5_000}`;
      await core.db.prisma.processedRequest.create({ data: { key: "keyed-1", reply: marker } });
      const writes = new RequestWrites();
      writes.claim = { key: "keyed-1", marker };
      const receipt = (batchId: string) => textReply(`✅ sparat ${batchId}`);
      const batchId = await withWrites(writes, () =>
        core!.ctx.activityLog.storeBatch("ali.hassan", "console", [entry], new Date(), { receipt }),
      );
      expect(writes.outcome()).toBe("committed");
      expect(writes.receipt).toEqual(receipt(batchId));
      expect((await row("keyed-1")).reply).toMatch(new RegExp(`^receipt:\\d+:.*${batchId}`));
      expect(await core.db.prisma.activityEntry.count({ where: { note: "zqkeyed" } })).toBe(1);

      // a later attempt took the key over: this attempt's entries are not stored
      await core.db.prisma.processedRequest.create({ data: { key: "keyed-2", reply: "pending:later:1" } });
      const lost = new RequestWrites();
      lost.claim = { key: "keyed-2", marker: `pending:earlier:${Date.now()}` };
      await expect(
        withWrites(lost, () =>
          core!.ctx.activityLog.storeBatch("ali.hassan", "console", [{ ...entry, note: "zqlost" }], new Date(), {
            receipt,
          }),
        ),
      ).rejects.toBeInstanceOf(ClaimTaken);
      expect(lost.outcome()).toBe("none");
      expect(await core.db.prisma.activityEntry.count({ where: { note: "zqlost" } })).toBe(0);
    });

    it("marks every write of a request, also through Prisma and in transactions, and none of its bookkeeping", async (ctx) => {
      if (!core) return ctx.skip();
      const { RequestWrites, withWrites } = await import("../../../src/core/writes.js");
      const bookkeeping = new RequestWrites();
      await withWrites(bookkeeping, async () => {
        await core!.ctx.audit.record("maria.ekstrom", "test", "x", {});
        await core!.db.prisma.processedRequest.create({ data: { key: "bookkeeping", reply: "{}" } });
        await core!.ctx.activityLog.amountsByGroup(activityId, "2026-11-23", "2026-11-29");
      });
      expect(bookkeeping.outcome()).toBe("none");
      const binding = new RequestWrites();
      await withWrites(binding, () => core!.ctx.organisation.bindChannel("slack", "C0MARKED", "ig-1"));
      expect(binding.outcome()).toBe("committed");
      // closed: "inget sparades" was said, so a write that has not gone out is refused
      binding.closeIfNothingWritten();
      const closed = new RequestWrites();
      expect(closed.closeIfNothingWritten()).toBe("none");
      await expect(
        withWrites(closed, () => core!.ctx.organisation.bindChannel("slack", "C0CLOSED", "ig-1")),
      ).rejects.toThrow();
      expect(await core.db.prisma.channelBinding.count({ where: { channelId: "C0CLOSED" } })).toBe(0);
    });
  });
}
