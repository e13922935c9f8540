import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ErrorCode, grpc, type ModelSignature, type TrainingStatistics } from '@foresight/contracts';
import { createGrpcClient, GrpcServerHost, loadConfig, PlatformModule, PrismaService, type DomainException } from '@foresight/platform';
import { TEST_DATABASE_URL, TEST_KAFKA_BROKERS, uniqueTenant } from '@foresight/testing';
import { Metadata, type Client } from 'nice-grpc';
import { ModelRegistryEnv } from '../config/model-registry.config';
import { ModelsModule } from './models.module';

/** Integration: the registry over gRPC on real PostgreSQL and Kafka, as the training runner and the gateway call it. */
describe('model registry: signatures, training statistics and candidates (real PostgreSQL, Kafka, gRPC)', () => {
  const config = {
    ...loadConfig(ModelRegistryEnv, { NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: TEST_DATABASE_URL, KAFKA_BROKERS: TEST_KAFKA_BROKERS }),
    HTTP_PORT: 0,
    GRPC_PORT: 0,
  };

  @Module({ imports: [PlatformModule.forService({ name: 'model-registry', config, kafka: true, prisma: true, grpcServer: true }), ModelsModule] })
  class TestModule {}

  let app: INestApplicationContext;
  let registry: Client<typeof grpc.ModelRegistryServiceDefinition>;
  const tenant = uniqueTenant('reg');
  const other = uniqueTenant('reg');
  const as = (tenantId: string) => ({ metadata: Metadata({ 'x-tenant-id': tenantId }) });
  const failure = (call: Promise<unknown>) =>
    call.then(
      () => {
        throw new Error('expected the call to fail');
      },
      (e: DomainException) => e,
    );

  const SIGNATURE: ModelSignature = {
    inputs: [
      { name: 'enrolment', type: 'numeric', role: 'feature' },
      { name: 'district', type: 'categorical', role: 'feature' },
    ],
    output: { kind: 'value', target: 'meals' },
  };
  const STATS: TrainingStatistics = {
    rows: 120,
    columns: {
      enrolment: { kind: 'numeric', count: 118, missing: 2, mean: 412.5, std: 80.25, min: 120, max: 900, quantiles: { '0.5': 400, '0.95': 700 } },
      district: { kind: 'categorical', count: 120, missing: 0, distinct: 2, top: [{ value: 'north', count: 70, frequency: 70 / 120 }, { value: 'south', count: 50, frequency: 50 / 120 }] },
    },
    target: { kind: 'numeric', count: 120, missing: 0, mean: 55, std: 9, min: 30, max: 90, quantiles: { '0.5': 54 } },
  };
  const register = (tenantId: string, extra: Partial<grpc.RegisterModelVersionRequest> = {}) =>
    registry.registerModelVersion(
      {
        model: 'meal-demand',
        task: 'regression',
        algorithm: 'gbdt',
        features: ['enrolment', 'district'],
        featureView: 'schools',
        metrics: { rmse: 3.2 },
        artifact: Buffer.from(`artifact-${Math.random()}`),
        trainingJobId: '',
        ...extra,
      },
      as(tenantId),
    );

  beforeAll(async () => {
    app = await NestFactory.createApplicationContext(TestModule, { logger: false });
    await app.init();
    registry = createGrpcClient(grpc.ModelRegistryServiceDefinition, { service: 'model-registry', address: `127.0.0.1:${app.get(GrpcServerHost).port}`, deadlineMs: 10_000 });
  });

  afterAll(async () => {
    const prisma = app.get(PrismaService);
    const mine = { tenantId: { in: [tenant, other] } };
    await prisma.deployment.deleteMany({ where: mine });
    await prisma.modelVersion.deleteMany({ where: mine });
    await prisma.registeredModel.deleteMany({ where: mine });
    await prisma.artifact.deleteMany({ where: mine });
    await app.close();
  });

  it('stores the signature and training statistics with the version and returns them on the single-version read', async () => {
    const v1 = await register(tenant, { signature: SIGNATURE, trainingStats: STATS });
    expect(v1).toMatchObject({ version: 1, status: 'deployed', candidate: false, signature: SIGNATURE, trainingStats: STATS });
    expect(await registry.getModelVersion({ model: 'meal-demand', version: 1 }, as(tenant))).toMatchObject({
      version: 1,
      status: 'deployed',
      signature: SIGNATURE,
      trainingStats: STATS,
    });
    // The list stays light: no signature or statistics.
    const [listed] = (await registry.listModelVersions({ model: 'meal-demand' }, as(tenant))).versions;
    expect(listed).toMatchObject({ version: 1, status: 'deployed' });
    expect(listed!.signature).toBeUndefined();
    expect(listed!.trainingStats).toBeUndefined();
  });

  it('registers a candidate without deploying it, and keeps the deployed version', async () => {
    const v2 = await register(tenant, { signature: SIGNATURE, trainingStats: STATS, candidate: true });
    expect(v2).toMatchObject({ version: 2, status: 'candidate', candidate: true });
    const plain = await register(tenant);
    expect(plain).toMatchObject({ version: 3, status: 'registered', candidate: false });
    expect(plain.signature).toBeUndefined();
    expect(await registry.getActiveDeployment({ model: 'meal-demand' }, as(tenant))).toMatchObject({ version: 1 });
    expect((await registry.listModelVersions({ model: 'meal-demand' }, as(tenant))).versions.map((v) => v.status)).toEqual(['deployed', 'candidate', 'registered']);
  });

  it('never deploys a candidate, even as the first version of a model', async () => {
    const first = await register(tenant, { model: 'fresh-model', candidate: true });
    expect(first).toMatchObject({ version: 1, status: 'candidate' });
    expect(await failure(registry.getActiveDeployment({ model: 'fresh-model' }, as(tenant)))).toMatchObject({ code: ErrorCode.ModelNotDeployed });
  });

  it('refuses a malformed signature or statistics naming the field, and stores nothing', async () => {
    const error = await failure(
      register(tenant, {
        signature: { inputs: [{ name: 'enrolment', type: 'complex', role: 'feature' }], output: { kind: 'value' } },
        trainingStats: { rows: -1, columns: { enrolment: { kind: 'numeric', count: 1, missing: 0, mean: 'high' } } },
      }),
    );
    expect(error.code).toBe(ErrorCode.ValidationFailed);
    expect(error.errors?.map((e) => e.path).sort()).toEqual(['signature.inputs.0.type', 'trainingStats.columns.enrolment.mean', 'trainingStats.rows']);
    expect((await registry.listModelVersions({ model: 'meal-demand' }, as(tenant))).versions).toHaveLength(3);
  });

  it('answers not found for a missing version or another tenant', async () => {
    expect(await failure(registry.getModelVersion({ model: 'meal-demand', version: 9 }, as(tenant)))).toMatchObject({ code: ErrorCode.ModelNotFound });
    expect(await failure(registry.getModelVersion({ model: 'meal-demand', version: 0 }, as(tenant)))).toMatchObject({ code: ErrorCode.ModelNotFound });
    expect(await failure(registry.getModelVersion({ model: 'meal-demand', version: 1 }, as(other)))).toMatchObject({ code: ErrorCode.ModelNotFound });
  });
});
