import { Injectable } from '@nestjs/common';
import type { FeatureStatisticsProfile } from '@foresight/contracts';
import { PrismaService } from '@foresight/platform';
import type { OfflineTransaction } from '../materialization/offline-feature-log';

export interface FeatureStatisticsRecord {
  view: string;
  viewVersion: number;
  datasetName: string;
  datasetVersion: number;
  rows: number;
  features: FeatureStatisticsProfile[];
  computedAt: Date;
}

/** Feature statistics per view version (`features.feature_statistics`), tenant-scoped. */
@Injectable()
export class FeatureStatisticsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Replaces the view version's statistics, inside the materialization's transaction. */
  async save(tx: OfflineTransaction, tenantId: string, record: Omit<FeatureStatisticsRecord, 'computedAt'>): Promise<void> {
    await tx.query(
      `INSERT INTO "features"."feature_statistics" ("tenantId", "view", "viewVersion", "datasetName", "datasetVersion", "rows", "features", "computedAt")
       VALUES ($1, $2, $3, $4, $5, $6, $7, now())
       ON CONFLICT ("tenantId", "view", "viewVersion") DO UPDATE SET "datasetName" = $4, "datasetVersion" = $5, "rows" = $6, "features" = $7, "computedAt" = now()`,
      [tenantId, record.view, record.viewVersion, record.datasetName, record.datasetVersion, record.rows, JSON.stringify(record.features)],
    );
  }

  async find(tenantId: string, view: string, viewVersion: number): Promise<FeatureStatisticsRecord | null> {
    const row = await this.prisma.featureStatistics.findUnique({ where: { tenantId_view_viewVersion: { tenantId, view, viewVersion } } });
    if (!row) return null;
    return {
      view: row.view,
      viewVersion: row.viewVersion,
      datasetName: row.datasetName,
      datasetVersion: row.datasetVersion,
      rows: row.rows,
      features: row.features as unknown as FeatureStatisticsProfile[],
      computedAt: row.computedAt,
    };
  }
}
