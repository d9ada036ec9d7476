// The standing cache's one subtle rule: a sum loaded while this process was
// storing entries of the same activity may or may not include them, so it is
// used once but not kept (kept, the batch would be added to it a second time).
import { describe, expect, it } from "vitest";
import type { AmountByGroup } from "../../../src/storage/activityLogRepository.js";
import { StandingCache, invalidateStandings } from "../../../src/storage/standingCache.js";

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const batch = [{ activityId: "a", groupId: "g", primary: true, day: "2026-11-25", minutes: 60, count: 1 }];
const rows = (minutes: number, count: number): AmountByGroup[] => [{ groupId: "g", minutes, count }];

describe("StandingCache", () => {
  it("keeps a quiet load and adds later batches of the period to it (not those outside it)", async () => {
    const cache = new StandingCache();
    let loads = 0;
    const load = async () => {
      loads++;
      return rows(100, 2);
    };
    expect(await cache.get("a", "2026-11-23", "2026-11-29", load)).toEqual(rows(100, 2));
    await cache.record(batch, async () => undefined);
    await cache.record([{ ...batch[0], day: "2026-11-30" }], async () => undefined);
    await cache.record([{ ...batch[0], primary: false, groupId: "h", count: 5 }], async () => undefined);
    expect(await cache.get("a", "2026-11-23", "2026-11-29", load)).toEqual([
      { groupId: "g", minutes: 160, count: 3 },
      { groupId: "h", minutes: 60, count: 0 },
    ]);
    expect(loads).toBe(1);
  });

  it("does not keep a sum loaded while a batch of the activity was being stored", async () => {
    const cache = new StandingCache();
    const store = deferred<void>();
    const stored = cache.record(batch, () => store.promise);
    const load = deferred<AmountByGroup[]>();
    const during = cache.get("a", "2026-11-23", "2026-11-29", () => load.promise);
    load.resolve(rows(160, 3)); // the database already holds the batch
    expect(await during).toEqual(rows(160, 3));
    store.resolve();
    await stored;
    expect(await cache.get("a", "2026-11-23", "2026-11-29", async () => rows(160, 3))).toEqual(rows(160, 3));
  });

  it("loads again after an invalidation and after its time to live", async () => {
    const cache = new StandingCache(30);
    let current = 10;
    const load = async () => rows(current, 0);
    expect(await cache.get("a", "f", "t", load)).toEqual(rows(10, 0));
    current = 20;
    expect(await cache.get("a", "f", "t", load)).toEqual(rows(10, 0));
    invalidateStandings();
    expect(await cache.get("a", "f", "t", load)).toEqual(rows(20, 0));
    current = 30;
    await new Promise((r) => setTimeout(r, 50));
    expect(await cache.get("a", "f", "t", load)).toEqual(rows(30, 0));
  });

  it("shares loads: callers who come while one runs wait for the next one, which starts after it", async () => {
    const cache = new StandingCache();
    // a batch being stored keeps every load from being kept, as on PostgreSQL under load
    const store = deferred<void>();
    const stored = cache.record(batch, () => store.promise);
    const loads: ReturnType<typeof deferred<AmountByGroup[]>>[] = [];
    const load = () => {
      const d = deferred<AmountByGroup[]>();
      loads.push(d);
      return d.promise;
    };
    const first = cache.get("a", "f", "t", load);
    const waiting = [cache.get("a", "f", "t", load), cache.get("a", "f", "t", load), cache.get("a", "f", "t", load)];
    expect(loads).toHaveLength(1);
    loads[0].resolve(rows(1, 0));
    expect(await first).toEqual(rows(1, 0));
    await new Promise((r) => setTimeout(r, 0));
    expect(loads).toHaveLength(2);
    loads[1].resolve(rows(2, 0));
    expect(await Promise.all(waiting)).toEqual([rows(2, 0), rows(2, 0), rows(2, 0)]);
    store.resolve();
    await stored;
  });
});
