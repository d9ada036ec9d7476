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

-- CreateIndex
CREATE INDEX "quality_assessment_promiseId_criterionId_assessedAt_idx" ON "quality_assessment"("promiseId", "criterionId", "assessedAt");

-- CreateIndex
CREATE INDEX "citizen_summary_publication_kommunId_toDay_idx" ON "citizen_summary_publication"("kommunId", "toDay");

