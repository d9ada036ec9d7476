-- AlterTable
ALTER TABLE "org_group" ADD COLUMN     "shifts" TEXT;

-- AlterTable
ALTER TABLE "citizen_promise" ADD COLUMN     "citizenMessage" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "comparisonArea" TEXT,
ADD COLUMN     "effectAreas" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "effectIndicators" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "intendedEffect" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "problem" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "purpose" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "promise_activity" ADD COLUMN     "shareBasis" TEXT NOT NULL DEFAULT 'members';

-- AlterTable
ALTER TABLE "activity_group" ADD COLUMN     "share" DOUBLE PRECISION;

-- CreateTable
CREATE TABLE "console_inbox_message" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "job" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" TIMESTAMP(3),

    CONSTRAINT "console_inbox_message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "organisation_file_import" (
    "lpoId" TEXT NOT NULL,
    "file" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "importedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organisation_file_import_pkey" PRIMARY KEY ("lpoId")
);

-- CreateTable
CREATE TABLE "indicator" (
    "id" TEXT NOT NULL,
    "kommunId" TEXT NOT NULL,
    "areaKey" TEXT NOT NULL,
    "area" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "indicator" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "firstMonth" TEXT NOT NULL,
    "months" INTEGER NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "n" INTEGER,
    "importedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "indicator_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "quality_assessment" (
    "id" TEXT NOT NULL,
    "promiseId" TEXT NOT NULL,
    "criterionId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "assessedById" TEXT NOT NULL,
    "assessedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "quality_assessment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "citizen_summary_publication" (
    "id" TEXT NOT NULL,
    "kommunId" TEXT NOT NULL,
    "fromDay" TEXT NOT NULL,
    "toDay" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "publishedById" TEXT,
    "publishedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "citizen_summary_publication_pkey" PRIMARY KEY ("id")
);

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

