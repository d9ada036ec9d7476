// The organisation cache under load: requests that miss the same entry at the
// same moment share one load (before, every request in flight when an entry
// expired loaded it again); a write through the process meanwhile is never
// hidden by a load that started before it.
import { describe, expect, it } from "vitest";
import { invalidateOrganisationCache, OrganisationCache } from "../../../src/storage/organisationCache.js";

describe("the organisation cache", () => {
  it("shares one load between the requests that miss at the same moment", async () => {
    const cache = new OrganisationCache(5_000);
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return `value ${loads}`;
    };
    const values = await Promise.all(Array.from({ length: 50 }, () => cache.get("groups", load)));
    expect(loads).toBe(1);
    expect(new Set(values)).toEqual(new Set(["value 1"]));
    expect(await cache.get("groups", load)).toBe("value 1");
    expect(loads).toBe(1);
  });

  it("a write during a load: later requests load again, and a failed load is not shared afterwards", async () => {
    const cache = new OrganisationCache(5_000);
    let loads = 0;
    const load = async () => {
      const n = ++loads;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return `value ${n}`;
    };
    const first = cache.get("targets", load);
    invalidateOrganisationCache();
    const second = cache.get("targets", load);
    expect(await first).toBe("value 1");
    expect(await second).toBe("value 2");
    expect(loads).toBe(2);
    await expect(cache.get("failing", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await cache.get("failing", async () => "up")).toBe("up");
  });
});
