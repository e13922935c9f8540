-- CreateTable
CREATE TABLE "features"."entities" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "joinKeys" TEXT[],
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "entities_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "features"."feature_views" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "feature_views_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "features"."feature_view_versions" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "viewId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "entity" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "definitionHash" TEXT NOT NULL,
    "sourceDataset" TEXT,
    "sourceDatasetVersion" INTEGER,
    "sourceStream" TEXT,
    "ttlMs" BIGINT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "feature_view_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "features"."feature_services" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "features" TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "feature_services_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "entities_tenantId_name_key" ON "features"."entities"("tenantId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "feature_views_tenantId_name_key" ON "features"."feature_views"("tenantId", "name");

-- CreateIndex
CREATE INDEX "feature_view_versions_tenantId_idx" ON "features"."feature_view_versions"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "feature_view_versions_viewId_version_key" ON "features"."feature_view_versions"("viewId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "feature_services_tenantId_name_key" ON "features"."feature_services"("tenantId", "name");

-- AddForeignKey
ALTER TABLE "features"."feature_view_versions" ADD CONSTRAINT "feature_view_versions_viewId_fkey" FOREIGN KEY ("viewId") REFERENCES "features"."feature_views"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

