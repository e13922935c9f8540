import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ErrorCode, grpc } from '@foresight/contracts';
import { createGrpcClient, GrpcServerHost, PlatformModule, PrismaService, REDIS, type DomainException } from '@foresight/platform';
import { uniqueTenant } from '@foresight/testing';
import type Redis from 'ioredis';
import { Metadata, type Client, type CompatServiceDefinition } from 'nice-grpc';
import { EntitiesModule } from '../entities/entities.module';
import { OnlineFeaturesModule } from '../online-features/online-features.module';
import { FeatureViewsModule } from './feature-views.module';
import { featureStoreTestConfig } from '../materialization/materialization.test-kit';

/**
 * Integration: the feature store's definition and online-store gRPC services on real PostgreSQL
 * and Redis, called over gRPC as the gateway calls them, two tenants side by side.
 */
describe('feature definitions and the online store over gRPC (real PostgreSQL, Redis)', () => {
  const config = featureStoreTestConfig();

  @Module({
    imports: [PlatformModule.forService({ name: 'feature-store', config, redis: true, prisma: true, grpcServer: true }), EntitiesModule, FeatureViewsModule, OnlineFeaturesModule],
  })
  class TestModule {}

  let app: INestApplicationContext;
  const tenant = uniqueTenant('fs');
  const other = uniqueTenant('fs');
  let entities: Client<typeof grpc.EntityRegistryServiceDefinition>;
  let views: Client<typeof grpc.FeatureViewRegistryServiceDefinition>;
  let store: Client<typeof grpc.FeatureStoreServiceDefinition>;

  const as = (tenantId: string) => ({ metadata: Metadata({ 'x-tenant-id': tenantId }) });
  const failure = (call: Promise<unknown>) => call.then(() => { throw new Error('expected the call to fail'); }, (e: DomainException) => e);

  const schools = (overrides: Partial<grpc.ApplyFeatureViewRequest> = {}): grpc.ApplyFeatureViewRequest => ({
    name: 'schools',
    entity: 'school',
    source: { kind: { $case: 'dataset', value: { name: 'school-stats', version: 3 } } },
    timestampColumn: 'as_of',
    ttl: '1d',
    features: [
      { name: 'enrolment', expr: '', dtype: 'int64' },
      { name: 'log_enrolment', expr: 'log1p(enrolment)', dtype: 'float64' },
      { name: 'district', expr: '', dtype: 'string' },
    ],
    aggregations: [{ column: 'meals', fn: 'sum', windows: ['1d', '7d'] }],
    description: '',
    ...overrides,
  });

  beforeAll(async () => {
    app = await NestFactory.createApplicationContext(TestModule, { logger: false });
    await app.init();
    const address = `127.0.0.1:${app.get(GrpcServerHost).port}`;
    const client = <D extends CompatServiceDefinition>(definition: D) => createGrpcClient(definition, { service: 'feature-store', address, deadlineMs: 10_000 });
    entities = client(grpc.EntityRegistryServiceDefinition);
    views = client(grpc.FeatureViewRegistryServiceDefinition);
    store = client(grpc.FeatureStoreServiceDefinition);
  });

  afterAll(async () => {
    const prisma = app.get(PrismaService);
    const tenants = { tenantId: { in: [tenant, other] } };
    await prisma.featureViewVersion.deleteMany({ where: tenants });
    await prisma.featureView.deleteMany({ where: tenants });
    await prisma.featureService.deleteMany({ where: tenants });
    await prisma.featureEntity.deleteMany({ where: tenants });
    await prisma.offlineFeatureRow.deleteMany({ where: tenants });
    const redis = app.get<Redis>(REDIS);
    const keys = [...(await redis.keys(`fs:{${tenant}}:*`)), ...(await redis.keys(`fs:{${other}}:*`))];
    if (keys.length) await redis.del(...keys);
    await app.close();
  });

  describe('entities', () => {
    it('creates once, is idempotent on the same definition and refuses a different one', async () => {
      const first = await entities.applyEntity({ name: 'school', joinKeys: ['school_id'], description: '' }, as(tenant));
      expect(first).toMatchObject({ created: true, entity: { name: 'school', joinKeys: ['school_id'] } });
      expect(await entities.applyEntity({ name: 'school', joinKeys: ['school_id'], description: '' }, as(tenant))).toMatchObject({ created: false });
      const conflict = await failure(entities.applyEntity({ name: 'school', joinKeys: ['id'], description: '' }, as(tenant)));
      expect(conflict).toMatchObject({ code: ErrorCode.Conflict });
      expect(conflict.message).toMatch(/"school" already exists with a different definition/);
      expect((await entities.listEntities({}, as(tenant))).entities.map((e) => e.name)).toEqual(['school']);
      expect(await entities.getEntity({ name: 'school' }, as(tenant))).toMatchObject({ joinKeys: ['school_id'] });
    });

    it('rejects a malformed entity naming the field', async () => {
      const error = await failure(entities.applyEntity({ name: 'bad name!', joinKeys: [], description: '' }, as(tenant)));
      expect(error.code).toBe(ErrorCode.ValidationFailed);
      expect(error.errors?.map((e) => e.path).sort()).toEqual(['joinKeys', 'name']);
    });

    it("keeps tenants apart: another tenant neither sees nor overwrites the entity", async () => {
      expect(await failure(entities.getEntity({ name: 'school' }, as(other)))).toMatchObject({ code: ErrorCode.NotFound });
      expect((await entities.listEntities({}, as(other))).entities).toEqual([]);
      expect(await entities.applyEntity({ name: 'school', joinKeys: ['urn'], description: '' }, as(other))).toMatchObject({ created: true });
      expect(await entities.getEntity({ name: 'school' }, as(tenant))).toMatchObject({ joinKeys: ['school_id'] });
    });
  });

  describe('feature views', () => {
    it('checks the entity, durations and expressions, naming each problem', async () => {
      const noEntity = await failure(views.applyFeatureView(schools({ entity: 'district' }), as(tenant)));
      expect(noEntity).toMatchObject({ code: ErrorCode.NotFound, message: 'Entity "district" does not exist' });

      const bad = await failure(
        views.applyFeatureView(
          schools({
            ttl: '1 day',
            features: [
              { name: 'a', expr: 'log1p(enrolment', dtype: 'float64' },
              { name: 'b', expr: "upper(district)", dtype: 'int64' },
              { name: 'meals_sum_1d', expr: '', dtype: 'float64' },
            ],
            aggregations: [{ column: 'meals', fn: 'sum', windows: ['1d', '1mo'] }],
          }),
          as(tenant),
        ),
      );
      expect(bad.code).toBe(ErrorCode.ValidationFailed);
      expect(bad.errors?.map((e) => e.path).sort()).toEqual(['aggregations.0.windows.0', 'aggregations.0.windows.1', 'features.0.expr', 'features.1.dtype', 'ttl']);
      expect(bad.errors?.find((e) => e.path === 'aggregations.0.windows.0')?.message).toMatch(/"meals_sum_1d" is already produced by features.2.name/);
      expect((await views.listFeatureViews({}, as(tenant))).views).toEqual([]);
    });

    it('versions definitions: same → existing version, changed → n+1, with lineage and derived aggregate names', async () => {
      const v1 = await views.applyFeatureView(schools(), as(tenant));
      expect(v1).toMatchObject({ created: true, view: { name: 'schools', version: 1, ttlMs: 86_400_000, source: { kind: { $case: 'dataset', value: { name: 'school-stats', version: 3 } } } } });
      expect(v1.view!.resolvedFeatures.map((f) => `${f.name}:${f.dtype}:${f.kind}`)).toEqual([
        'enrolment:int64:column',
        'log_enrolment:float64:expression',
        'district:string:column',
        'meals_sum_1d:float64:aggregation',
        'meals_sum_7d:float64:aggregation',
      ]);
      const again = await views.applyFeatureView(schools(), as(tenant));
      expect(again).toMatchObject({ created: false, view: { version: 1, definitionHash: v1.view!.definitionHash } });

      const v2 = await views.applyFeatureView(schools({ ttl: '2h', source: { kind: { $case: 'stream', value: 'events.schools' } } }), as(tenant));
      expect(v2).toMatchObject({ created: true, view: { version: 2, ttlMs: 7_200_000, source: { kind: { $case: 'stream', value: 'events.schools' } } } });

      expect((await views.getFeatureView({ name: 'schools', version: 0 }, as(tenant))).version).toBe(2);
      expect((await views.getFeatureView({ name: 'schools', version: 1 }, as(tenant))).ttl).toBe('1d');
      expect((await views.listFeatureViewVersions({ name: 'schools' }, as(tenant))).versions.map((v) => v.version)).toEqual([1, 2]);
      expect((await views.listFeatureViews({}, as(tenant))).views).toMatchObject([{ name: 'schools', latestVersion: 2, entity: 'school' }]);
      expect(await failure(views.getFeatureView({ name: 'schools', version: 9 }, as(tenant)))).toMatchObject({ code: ErrorCode.NotFound, message: 'Feature view "schools" has no version 9' });
    });

    it("keeps tenants apart: another tenant gets 404 and its own version 1, never a version of ours", async () => {
      expect(await failure(views.getFeatureView({ name: 'schools', version: 0 }, as(other)))).toMatchObject({ code: ErrorCode.NotFound });
      expect(await failure(views.listFeatureViewVersions({ name: 'schools' }, as(other)))).toMatchObject({ code: ErrorCode.NotFound });
      expect((await views.listFeatureViews({}, as(other))).views).toEqual([]);
      const theirs = await views.applyFeatureView(schools({ ttl: '30m' }), as(other));
      expect(theirs).toMatchObject({ created: true, view: { version: 1, ttlMs: 1_800_000 } });
      expect((await views.getFeatureView({ name: 'schools', version: 0 }, as(tenant))).ttlMs).toBe(7_200_000);
    });
  });

  describe('feature services', () => {
    it('checks every reference, is idempotent, refuses a changed definition and is tenant-scoped', async () => {
      expect(await failure(views.applyFeatureService({ name: 'meals', features: ['nope:x'], description: '' }, as(tenant)))).toMatchObject({ code: ErrorCode.NotFound, message: 'Feature view "nope" does not exist' });
      const badFeature = await failure(views.applyFeatureService({ name: 'meals', features: ['schools:bogus'], description: '' }, as(tenant)));
      expect(badFeature).toMatchObject({ code: ErrorCode.ValidationFailed });
      expect(badFeature.message).toMatch(/has no feature "bogus"/);

      const definition = { name: 'meals', features: ['schools@1:enrolment', 'schools@1:meals_sum_7d'], description: '' };
      expect(await views.applyFeatureService(definition, as(tenant))).toMatchObject({ created: true, service: { name: 'meals' } });
      expect(await views.applyFeatureService(definition, as(tenant))).toMatchObject({ created: false });
      expect(await failure(views.applyFeatureService({ ...definition, features: ['schools:*'] }, as(tenant)))).toMatchObject({ code: ErrorCode.Conflict });
      expect((await views.listFeatureServices({}, as(tenant))).services.map((s) => s.name)).toEqual(['meals']);
      expect(await failure(views.getFeatureService({ name: 'meals' }, as(other)))).toMatchObject({ code: ErrorCode.NotFound });
    });
  });

  describe('online store', () => {
    const put = (tenantId: string, view: string, entityId: string, features: Record<string, unknown>, eventTime = '') =>
      store.putEntityFeatures({ view, entityId, features, eventTime }, as(tenantId));

    it("checks writes against the view's latest definition", async () => {
      const error = await failure(put(tenant, 'schools', 'lincoln', { enrolment: 81.5, colour: 'red' }));
      expect(error.code).toBe(ErrorCode.ValidationFailed);
      expect(error.errors?.map((e) => e.path).sort()).toEqual(['features.colour', 'features.enrolment']);
      expect(error.errors?.find((e) => e.path === 'features.enrolment')?.message).toMatch(/must be a whole number \(dtype int64\)/);
      expect(await failure(put(tenant, 'schools', 'lincoln', { enrolment: 1 }, '2999-01-01T00:00:00Z'))).toMatchObject({ code: ErrorCode.ValidationFailed });
      expect(await app.get(PrismaService).offlineFeatureRow.count({ where: { tenantId: tenant } })).toBe(0);
    });

    it('writes with per-feature event times and reads them back with age and TTL status, by view, views and service', async () => {
      const threeHoursAgo = new Date(Date.now() - 3 * 3_600_000).toISOString();
      expect(await put(tenant, 'schools', 'lincoln', { enrolment: 812, district: 'north', meals_sum_7d: 4100.5 })).toMatchObject({ viewVersion: 2, featureCount: 3 });
      expect(await put(tenant, 'schools', 'oak', { enrolment: 300 }, threeHoursAgo)).toMatchObject({ viewVersion: 2, eventTime: threeHoursAgo });
      expect(await app.get(PrismaService).offlineFeatureRow.findFirst({ where: { tenantId: tenant, entityId: 'oak' } })).toMatchObject({ eventTime: new Date(threeHoursAgo) });

      const latest = await store.getOnlineFeatures({ target: { $case: 'view', value: { view: 'schools', version: 0 } }, entityIds: ['lincoln', 'oak', 'ghost'], features: [] }, as(tenant));
      expect(latest.views).toEqual([{ view: 'schools', version: 2, ttlMs: 7_200_000 }]);
      const [lincoln, oak, ghost] = latest.entities;
      expect(lincoln!.features['enrolment']).toMatchObject({ value: 812, status: 'present' });
      expect(lincoln!.features['enrolment']!.ageMs).toBeLessThan(10_000);
      expect(oak!.features['enrolment']).toMatchObject({ value: null, status: 'expired' });
      expect(ghost!.features['district']).toMatchObject({ value: null, status: 'missing' });

      // Version 1 of the view had a 1-day TTL: pinned, the same 3-hour-old value is present.
      const pinned = await store.getOnlineFeatures({ target: { $case: 'view', value: { view: 'schools', version: 1 } }, entityIds: ['oak'], features: ['enrolment'] }, as(tenant));
      expect(pinned.entities[0]!.features['enrolment']).toMatchObject({ value: 300, status: 'present' });

      const service = await store.getOnlineFeatures({ target: { $case: 'featureService', value: 'meals' }, entityIds: ['lincoln'], features: [] }, as(tenant));
      expect(service.entities[0]!.features).toMatchObject({ 'schools:enrolment': { value: 812, status: 'present' }, 'schools:meals_sum_7d': { value: 4100.5, status: 'present' } });
    });

    it('keeps writing views without a definition, and reading them', async () => {
      expect(await put(tenant, 'adhoc', 'x', { 'Avg Temp (°C)': 12 })).toMatchObject({ viewVersion: 0 });
      const read = await store.getOnlineFeatures({ target: { $case: 'views', value: { views: [{ view: 'adhoc', version: 0 }, { view: 'schools', version: 0 }] } }, entityIds: ['x'], features: [] }, as(tenant));
      expect(read.views.map((v) => v.version)).toEqual([0, 2]);
      expect(read.entities[0]!.features['adhoc:Avg Temp (°C)']).toMatchObject({ value: 12, status: 'present' });
    });

    it("names unknown views and services, and never serves another tenant's features", async () => {
      const unknown = await failure(store.getOnlineFeatures({ target: { $case: 'featureService', value: 'nope' }, entityIds: ['a'], features: [] }, as(tenant)));
      expect(unknown).toMatchObject({ code: ErrorCode.NotFound, message: 'Feature service "nope" does not exist' });
      expect(await failure(store.getOnlineFeatures({ target: { $case: 'featureService', value: 'meals' }, entityIds: ['lincoln'], features: [] }, as(other)))).toMatchObject({ code: ErrorCode.NotFound });
      const theirs = await store.getOnlineFeatures({ target: { $case: 'view', value: { view: 'schools', version: 0 } }, entityIds: ['lincoln'], features: [] }, as(other));
      expect(theirs.views[0]!.ttlMs).toBe(1_800_000);
      expect(Object.values(theirs.entities[0]!.features).every((f) => f.status === 'missing')).toBe(true);
      const noView = await failure(store.getOnlineFeatures({ target: { $case: 'view', value: { view: 'adhoc', version: 0 } }, entityIds: ['x'], features: [] }, as(other)));
      expect(noView).toMatchObject({ code: ErrorCode.NotFound });
    });
  });
});
