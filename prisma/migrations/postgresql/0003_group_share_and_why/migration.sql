-- AlterTable
ALTER TABLE "citizen_promise" ADD COLUMN     "citizenMessage" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "effect" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "problem" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "purpose" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "promise_activity" ADD COLUMN     "shareBasis" TEXT NOT NULL DEFAULT 'members';

-- AlterTable
ALTER TABLE "activity_group" ADD COLUMN     "share" DOUBLE PRECISION;

