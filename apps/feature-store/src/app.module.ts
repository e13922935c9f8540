import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@foresight/platform';
import type { FeatureStoreConfig } from './config/feature-store.config';
import { DatasetsModule } from './datasets/datasets.module';
import { EntitiesModule } from './entities/entities.module';
import { FeatureStatisticsModule } from './feature-statistics/feature-statistics.module';
import { FeatureViewsModule } from './feature-views/feature-views.module';
import { MaterializationModule } from './materialization/materialization.module';
import { OnlineFeaturesModule } from './online-features/online-features.module';
import { StreamingModule } from './streaming/streaming.module';
import { TrainingSetsModule } from './training-sets/training-sets.module';

@Module({})
export class AppModule {
  static register(config: FeatureStoreConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({ name: 'feature-store', config, kafka: true, redis: true, prisma: true, grpcServer: true }),
        DatasetsModule,
        EntitiesModule,
        FeatureViewsModule,
        OnlineFeaturesModule,
        StreamingModule,
        FeatureStatisticsModule,
        MaterializationModule,
        TrainingSetsModule,
      ],
    };
  }
}
