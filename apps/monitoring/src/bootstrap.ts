import { bootstrapService } from '@foresight/platform';
import { AppModule } from './app.module';
import { MonitoringEnv } from './config/monitoring.config';

export const bootstrap = () => bootstrapService(MonitoringEnv, (config) => AppModule.register(config));
