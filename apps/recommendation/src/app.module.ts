import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@foresight/platform';
import type { RecommendationConfig } from './config/recommendation.config';
import { InteractionsModule } from './interactions/interactions.module';
import { RecommendationsModule } from './recommendations/recommendations.module';

@Module({})
export class AppModule {
  static register(config: RecommendationConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({ name: 'recommendation', config, kafka: true, redis: true, prisma: true, grpcServer: true }),
        InteractionsModule,
        RecommendationsModule,
      ],
    };
  }
}
