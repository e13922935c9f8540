-- AlterTable
ALTER TABLE "features"."feature_services" ADD COLUMN     "description" TEXT NOT NULL DEFAULT '';

