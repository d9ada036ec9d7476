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

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_citizen_promise" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kommunId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "fromDay" TEXT NOT NULL,
    "toDay" TEXT NOT NULL,
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
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "indicator_kommunId_idx" ON "indicator"("kommunId");

-- CreateIndex
CREATE UNIQUE INDEX "indicator_kommunId_areaKey_key_period_key" ON "indicator"("kommunId", "areaKey", "key", "period");

