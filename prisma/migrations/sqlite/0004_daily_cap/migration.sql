-- AlterTable
ALTER TABLE "lpo" ADD COLUMN "maxHoursPerDay" REAL;

