-- AlterTable
ALTER TABLE "training"."runs" ADD COLUMN     "datasetName" TEXT,
ADD COLUMN     "datasetVersion" INTEGER;

