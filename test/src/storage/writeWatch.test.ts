// What a statement writes decides whether a request answered "nothing was
// stored" may still run it (writeWatch.ts). Each statement's kind is read once
// and remembered: the answer must be the same the second time, and after many
// other statements.
import { describe, expect, it } from "vitest";
import { writeKind } from "../../../src/storage/writeWatch.js";

const statements: [string, ReturnType<typeof writeKind>][] = [
  [`SELECT "personId" FROM "activity_entry" WHERE "day" = ?`, "none"],
  [`INSERT INTO "activity_entry" ("id") VALUES (?)`, "user"],
  [`INSERT INTO "processed_request" ("key") VALUES (?) -- claim`, "none"],
  [`UPDATE "processed_request" SET "reply" = ? WHERE "key" = ?`, "none"],
  [
    `WITH "claim" AS (UPDATE "processed_request" SET "reply" = $1 RETURNING 1) INSERT INTO "activity_entry" ("id") SELECT 1`,
    "keyed",
  ],
  [`SELECT * FROM "activity_entry" FOR UPDATE`, "none"],
  [`DELETE FROM main."promise_activity" WHERE "id" = ?`, "user"],
  [`delete from audit_event where "at" < ?`, "none"],
];

describe("what a statement writes", () => {
  it("is read the same the first time, when remembered, and after many other statements", () => {
    for (const [sql, kind] of statements) expect(writeKind(sql)).toBe(kind);
    for (const [sql, kind] of statements) expect(writeKind(sql)).toBe(kind);
    for (let i = 0; i < 2_500; i++) {
      expect(writeKind(`INSERT INTO "activity_entry" ("id") VALUES (${i})`)).toBe("user");
      expect(writeKind(`SELECT ${i}`)).toBe("none");
    }
    for (const [sql, kind] of statements) expect(writeKind(sql)).toBe(kind);
  });
});
