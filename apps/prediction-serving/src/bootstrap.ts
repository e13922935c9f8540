import { bootstrapService } from '@foresight/platform';
import { AppModule } from './app.module';
import { PredictionServingEnv } from './config/prediction-serving.config';

export const bootstrap = () => bootstrapService(PredictionServingEnv, (config) => AppModule.register(config));
