import { bootstrapService } from '@foresight/platform';
import { AppModule } from './app.module';
import { FeatureStoreEnv } from './config/feature-store.config';

export const bootstrap = () => bootstrapService(FeatureStoreEnv, (config) => AppModule.register(config));
