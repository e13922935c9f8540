import { ErrorCode } from '@foresight/contracts';
import { uniqueTenant } from '@foresight/testing';
import { as, type BatchTestApp, failure, startBatchTestApp, viewRequest } from '../materialization/materialization.test-kit';

const M = 60_000;
const T0 = Date.parse('2024-03-01T00:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const T1 = T0 + 10 * M;

/**
 * Integration: point-in-time correct training sets over gRPC on real PostgreSQL and Redis, on
 * hand-built timelines materialized into the offline store: a value written 1 ms after a row's
 * timestamp is not used, one written exactly at it is, one older than the view's TTL is null,
 * two views with different TTLs, windowed aggregates as of each row's time; entity rows inline
 * and from a dataset; the set read back as a dataset version; validation and tenant isolation.
 */
describe('training sets (real PostgreSQL, Redis)', () => {
  jest.setTimeout(60_000);
  const tenant = uniqueTenant('ts');
  const other = uniqueTenant('ts');
  let t: BatchTestApp;

  const rowsOf = async (name: string, version: number) => (await t.datasets.readDatasetRows({ name, version, limit: 100, offset: 0 }, as(tenant))).rows;

  beforeAll(async () => {
    t = await startBatchTestApp();
    await t.entities.applyEntity({ name: 'user', joinKeys: ['user_id'], description: '' }, as(tenant));
    await t.dataset(tenant, 'profiles', [
      { user_id: 'u1', ts: iso(T0), score: 1 },
      { user_id: 'u1', ts: iso(T1), score: 2 },
      { user_id: 'u2', ts: iso(T0 + 5 * M), score: 7 },
    ]);
    await t.dataset(tenant, 'activity-log', [
      { user_id: 'u1', ts: iso(T0 + 5 * M), level: 'low', clicks: 3 },
      { user_id: 'u1', ts: iso(T0 + 20 * M), level: 'mid', clicks: 4 },
      { user_id: 'u1', ts: iso(T0 + 50 * M), level: 'high', clicks: 5 },
    ]);
    await t.views.applyFeatureView(viewRequest({ name: 'profile', entity: 'user', dataset: 'profiles', timestampColumn: 'ts', ttl: '1h', features: [{ name: 'score', dtype: 'int64' }] }), as(tenant));
    await t.views.applyFeatureView(
      viewRequest({
        name: 'activity',
        entity: 'user',
        dataset: 'activity-log',
        timestampColumn: 'ts',
        ttl: '1d',
        features: [{ name: 'level', dtype: 'string' }],
        aggregations: [{ column: 'clicks', fn: 'sum', windows: ['1h'] }, { column: 'clicks', fn: 'count', windows: ['1h'] }],
      }),
      as(tenant),
    );
    for (const view of ['profile', 'activity']) await t.materialization.materialize({ view, mode: 'full', version: 0 }, as(tenant));
  });

  afterAll(async () => {
    await t.cleanup([tenant, other]);
    await t.close();
  });

  it('joins every feature as of each row: nothing from the future, exact times used, TTLs per view, aggregates as of the row', async () => {
    const entityRows = [
      { entityId: 'u1', timestamp: iso(T1 - 1), label: 1 }, // score 2 is written 1 ms later: not used
      { entityId: 'u1', timestamp: iso(T1), label: 2 }, // written exactly at the row's time: used
      { entityId: 'u1', timestamp: iso(T1 + 60 * M), label: 3 }, // exactly one TTL old: still valid
      { entityId: 'u1', timestamp: iso(T1 + 60 * M + 1), label: 4 }, // 1 ms past the 1h TTL: expired; activity's 1d TTL holds
      { entityId: 'u1', timestamp: iso(T0 - 1), label: 5 }, // before anything: missing
      { entityId: 'u2', timestamp: iso(T0 + 65 * M + 1), label: 6 },
      { entityId: 'u3', timestamp: iso(T0), label: 7 },
      { entityId: 'u1', timestamp: iso(T0 + 50 * M), label: 8 }, // an aggregate's window includes an event exactly at the read time
    ];
    const set = await t.trainingSets.buildTrainingSet({ name: 'churn-train', entityRows: { $case: 'rows', value: { rows: entityRows } }, featureViews: ['profile', 'activity'] }, as(tenant));
    expect(set).toMatchObject({ created: true, rows: 8, dataset: { name: 'churn-train', version: 1, rows: 8 } });
    expect(set.features).toEqual([
      { column: 'score', view: 'profile', viewVersion: 1, feature: 'score', coverage: 4 / 8, present: 4, expired: 2, missing: 2 },
      { column: 'level', view: 'activity', viewVersion: 1, feature: 'level', coverage: 5 / 8, present: 5, expired: 0, missing: 3 },
      { column: 'clicks_sum_1h', view: 'activity', viewVersion: 1, feature: 'clicks_sum_1h', coverage: 5 / 8, present: 5, expired: 0, missing: 3 },
      { column: 'clicks_count_1h', view: 'activity', viewVersion: 1, feature: 'clicks_count_1h', coverage: 5 / 8, present: 5, expired: 0, missing: 3 },
    ]);

    // Rows come out in (entity, time) order.
    const rows = await rowsOf('churn-train', 1);
    expect(rows.map((r) => [r['label'], r['score'], r['level'], r['clicks_sum_1h'], r['clicks_count_1h']])).toEqual([
      [5, null, null, null, null],
      // The 1h windows read at minute resolution: (τ − 1h, τ] with τ the row time cut to the minute.
      [1, 1, 'low', 3, 1],
      [2, 2, 'low', 3, 1],
      [8, 2, 'high', 12, 3],
      [3, 2, 'high', 9, 2],
      [4, null, 'high', 9, 2],
      [6, null, null, null, null],
      [7, null, null, null, null],
    ]);
    expect(rows[1]).toMatchObject({ entityId: 'u1', timestamp: iso(T1 - 1) });
  });

  it('reads entity rows from a dataset by the entity join keys, pins view versions and renames colliding columns', async () => {
    await t.dataset(tenant, 'labels', [
      { user_id: 'u1', timestamp: iso(T1 + 30 * M), level: 'gold', churned: true },
      { user_id: 'u2', timestamp: iso(T0 + 6 * M), level: 'silver', churned: false },
    ]);
    const set = await t.trainingSets.buildTrainingSet(
      { name: 'churn-train', entityRows: { $case: 'dataset', value: { name: 'labels', version: 0 } }, featureViews: ['profile:score', 'activity@1:level', 'activity@1:clicks_sum_1h'] },
      as(tenant),
    );
    expect(set).toMatchObject({ rows: 2, dataset: { name: 'churn-train', version: 2 } });
    expect(set.features.map((f) => f.column)).toEqual(['score', 'activity__level', 'clicks_sum_1h']);
    expect(await rowsOf('churn-train', 2)).toEqual([
      { user_id: 'u1', timestamp: iso(T1 + 30 * M), level: 'gold', churned: true, score: 2, activity__level: 'mid', clicks_sum_1h: 7 },
      { user_id: 'u2', timestamp: iso(T0 + 6 * M), level: 'silver', churned: false, score: 7, activity__level: null, clicks_sum_1h: null },
    ]);
  });

  it('refuses bad requests naming what is wrong, and stores nothing', async () => {
    const build = (featureViews: string[], rows: Array<Record<string, unknown>> = [{ entityId: 'u1', timestamp: iso(T1) }]) =>
      failure(t.trainingSets.buildTrainingSet({ name: 'bad-set', entityRows: { $case: 'rows', value: { rows } }, featureViews }, as(tenant)));
    expect(await build(['nope'])).toMatchObject({ code: ErrorCode.NotFound, message: 'Feature view "nope" does not exist' });
    const unknown = await build(['profile:nope']);
    expect(unknown).toMatchObject({ code: ErrorCode.ValidationFailed, errors: [{ path: 'featureViews.0', message: expect.stringMatching(/has no feature "nope"/) }] });
    expect(await build(['profile@1', 'profile@2:score'])).toMatchObject({ code: ErrorCode.ValidationFailed, errors: [{ path: 'featureViews.1' }] });
    expect(await build(['profile: bad ref', 'bad ref'])).toMatchObject({ code: ErrorCode.ValidationFailed, errors: [{ path: 'featureViews.1' }] });
    const rows = await build(['profile'], [{ entityId: 'u1', timestamp: iso(T1) }, { timestamp: iso(T1) }, { entityId: 'u1', timestamp: 'yesterday' }]);
    expect(rows.code).toBe(ErrorCode.ValidationFailed);
    expect(rows.errors?.map((e) => e.path)).toEqual(['entityRows.2.timestamp']);
    const noEntity = await build(['profile'], [{ entityId: 'u1', timestamp: iso(T1) }, { timestamp: iso(T1), label: 1 }]);
    expect(noEntity).toMatchObject({ code: ErrorCode.ValidationFailed, errors: [{ path: 'entityRows.1', message: 'names no "user" entity: give "entityId" or the join key "user_id"' }] });
    expect(await failure(t.datasets.getDataset({ name: 'bad-set' }, as(tenant)))).toMatchObject({ code: ErrorCode.NotFound });
  });

  it('keeps tenants apart: another tenant cannot read our views or the training set', async () => {
    const rows = { $case: 'rows' as const, value: { rows: [{ entityId: 'u1', timestamp: iso(T1) }] } };
    expect(await failure(t.trainingSets.buildTrainingSet({ name: 'mine', entityRows: rows, featureViews: ['profile'] }, as(other)))).toMatchObject({ code: ErrorCode.NotFound });
    expect(await failure(t.trainingSets.buildTrainingSet({ name: 'mine', entityRows: { $case: 'dataset', value: { name: 'labels', version: 0 } }, featureViews: ['profile'] }, as(other)))).toMatchObject({
      code: ErrorCode.NotFound,
    });
    expect(await failure(t.datasets.readDatasetRows({ name: 'churn-train', version: 1, limit: 10, offset: 0 }, as(other)))).toMatchObject({ code: ErrorCode.NotFound });
  });
});
