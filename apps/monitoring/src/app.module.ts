import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@foresight/platform';
import type { MonitoringConfig } from './config/monitoring.config';
import { PredictionStatsModule } from './prediction-stats/prediction-stats.module';

@Module({})
export class AppModule {
  static register(config: MonitoringConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forService({ name: 'monitoring', config, kafka: true, prisma: true, grpcServer: true }), PredictionStatsModule],
    };
  }
}
