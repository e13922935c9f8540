import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { AuthModule, PlatformModule } from '@foresight/platform';
import type { GatewayConfig } from './config/gateway.config';
import { DatasetsModule } from './datasets/datasets.module';
import { FeaturesModule } from './features/features.module';
import { formatGraphqlError } from './graphql/graphql-errors';
import { LiveModule } from './live/live.module';
import { MaterializationModule } from './materialization/materialization.module';
import { ModelsModule } from './models/models.module';
import { MonitoringModule } from './monitoring/monitoring.module';
import { PredictionsModule } from './predictions/predictions.module';
import { RecommendationsModule } from './recommendations/recommendations.module';
import { SchedulesModule } from './schedules/schedules.module';
import { TrainingModule } from './training/training.module';
import { UpstreamModule } from './upstream/upstream.module';

@Module({})
export class AppModule {
  static register(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({ name: 'api-gateway', config, kafka: true }),
        { module: AuthModule, global: true },
        UpstreamModule,
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          introspection: true,
          playground: false,
          // Fastify: the context function receives (request, reply).
          context: (req: unknown) => ({ req }),
          formatError: formatGraphqlError,
        }),
        FeaturesModule,
        DatasetsModule,
        TrainingModule,
        ModelsModule,
        SchedulesModule,
        MaterializationModule,
        PredictionsModule,
        MonitoringModule,
        RecommendationsModule,
        LiveModule,
      ],
    };
  }
}
