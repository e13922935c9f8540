import { bootstrapService } from '@foresight/platform';
import { AppModule } from './app.module';
import { RecommendationEnv } from './config/recommendation.config';

export const bootstrap = () => bootstrapService(RecommendationEnv, (config) => AppModule.register(config));
