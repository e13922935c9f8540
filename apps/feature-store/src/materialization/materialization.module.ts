import { Module } from '@nestjs/common';
import { DatasetsModule } from '../datasets/datasets.module';
import { EntitiesModule } from '../entities/entities.module';
import { FeatureStatisticsModule } from '../feature-statistics/feature-statistics.module';
import { FeatureViewsModule } from '../feature-views/feature-views.module';
import { MaterializationGrpc } from './materialization.grpc';
import { MaterializationRepository } from './materialization.repository';
import { MaterializationService } from './materialization.service';
import { OfflineFeatureLog } from './offline-feature-log';

/**
 * Materialization of dataset-sourced feature views (design: materialization.service.ts) and the
 * gRPC door to it and to feature statistics. Exports the offline store's bulk reader for
 * training sets.
 */
@Module({
  imports: [DatasetsModule, EntitiesModule, FeatureViewsModule, FeatureStatisticsModule],
  providers: [MaterializationGrpc, MaterializationService, MaterializationRepository, OfflineFeatureLog],
  exports: [OfflineFeatureLog],
})
export class MaterializationModule {}
