import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@foresight/platform';
import type { ModelRegistryConfig } from './config/model-registry.config';
import { ModelsModule } from './models/models.module';

@Module({})
export class AppModule {
  static register(config: ModelRegistryConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forService({ name: 'model-registry', config, kafka: true, prisma: true, grpcServer: true }), ModelsModule],
    };
  }
}
