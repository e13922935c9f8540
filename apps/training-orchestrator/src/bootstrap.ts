import { bootstrapService } from '@foresight/platform';
import { AppModule } from './app.module';
import { TrainingOrchestratorEnv } from './config/training-orchestrator.config';

export const bootstrap = () =>
  bootstrapService(TrainingOrchestratorEnv, (config) => AppModule.register(config), () => ({ bodyLimitBytes: 32 * 1024 * 1024 }));
