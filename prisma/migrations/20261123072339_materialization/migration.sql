-- CreateTable
CREATE TABLE "features"."materialization_watermarks" (
    "tenantId" TEXT NOT NULL,
    "view" TEXT NOT NULL,
    "viewVersion" INTEGER NOT NULL,
    "datasetName" TEXT NOT NULL,
    "datasetVersion" INTEGER NOT NULL,
    "eventTime" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "materialization_watermarks_pkey" PRIMARY KEY ("tenantId","view","viewVersion")
);

-- CreateTable
CREATE TABLE "features"."materialization_runs" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "view" TEXT NOT NULL,
    "viewVersion" INTEGER NOT NULL,
    "mode" TEXT NOT NULL,
    "datasetName" TEXT NOT NULL,
    "datasetVersion" INTEGER NOT NULL,
    "rowsRead" INTEGER NOT NULL,
    "rowsWritten" INTEGER NOT NULL,
    "entitiesUpdated" INTEGER NOT NULL,
    "skipped" JSONB NOT NULL,
    "upToDate" BOOLEAN NOT NULL,
    "watermark" TIMESTAMPTZ(3),
    "createdBy" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "finishedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "materialization_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "features"."feature_statistics" (
    "tenantId" TEXT NOT NULL,
    "view" TEXT NOT NULL,
    "viewVersion" INTEGER NOT NULL,
    "datasetName" TEXT NOT NULL,
    "datasetVersion" INTEGER NOT NULL,
    "rows" INTEGER NOT NULL,
    "features" JSONB NOT NULL,
    "computedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "feature_statistics_pkey" PRIMARY KEY ("tenantId","view","viewVersion")
);

-- CreateIndex
CREATE INDEX "materialization_runs_tenantId_view_finishedAt_idx" ON "features"."materialization_runs"("tenantId", "view", "finishedAt");

