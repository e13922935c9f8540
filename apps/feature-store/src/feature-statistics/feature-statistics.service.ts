import { Injectable } from '@nestjs/common';
import type { grpc } from '@foresight/contracts';
import { FeatureViewsService } from '../feature-views/feature-views.service';
import { FeatureStatisticsNotFoundException } from './feature-statistics.exception';
import { FeatureStatisticsRepository } from './feature-statistics.repository';

@Injectable()
export class FeatureStatisticsService {
  constructor(
    private readonly views: FeatureViewsService,
    private readonly repository: FeatureStatisticsRepository,
  ) {}

  /** The view version's statistics (latest version when `version` is 0); 404 for an unknown view or one never materialized. */
  async get(tenantId: string, view: string, version: number): Promise<grpc.FeatureStatistics> {
    const resolved = await this.views.getView(tenantId, view, version || undefined);
    const record = await this.repository.find(tenantId, view, resolved.version);
    if (!record) throw new FeatureStatisticsNotFoundException(view, resolved.version);
    return {
      view: record.view,
      version: record.viewVersion,
      dataset: record.datasetName,
      datasetVersion: record.datasetVersion,
      rows: record.rows,
      features: record.features as unknown as Array<Record<string, unknown>>,
      computedAt: record.computedAt.toISOString(),
    };
  }
}
