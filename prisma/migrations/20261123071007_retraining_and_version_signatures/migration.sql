-- AlterTable
ALTER TABLE "registry"."model_versions" ADD COLUMN     "candidate" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "signature" JSONB,
ADD COLUMN     "trainingStats" JSONB;

-- AlterTable
ALTER TABLE "training"."training_jobs" ADD COLUMN     "trigger" JSONB;

-- CreateTable
CREATE TABLE "training"."retraining_schedules" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "cron" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "job" JSONB NOT NULL,
    "nextRunAt" TIMESTAMPTZ(3) NOT NULL,
    "lastRunAt" TIMESTAMPTZ(3),
    "lastJobId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "retraining_schedules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "training"."retraining_policies" (
    "tenantId" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "onAlerts" TEXT[],
    "job" JSONB NOT NULL,
    "cooldownSeconds" INTEGER NOT NULL,
    "lastTriggeredAt" TIMESTAMPTZ(3),
    "lastJobId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "retraining_policies_pkey" PRIMARY KEY ("tenantId","model")
);

-- CreateIndex
CREATE INDEX "retraining_schedules_tenantId_model_idx" ON "training"."retraining_schedules"("tenantId", "model");

-- CreateIndex
CREATE INDEX "retraining_schedules_nextRunAt_idx" ON "training"."retraining_schedules"("nextRunAt");

