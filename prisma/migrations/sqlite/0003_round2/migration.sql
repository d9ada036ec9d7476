-- AlterTable
ALTER TABLE "org_group" ADD COLUMN "shifts" TEXT;

-- AlterTable
ALTER TABLE "activity_group" ADD COLUMN "share" REAL;

-- CreateTable
CREATE TABLE "console_inbox_message" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "job" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" DATETIME
);

-- CreateTable
CREATE TABLE "organisation_file_import" (
    "lpoId" TEXT NOT NULL PRIMARY KEY,
    "file" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "importedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "indicator" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kommunId" TEXT NOT NULL,
    "areaKey" TEXT NOT NULL,
    "area" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "indicator" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "firstMonth" TEXT NOT NULL,
    "months" INTEGER NOT NULL,
    "value" REAL NOT NULL,
    "n" INTEGER,
    "importedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "quality_assessment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "promiseId" TEXT NOT NULL,
    "criterionId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "assessedById" TEXT NOT NULL,
    "assessedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "citizen_summary_publication" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kommunId" TEXT NOT NULL,
    "fromDay" TEXT NOT NULL,
    "toDay" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "publishedById" TEXT,
    "publishedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

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
    "intendedEffect" TEXT NOT NULL DEFAULT '',
    "citizenMessage" TEXT NOT NULL DEFAULT '',
    "effectIndicators" TEXT NOT NULL DEFAULT '',
    "effectAreas" TEXT NOT NULL DEFAULT '',
    "comparisonArea" TEXT,
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

-- CreateIndex
CREATE INDEX "console_inbox_message_personId_createdAt_idx" ON "console_inbox_message"("personId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "console_inbox_message_personId_job_recipient_period_key" ON "console_inbox_message"("personId", "job", "recipient", "period");

-- CreateIndex
CREATE INDEX "indicator_kommunId_idx" ON "indicator"("kommunId");

-- CreateIndex
CREATE UNIQUE INDEX "indicator_kommunId_areaKey_key_period_key" ON "indicator"("kommunId", "areaKey", "key", "period");

-- CreateIndex
CREATE INDEX "quality_assessment_promiseId_criterionId_assessedAt_idx" ON "quality_assessment"("promiseId", "criterionId", "assessedAt");

-- CreateIndex
CREATE INDEX "citizen_summary_publication_kommunId_toDay_idx" ON "citizen_summary_publication"("kommunId", "toDay");

