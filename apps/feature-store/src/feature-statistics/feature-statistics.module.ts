import { Module } from '@nestjs/common';
import { FeatureViewsModule } from '../feature-views/feature-views.module';
import { FeatureStatisticsRepository } from './feature-statistics.repository';
import { FeatureStatisticsService } from './feature-statistics.service';

/**
 * Feature statistics per view version: computed by materialization (FeatureStatisticsCollector,
 * saved with FeatureStatisticsRepository.save in its transaction), read over gRPC as the drift
 * reference monitoring compares live features with.
 */
@Module({
  imports: [FeatureViewsModule],
  providers: [FeatureStatisticsService, FeatureStatisticsRepository],
  exports: [FeatureStatisticsService, FeatureStatisticsRepository],
})
export class FeatureStatisticsModule {}
