-- AlterTable
ALTER TABLE "citizen_promise" ADD COLUMN     "comparisonArea" TEXT,
ADD COLUMN     "effectAreas" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "effectIndicators" TEXT NOT NULL DEFAULT '';

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

-- CreateIndex
CREATE INDEX "indicator_kommunId_idx" ON "indicator"("kommunId");

-- CreateIndex
CREATE UNIQUE INDEX "indicator_kommunId_areaKey_key_period_key" ON "indicator"("kommunId", "areaKey", "key", "period");

