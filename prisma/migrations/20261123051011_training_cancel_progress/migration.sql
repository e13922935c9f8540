-- AlterTable
ALTER TABLE "training"."training_jobs" ADD COLUMN     "cancelRequested" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "progress" JSONB;

-- AlterTable
ALTER TABLE "training"."runs" ADD COLUMN     "history" JSONB NOT NULL DEFAULT '[]';

