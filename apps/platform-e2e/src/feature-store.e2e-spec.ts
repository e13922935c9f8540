import { gatewayCaller, launchPlatform, mintToken, type RunningPlatform, uniqueTenant } from '@foresight/testing';

const H = 3_600_000;

/**
 * The feature store's batch path through the gateway only: a CSV dataset uploaded, an entity and
 * a view defined on it, materialized (then re-run idempotently), online reads of the materialized
 * values, feature statistics, a point-in-time training set read back as dataset rows, with roles,
 * validation and tenant isolation.
 */
describe('materialization and training sets through the gateway', () => {
  let platform: RunningPlatform;
  const tenant = uniqueTenant('fsb');
  const engineer = mintToken({ tenantId: tenant, roles: ['ml-engineer'] });
  const analyst = mintToken({ tenantId: tenant, roles: ['analyst'] });
  const outsider = mintToken({ tenantId: uniqueTenant('fsb'), roles: ['admin'] });
  const now = Date.now();
  const at = (ms: number) => new Date(now - ms).toISOString();

  const call = gatewayCaller(() => platform.gatewayUrl);

  const csv = [
    'customer_id,day,spend,segment',
    `c1,${at(30 * H)},40,retail`,
    `c1,${at(6 * H)},150,retail`,
    `c2,${at(5 * H)},20,wholesale`,
    `c3,${at(20 * 24 * H)},75,retail`,
    `c4,not a day,10,retail`,
  ].join('\n');

  beforeAll(async () => {
    platform = await launchPlatform({ basePort: 18880, env: { LOG_LEVEL: 'warn' } });
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
  });

  it('uploads a CSV dataset and defines an entity and a view on it', async () => {
    const upload = await call('POST', '/api/v1/datasets/orders-daily/versions', engineer, csv, 'text/csv');
    expect(upload).toMatchObject({ status: 201, body: { name: 'orders-daily', version: 1, rows: 5 } });
    expect((await call('POST', '/api/v1/entities', engineer, { name: 'customer', joinKeys: ['customer_id'] })).status).toBe(201);
    const view = await call('POST', '/api/v1/feature-views', engineer, {
      name: 'customer-spend',
      entity: 'customer',
      source: { dataset: { name: 'orders-daily' } },
      timestampColumn: 'day',
      ttl: '7d',
      features: [
        { name: 'spend', dtype: 'float64' },
        { name: 'segment', dtype: 'string' },
        { name: 'big_spender', expr: 'spend > 100', dtype: 'bool' },
      ],
      aggregations: [{ column: 'spend', fn: 'sum', windows: ['7d'] }],
    });
    expect(view).toMatchObject({ status: 201, body: { version: 1 } });
  });

  it('materializes the view, and a re-run with nothing new changes nothing and says so', async () => {
    expect((await call('POST', '/api/v1/feature-views/customer-spend/materialize', analyst, { mode: 'full' })).status).toBe(403);
    expect(await call('POST', '/api/v1/feature-views/customer-spend/materialize', outsider, { mode: 'full' })).toMatchObject({ status: 404, body: { code: 'not_found' } });
    const bad = await call('POST', '/api/v1/feature-views/customer-spend/materialize', engineer, { mode: 'sometimes' });
    expect(bad).toMatchObject({ status: 400, body: { code: 'validation_failed', errors: [{ path: 'mode' }] } });
    expect(bad.type).toContain('application/problem+json');

    const full = await call('POST', '/api/v1/feature-views/customer-spend/materialize', engineer, { mode: 'full' });
    expect(full).toMatchObject({
      status: 200,
      body: {
        view: 'customer-spend',
        version: 1,
        mode: 'full',
        datasetVersion: { name: 'orders-daily', version: 1 },
        rowsRead: 5,
        rowsWritten: 4,
        entitiesUpdated: 3,
        skipped: { invalid_timestamp: 1 },
        errors: [{ line: 5 }],
        watermark: at(5 * H),
        upToDate: false,
      },
    });
    const again = await call('POST', '/api/v1/feature-views/customer-spend/materialize', engineer, {});
    expect(again).toMatchObject({ status: 200, body: { mode: 'incremental', upToDate: true, rowsWritten: 0, entitiesUpdated: 0 } });
  });

  it('reads the materialized values online with their ages and TTL statuses', async () => {
    const res = await call('POST', '/api/v1/features/online', analyst, { view: 'customer-spend', entityIds: ['c1', 'c2', 'c3'] });
    expect(res.status).toBe(200);
    const [c1, c2, c3] = res.body.entities;
    expect(c1.features).toMatchObject({
      spend: { value: 150, status: 'present' },
      segment: { value: 'retail', status: 'present' },
      big_spender: { value: true, status: 'present' },
      spend_sum_7d: { value: 190, status: 'present' },
    });
    expect(c1.features.spend.ageMs).toBeGreaterThanOrEqual(6 * H);
    expect(c2.features.big_spender).toMatchObject({ value: false, status: 'present' });
    // c3's only row is 20 days old: past the view's 7-day TTL.
    expect(c3.features.spend).toMatchObject({ value: null, status: 'expired' });
  });

  it('serves the feature statistics of the view version', async () => {
    const stats = await call('GET', '/api/v1/feature-views/customer-spend/statistics', analyst);
    expect(stats).toMatchObject({ status: 200, body: { view: 'customer-spend', version: 1, datasetVersion: { name: 'orders-daily', version: 1 }, rows: 4 } });
    const spend = stats.body.features.find((f: { name: string }) => f.name === 'spend');
    expect(spend).toMatchObject({ dtype: 'float64', count: 4, missing: 0, min: 20, max: 150, mean: 71.25 });
    expect((await call('GET', '/api/v1/feature-views/customer-spend/statistics?version=1', outsider)).status).toBe(404);
    expect((await call('GET', '/api/v1/feature-views/customer-spend/statistics?version=zero', analyst)).status).toBe(400);
  });

  it('builds a point-in-time training set and reads its rows as a dataset version', async () => {
    const body = {
      name: 'spend-train',
      entityRows: [
        { entityId: 'c1', timestamp: at(10 * H), churned: false },
        { entityId: 'c1', timestamp: at(H), churned: true },
        { entityId: 'c2', timestamp: at(48 * H), churned: false },
      ],
      featureViews: ['customer-spend:spend', 'customer-spend:segment'],
    };
    expect((await call('POST', '/api/v1/training-sets', outsider, body)).status).toBe(404);
    expect((await call('POST', '/api/v1/training-sets', engineer, { ...body, featureViews: [] })).body).toMatchObject({ status: 400, errors: [{ path: 'featureViews' }] });

    const set = await call('POST', '/api/v1/training-sets', engineer, body);
    expect(set).toMatchObject({
      status: 201,
      body: {
        created: true,
        rows: 3,
        dataset: { name: 'spend-train', version: 1, rows: 3 },
        features: [
          { column: 'spend', view: 'customer-spend', viewVersion: 1, coverage: 2 / 3, present: 2, missing: 1 },
          { column: 'segment', coverage: 2 / 3 },
        ],
      },
    });
    const rows = await call('GET', '/api/v1/datasets/spend-train/versions/1/rows', analyst);
    expect(rows.status).toBe(200);
    // 10 h ago c1's latest value was the one from 30 h ago; 1 h ago, the one from 6 h ago. c2 had none 48 h ago.
    expect(rows.body.rows.map((r: Record<string, unknown>) => [r['entityId'], r['churned'], r['spend'], r['segment']])).toEqual([
      ['c1', false, 40, 'retail'],
      ['c1', true, 150, 'retail'],
      ['c2', false, null, null],
    ]);
    expect((await call('GET', '/api/v1/datasets/spend-train/versions/1/rows', outsider)).status).toBe(404);
  });
});
