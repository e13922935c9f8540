import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { grpc } from '@foresight/contracts';
import { createGrpcClient, GrpcServerHost, PlatformModule, PrismaService, REDIS, type DomainException } from '@foresight/platform';
import { TEST_DATABASE_URL, TEST_KAFKA_BROKERS, TEST_REDIS_URL } from '@foresight/testing';
import type Redis from 'ioredis';
import { Metadata, type Client, type CompatServiceDefinition } from 'nice-grpc';
import { DatasetWriter } from '../datasets/dataset-writer';
import { DatasetsModule } from '../datasets/datasets.module';
import { EntitiesModule } from '../entities/entities.module';
import { FeatureStatisticsModule } from '../feature-statistics/feature-statistics.module';
import { FeatureViewsModule } from '../feature-views/feature-views.module';
import { OnlineFeaturesModule } from '../online-features/online-features.module';
import { TrainingSetsModule } from '../training-sets/training-sets.module';
import { MaterializationModule } from './materialization.module';

/**
 * The feature store's batch pipelines on real PostgreSQL, Redis and Kafka, spoken to over gRPC
 * as the gateway does, for the materialization and training-set integration specs.
 */
export interface BatchTestApp {
  app: INestApplicationContext;
  prisma: PrismaService;
  redis: Redis;
  entities: Client<typeof grpc.EntityRegistryServiceDefinition>;
  views: Client<typeof grpc.FeatureViewRegistryServiceDefinition>;
  store: Client<typeof grpc.FeatureStoreServiceDefinition>;
  materialization: Client<typeof grpc.MaterializationServiceDefinition>;
  trainingSets: Client<typeof grpc.TrainingSetServiceDefinition>;
  datasets: Client<typeof grpc.DatasetServiceDefinition>;
  /** Stores rows as a new version of a dataset (through the DatasetWriter, as an upload would). */
  dataset(tenantId: string, name: string, rows: ReadonlyArray<Record<string, unknown>>): Promise<number>;
  /** Deletes everything the tenants own in the feature store's tables and Redis. */
  cleanup(tenants: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

export const as = (tenantId: string) => ({ metadata: Metadata({ 'x-tenant-id': tenantId, 'x-subject': `user@${tenantId}` }) });

export const failure = (call: Promise<unknown>) =>
  call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: DomainException) => e,
  );

/** The feature store's settings for in-process specs against the project's test infrastructure (random ports, silent logs). */
export const featureStoreTestConfig = () => ({
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  LOG_PRETTY: false,
  HOST: '127.0.0.1',
  HTTP_PORT: 0,
  GRPC_PORT: 0,
  DATABASE_URL: TEST_DATABASE_URL,
  REDIS_URL: TEST_REDIS_URL,
  KAFKA_BROKERS: TEST_KAFKA_BROKERS.split(','),
});

export async function startBatchTestApp(): Promise<BatchTestApp> {
  const config = featureStoreTestConfig();

  @Module({
    imports: [
      PlatformModule.forService({ name: 'feature-store', config, kafka: true, redis: true, prisma: true, grpcServer: true }),
      DatasetsModule,
      EntitiesModule,
      FeatureViewsModule,
      OnlineFeaturesModule,
      FeatureStatisticsModule,
      MaterializationModule,
      TrainingSetsModule,
    ],
  })
  class BatchTestModule {}

  const app = await NestFactory.createApplicationContext(BatchTestModule, { logger: false });
  await app.init();
  const address = `127.0.0.1:${app.get(GrpcServerHost).port}`;
  const client = <D extends CompatServiceDefinition>(definition: D) => createGrpcClient(definition, { service: 'feature-store', address, deadlineMs: 60_000 });
  const prisma = app.get(PrismaService);
  const redis = app.get<Redis>(REDIS);
  const writer = app.get(DatasetWriter);
  return {
    app,
    prisma,
    redis,
    entities: client(grpc.EntityRegistryServiceDefinition),
    views: client(grpc.FeatureViewRegistryServiceDefinition),
    store: client(grpc.FeatureStoreServiceDefinition),
    materialization: client(grpc.MaterializationServiceDefinition),
    trainingSets: client(grpc.TrainingSetServiceDefinition),
    datasets: client(grpc.DatasetServiceDefinition),
    async dataset(tenantId, name, rows) {
      const { version } = await writer.createVersion(tenantId, name, rows, { createdBy: 'spec', allowBreaking: true });
      return version.version;
    },
    async cleanup(tenants) {
      const where = { tenantId: { in: [...tenants] } };
      await prisma.offlineFeatureRow.deleteMany({ where });
      await prisma.materializationRun.deleteMany({ where });
      await prisma.materializationWatermark.deleteMany({ where });
      await prisma.featureStatistics.deleteMany({ where });
      await prisma.featureViewVersion.deleteMany({ where });
      await prisma.featureView.deleteMany({ where });
      await prisma.featureService.deleteMany({ where });
      await prisma.featureEntity.deleteMany({ where });
      await prisma.datasetVersion.deleteMany({ where });
      await prisma.dataset.deleteMany({ where });
      await prisma.datasetContent.deleteMany({ where });
      for (const t of tenants) {
        const keys = await redis.keys(`fs:{${t}}:*`);
        if (keys.length) await redis.del(...keys);
      }
    },
    close: () => app.close(),
  };
}

/** A view request in the gRPC shape, from the REST definition's terms. */
export function viewRequest(definition: {
  name: string;
  entity: string;
  dataset: string | { stream: string };
  timestampColumn: string;
  ttl: string;
  features: Array<{ name: string; expr?: string; dtype: string }>;
  aggregations?: Array<{ column: string; fn: string; windows: string[] }>;
}): grpc.ApplyFeatureViewRequest {
  const source = typeof definition.dataset === 'string' ? ({ $case: 'dataset', value: { name: definition.dataset, version: 0 } } as const) : ({ $case: 'stream', value: definition.dataset.stream } as const);
  return {
    name: definition.name,
    entity: definition.entity,
    source: { kind: source },
    timestampColumn: definition.timestampColumn,
    ttl: definition.ttl,
    features: definition.features.map((f) => ({ name: f.name, expr: f.expr ?? '', dtype: f.dtype })),
    aggregations: definition.aggregations ?? [],
    description: '',
  };
}
