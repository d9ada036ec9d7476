-- AlterTable
ALTER TABLE "lpo" ADD COLUMN     "maxHoursPerDay" DOUBLE PRECISION;

