-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "features";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "monitoring";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "recommendation";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "registry";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "training";

-- CreateTable
CREATE TABLE "features"."offline_feature_rows" (
    "id" BIGSERIAL NOT NULL,
    "tenantId" TEXT NOT NULL,
    "view" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "features" JSONB NOT NULL,
    "eventTime" TIMESTAMPTZ(3) NOT NULL,
    "ingestedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "offline_feature_rows_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "monitoring"."prediction_logs" (
    "id" BIGSERIAL NOT NULL,
    "eventId" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "variant" TEXT NOT NULL,
    "latencyMs" DOUBLE PRECISION NOT NULL,
    "instanceCount" INTEGER NOT NULL,
    "servedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "prediction_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "recommendation"."interactions" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "interactions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "registry"."models" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "task" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "models_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "registry"."model_versions" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "modelId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "task" TEXT NOT NULL,
    "algorithm" TEXT NOT NULL,
    "features" TEXT[],
    "featureView" TEXT NOT NULL,
    "metrics" JSONB NOT NULL,
    "artifactDigest" TEXT NOT NULL,
    "artifactSize" INTEGER NOT NULL,
    "trainingJobId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "model_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "registry"."artifacts" (
    "tenantId" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "size" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "artifacts_pkey" PRIMARY KEY ("tenantId","digest")
);

-- CreateTable
CREATE TABLE "registry"."deployments" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "modelId" UUID NOT NULL,
    "versionId" UUID NOT NULL,
    "variant" TEXT NOT NULL,
    "weight" INTEGER NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "deployments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "training"."training_jobs" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "spec" JSONB NOT NULL,
    "result" JSONB,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "startedAt" TIMESTAMPTZ(3),
    "heartbeatAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "training_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "offline_feature_rows_tenantId_view_entityId_eventTime_idx" ON "features"."offline_feature_rows"("tenantId", "view", "entityId", "eventTime");

-- CreateIndex
CREATE UNIQUE INDEX "prediction_logs_eventId_key" ON "monitoring"."prediction_logs"("eventId");

-- CreateIndex
CREATE INDEX "prediction_logs_tenantId_model_servedAt_idx" ON "monitoring"."prediction_logs"("tenantId", "model", "servedAt");

-- CreateIndex
CREATE INDEX "interactions_tenantId_userId_idx" ON "recommendation"."interactions"("tenantId", "userId");

-- CreateIndex
CREATE INDEX "interactions_tenantId_itemId_idx" ON "recommendation"."interactions"("tenantId", "itemId");

-- CreateIndex
CREATE UNIQUE INDEX "models_tenantId_name_key" ON "registry"."models"("tenantId", "name");

-- CreateIndex
CREATE INDEX "model_versions_tenantId_idx" ON "registry"."model_versions"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "model_versions_modelId_version_key" ON "registry"."model_versions"("modelId", "version");

-- CreateIndex
CREATE INDEX "deployments_tenantId_modelId_active_idx" ON "registry"."deployments"("tenantId", "modelId", "active");

-- CreateIndex
CREATE INDEX "training_jobs_tenantId_createdAt_idx" ON "training"."training_jobs"("tenantId", "createdAt");

-- AddForeignKey
ALTER TABLE "registry"."model_versions" ADD CONSTRAINT "model_versions_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "registry"."models"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "registry"."deployments" ADD CONSTRAINT "deployments_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "registry"."models"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "registry"."deployments" ADD CONSTRAINT "deployments_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "registry"."model_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

