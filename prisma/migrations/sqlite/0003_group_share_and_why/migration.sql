-- AlterTable
ALTER TABLE "activity_group" ADD COLUMN "share" REAL;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_citizen_promise" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kommunId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "fromDay" TEXT NOT NULL,
    "toDay" TEXT NOT NULL,
    "problem" TEXT NOT NULL DEFAULT '',
    "purpose" TEXT NOT NULL DEFAULT '',
    "effect" TEXT NOT NULL DEFAULT '',
    "citizenMessage" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "citizen_promise_kommunId_fkey" FOREIGN KEY ("kommunId") REFERENCES "kommun" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_citizen_promise" ("createdAt", "fromDay", "id", "kommunId", "title", "toDay", "updatedAt") SELECT "createdAt", "fromDay", "id", "kommunId", "title", "toDay", "updatedAt" FROM "citizen_promise";
DROP TABLE "citizen_promise";
ALTER TABLE "new_citizen_promise" RENAME TO "citizen_promise";
CREATE INDEX "citizen_promise_kommunId_idx" ON "citizen_promise"("kommunId");
CREATE TABLE "new_promise_activity" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "promiseId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "aliases" TEXT NOT NULL DEFAULT '',
    "unit" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "baselineAmount" REAL,
    "shareBasis" TEXT NOT NULL DEFAULT 'members',
    "active" BOOLEAN NOT NULL DEFAULT true,
    CONSTRAINT "promise_activity_promiseId_fkey" FOREIGN KEY ("promiseId") REFERENCES "citizen_promise" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_promise_activity" ("active", "aliases", "baselineAmount", "code", "id", "name", "position", "promiseId", "unit") SELECT "active", "aliases", "baselineAmount", "code", "id", "name", "position", "promiseId", "unit" FROM "promise_activity";
DROP TABLE "promise_activity";
ALTER TABLE "new_promise_activity" RENAME TO "promise_activity";
CREATE UNIQUE INDEX "promise_activity_promiseId_code_key" ON "promise_activity"("promiseId", "code");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

