import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@foresight/platform';
import type { TrainingOrchestratorConfig } from './config/training-orchestrator.config';
import { ExperimentsModule } from './experiments/experiments.module';
import { RetrainingModule } from './retraining/retraining.module';
import { TrainingJobsModule } from './training-jobs/training-jobs.module';
import { TrainingWorkerModule } from './training-worker/training-worker.module';

@Module({})
export class AppModule {
  static register(config: TrainingOrchestratorConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({ name: 'training-orchestrator', config, kafka: true, prisma: true, grpcServer: true }),
        ExperimentsModule,
        TrainingJobsModule,
        RetrainingModule,
        ...(config.TRAINING_WORKERS > 0 ? [TrainingWorkerModule] : []),
      ],
    };
  }
}
