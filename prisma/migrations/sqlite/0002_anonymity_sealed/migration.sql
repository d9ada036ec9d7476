-- AlterTable
ALTER TABLE "dialogue_poll" ADD COLUMN "sealKey" TEXT;

-- CreateTable
CREATE TABLE "poll_sealed_sheet" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "pollId" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "sheet" TEXT NOT NULL,
    CONSTRAINT "poll_sealed_sheet_pollId_fkey" FOREIGN KEY ("pollId") REFERENCES "dialogue_poll" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "poll_group_tally" (
    "pollId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "answered" INTEGER NOT NULL,

    PRIMARY KEY ("pollId", "groupId"),
    CONSTRAINT "poll_group_tally_pollId_fkey" FOREIGN KEY ("pollId") REFERENCES "dialogue_poll" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_poll_response" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "pollId" TEXT NOT NULL,
    "token" TEXT,
    "personId" TEXT,
    "groupId" TEXT,
    CONSTRAINT "poll_response_pollId_fkey" FOREIGN KEY ("pollId") REFERENCES "dialogue_poll" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_poll_response" ("groupId", "id", "personId", "pollId", "token") SELECT "groupId", "id", "personId", "pollId", "token" FROM "poll_response";
DROP TABLE "poll_response";
ALTER TABLE "new_poll_response" RENAME TO "poll_response";
CREATE INDEX "poll_response_pollId_groupId_idx" ON "poll_response"("pollId", "groupId");
CREATE UNIQUE INDEX "poll_response_pollId_token_key" ON "poll_response"("pollId", "token");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "poll_sealed_sheet_pollId_token_key" ON "poll_sealed_sheet"("pollId", "token");


-- Request keys were stored as plain hashes of what the adapters build them
-- from (user id, button, message time), which could be recomputed; from now on
-- they are kept as HMACs under the instance key. The old ones (kept for two
-- days, to answer retries) are dropped.
DELETE FROM "processed_request";
