-- CreateTable
CREATE TABLE "training"."experiments" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "experiments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "training"."runs" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "experimentId" UUID NOT NULL,
    "model" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "algorithm" TEXT,
    "params" JSONB NOT NULL DEFAULT '{}',
    "metrics" JSONB NOT NULL DEFAULT '{}',
    "baseline" JSONB,
    "datasetHash" TEXT,
    "datasetRows" INTEGER,
    "features" TEXT[],
    "modelVersion" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "experiments_tenantId_name_key" ON "training"."experiments"("tenantId", "name");

-- CreateIndex
CREATE INDEX "runs_tenantId_experimentId_createdAt_idx" ON "training"."runs"("tenantId", "experimentId", "createdAt");

-- AddForeignKey
ALTER TABLE "training"."runs" ADD CONSTRAINT "runs_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "training"."experiments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

