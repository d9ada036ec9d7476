// Property: whatever an officer types after /logga, a reply that is not a
// confirmation stores nothing, and a confirmation stores exactly its entries.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "../../../support/core.js";
import { consoleMentions } from "../../../../adapters/console/mentions.js";

const tokens = [
  "2h",
  "1,5h",
  "90 min",
  "1h30",
  "0h",
  "25h",
  "3st",
  "x3",
  "0st",
  "150st",
  "närvaro",
  "torget",
  "L1",
  "#L2",
  "hastighet",
  "ratta",
  "L9",
  "igår",
  "idag",
  "tisdag",
  "2026-11-20",
  "2027-01-01",
  "2026-02-30",
  "med",
  "@emma.lund",
  "@nobody",
  "pratade",
  "med",
  "butiksägare",
  "19850101-1234",
  "ABC 123",
  "ångra",
  "",
  " ",
];

describe("the one-line log never stores on a refusal", () => {
  let core: TestCore | null;
  beforeAll(async () => {
    core = await openTestCore("sqlite", { now: "2026-11-25T09:00:00Z" });
  });
  afterAll(async () => {
    await core?.drop();
  });

  it("random lines: stored entries change only with a ✅ confirmation", async () => {
    const line = fc.oneof(
      fc.array(fc.constantFrom(...tokens), { maxLength: 8 }).map((parts) => parts.join(" ")),
      fc.string({ maxLength: 60 }),
    );
    await fc.assert(
      fc.asyncProperty(line, async (text) => {
        const before = await core!.db.prisma.activityEntry.count({ where: { undoneAt: null } });
        const reply = await core!.bot.handleMessage({
          platform: "console",
          userId: "ali.hassan",
          text: `logga ${text}`,
          mentions: consoleMentions(text),
        });
        const after = await core!.db.prisma.activityEntry.count({ where: { undoneAt: null } });
        // a line with several activities confirms each part on a line of its own, after a line saying so
        if (reply.text.startsWith("✅") || reply.text.startsWith("Raden hade")) {
          const parts = reply.text.split("\n").filter((l) => l.startsWith("✅"));
          // "…, även för Emma Lund och Oskar Nyberg.": the people after "även för", besides the logger
          const others = (l: string) => l.split("även för ")[1]?.split(/, | och /).length ?? 0;
          const stored = parts.reduce((sum, l) => sum + 1 + others(l), 0);
          expect(after - before).toBe(stored);
        } else if (!reply.text.startsWith("↩️")) {
          expect(after).toBe(before);
        }
      }),
      { numRuns: 150 },
    );
  });
});
