import { bootstrapService } from '@foresight/platform';
import { AppModule } from './app.module';
import { ModelRegistryEnv } from './config/model-registry.config';

export const bootstrap = () => bootstrapService(ModelRegistryEnv, (config) => AppModule.register(config));
