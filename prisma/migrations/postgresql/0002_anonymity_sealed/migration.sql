-- AlterTable
ALTER TABLE "dialogue_poll" ADD COLUMN     "sealKey" TEXT;

-- AlterTable
ALTER TABLE "poll_response" DROP COLUMN "day",
ALTER COLUMN "token" DROP NOT NULL,
ALTER COLUMN "groupId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "poll_sealed_sheet" (
    "id" TEXT NOT NULL,
    "pollId" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "sheet" TEXT NOT NULL,

    CONSTRAINT "poll_sealed_sheet_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "poll_group_tally" (
    "pollId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "answered" INTEGER NOT NULL,

    CONSTRAINT "poll_group_tally_pkey" PRIMARY KEY ("pollId","groupId")
);

-- CreateIndex
CREATE UNIQUE INDEX "poll_sealed_sheet_pollId_token_key" ON "poll_sealed_sheet"("pollId", "token");

-- AddForeignKey
ALTER TABLE "poll_sealed_sheet" ADD CONSTRAINT "poll_sealed_sheet_pollId_fkey" FOREIGN KEY ("pollId") REFERENCES "dialogue_poll"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "poll_group_tally" ADD CONSTRAINT "poll_group_tally_pollId_fkey" FOREIGN KEY ("pollId") REFERENCES "dialogue_poll"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Request keys were stored as plain hashes of what the adapters build them
-- from (user id, button, message time), which could be recomputed; from now on
-- they are kept as HMACs under the instance key. The old ones (kept for two
-- days, to answer retries) are dropped.
DELETE FROM "processed_request";
