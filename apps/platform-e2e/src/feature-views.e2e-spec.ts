import { gatewayCaller, launchPlatform, mintToken, type RunningPlatform, uniqueTenant } from '@foresight/testing';

/**
 * Entities, versioned feature views, feature services and online reads, driven through the
 * gateway only (REST → gRPC → feature store → PostgreSQL + Redis), with roles and tenant isolation.
 */
describe('feature definitions and online reads through the gateway', () => {
  let platform: RunningPlatform;
  const tenant = uniqueTenant('fv');
  const engineer = mintToken({ tenantId: tenant, roles: ['ml-engineer'] });
  const analyst = mintToken({ tenantId: tenant, roles: ['analyst'] });
  const app = mintToken({ tenantId: tenant, roles: ['app'] });
  const outsider = mintToken({ tenantId: uniqueTenant('fv'), roles: ['admin'] });

  const call = gatewayCaller(() => platform.gatewayUrl);

  const view = (ttl: string) => ({
    name: 'stores',
    entity: 'store',
    source: { dataset: { name: 'store-sales', version: 1 } },
    timestampColumn: 'day',
    ttl,
    features: [
      { name: 'size_m2', dtype: 'float64' },
      { name: 'region', dtype: 'string' },
    ],
    aggregations: [{ column: 'sales', fn: 'mean', windows: ['7d'] }],
  });

  beforeAll(async () => {
    platform = await launchPlatform({ basePort: 18280, env: { LOG_LEVEL: 'warn' } });
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
  });

  it('defines an entity idempotently and answers 409 for a different definition', async () => {
    expect((await call('POST', '/api/v1/entities', engineer, { name: 'store', joinKeys: ['store_id'] })).status).toBe(201);
    expect((await call('POST', '/api/v1/entities', engineer, { name: 'store', joinKeys: ['store_id'] })).status).toBe(200);
    const conflict = await call('POST', '/api/v1/entities', engineer, { name: 'store', joinKeys: ['id'] });
    expect(conflict.status).toBe(409);
    expect(conflict.headers.get('content-type')).toContain('application/problem+json');
    expect(conflict.body).toMatchObject({ code: 'conflict' });
    expect((await call('POST', '/api/v1/entities', analyst, { name: 'x', joinKeys: ['k'] })).status).toBe(403);
    expect((await call('GET', '/api/v1/entities/store', analyst)).body).toMatchObject({ name: 'store', joinKeys: ['store_id'] });
  });

  it('versions a feature view and rejects bad definitions with problem+json naming the fields', async () => {
    const missingEntity = await call('POST', '/api/v1/feature-views', engineer, { ...view('1d'), entity: 'nope' });
    expect(missingEntity).toMatchObject({ status: 404, body: { code: 'not_found', detail: 'Entity "nope" does not exist' } });
    const bad = await call('POST', '/api/v1/feature-views', engineer, { ...view('soon'), features: [{ name: 'x', expr: 'log(', dtype: 'float64' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['features.0.expr', 'ttl']);

    const v1 = await call('POST', '/api/v1/feature-views', engineer, view('1d'));
    expect(v1).toMatchObject({ status: 201, body: { version: 1, source: { dataset: { name: 'store-sales', version: 1 } } } });
    expect(v1.body.resolvedFeatures.map((f: { name: string }) => f.name)).toEqual(['size_m2', 'region', 'sales_mean_7d']);
    expect(await call('POST', '/api/v1/feature-views', engineer, view('1d'))).toMatchObject({ status: 200, body: { version: 1 } });
    expect(await call('POST', '/api/v1/feature-views', engineer, view('1h'))).toMatchObject({ status: 201, body: { version: 2, ttlMs: 3_600_000 } });
    expect((await call('GET', '/api/v1/feature-views/stores', analyst)).body.version).toBe(2);
    expect((await call('GET', '/api/v1/feature-views/stores?version=1', analyst)).body.ttl).toBe('1d');
    expect((await call('GET', '/api/v1/feature-views/stores/versions', analyst)).body.versions).toHaveLength(2);
  });

  it('writes features checked against the definition and reads them online with age and status', async () => {
    const wrong = await call('PUT', '/api/v1/features/stores/entities/s1', engineer, { features: { size_m2: 'big', colour: 'red' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['features.colour', 'features.size_m2']);
    const old = new Date(Date.now() - 2 * 3_600_000).toISOString();
    expect((await call('PUT', '/api/v1/features/stores/entities/s1', engineer, { features: { size_m2: 120.5, region: 'north' } })).body).toMatchObject({ viewVersion: 2 });
    expect((await call('PUT', '/api/v1/features/stores/entities/s2', engineer, { features: { size_m2: 80 }, eventTime: old })).status).toBe(200);

    const read = await call('POST', '/api/v1/features/online', app, { view: 'stores', entityIds: ['s1', 's2', 's3'] });
    expect(read.status).toBe(200);
    expect(read.body.views).toEqual([{ view: 'stores', version: 2, ttlMs: 3_600_000 }]);
    expect(read.body.entities[0].features.size_m2).toMatchObject({ value: 120.5, status: 'present' });
    expect(read.body.entities[1].features.size_m2).toMatchObject({ value: null, status: 'expired' });
    expect(read.body.entities[2].features.region).toEqual({ value: null, ageMs: null, status: 'missing' });

    const pinned = await call('POST', '/api/v1/features/online', analyst, { view: 'stores@1', entityIds: ['s2'] });
    expect(pinned.body.entities[0].features.size_m2).toMatchObject({ value: 80, status: 'present' });
  });

  it('reads a feature service in one call, and keeps other tenants out of every route', async () => {
    expect((await call('POST', '/api/v1/feature-services', engineer, { name: 'pricing', features: ['stores:size_m2', 'stores:region'] })).status).toBe(201);
    const read = await call('POST', '/api/v1/features/online', app, { featureService: 'pricing', entityIds: ['s1'] });
    expect(read.body.entities[0].features).toMatchObject({ 'stores:size_m2': { value: 120.5, status: 'present' }, 'stores:region': { value: 'north' } });
    expect((await call('POST', '/api/v1/features/online', app, { featureService: 'nope', entityIds: ['s1'] })).status).toBe(404);

    for (const path of ['/api/v1/entities/store', '/api/v1/feature-views/stores', '/api/v1/feature-views/stores/versions', '/api/v1/feature-services/pricing']) {
      expect((await call('GET', path, outsider)).status).toBe(404);
    }
    expect((await call('POST', '/api/v1/features/online', outsider, { featureService: 'pricing', entityIds: ['s1'] })).status).toBe(404);
    expect((await call('POST', '/api/v1/features/online', outsider, { view: 'stores', entityIds: ['s1'] })).status).toBe(404);
    // The outsider's own definitions never touch ours.
    expect((await call('POST', '/api/v1/entities', outsider, { name: 'store', joinKeys: ['other'] })).status).toBe(201);
    expect((await call('GET', '/api/v1/entities/store', engineer)).body.joinKeys).toEqual(['store_id']);
  });
});
