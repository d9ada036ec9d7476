-- AlterTable
ALTER TABLE "org_group" ADD COLUMN     "shifts" TEXT;

