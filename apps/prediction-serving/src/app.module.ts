import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@foresight/platform';
import type { PredictionServingConfig } from './config/prediction-serving.config';
import { ModelCacheModule } from './model-cache/model-cache.module';
import { PredictionLogModule } from './prediction-log/prediction-log.module';
import { PredictionsModule } from './predictions/predictions.module';

@Module({})
export class AppModule {
  static register(config: PredictionServingConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({ name: 'prediction-serving', config, kafka: true, redis: true, grpcServer: true }),
        ModelCacheModule,
        PredictionLogModule,
        PredictionsModule,
      ],
    };
  }
}
