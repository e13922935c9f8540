import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { OnlineDefinitionMirror } from './online-definitions';
import { OnlineFeatureLookupError, OnlineFeatureReader } from './online-feature-reader';
import { OnlineFeatureWriter } from './online-feature-writer';
import { onlineKey, type MirroredView } from './online-keys';

// Integration: the project's real Redis (REDIS_URL, started by tools/infra).
describe('online store client (real Redis)', () => {
  const redis = new Redis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
  const reader = new OnlineFeatureReader(redis);
  const writer = new OnlineFeatureWriter(redis);
  const mirror = new OnlineDefinitionMirror(redis);
  const tenantA = `t-${randomUUID().slice(0, 8)}`;
  const tenantB = `t-${randomUUID().slice(0, 8)}`;
  const HOUR = 3_600_000;

  const schoolsV1: MirroredView = { name: 'schools', version: 1, ttlMs: HOUR, features: [['enrolment', 'int64'], ['district', 'string']] };
  const schoolsV2: MirroredView = { name: 'schools', version: 2, ttlMs: 2 * HOUR, features: [['enrolment', 'int64'], ['district', 'string'], ['open', 'bool']] };
  const weather: MirroredView = { name: 'weather', version: 1, ttlMs: HOUR, features: [['temp', 'float64']] };

  const write = (tenantId: string, view: string, entityId: string, features: Record<string, number | string | boolean>, ageMs = 0, ttlMs = HOUR, defined = true) =>
    writer.write([{ tenantId, view, entityId, features, eventTime: new Date(Date.now() - ageMs), ttlMs, defined }]);

  beforeAll(async () => {
    await mirror.write(
      [schoolsV1, schoolsV2, weather].map((view) => ({ tenantId: tenantA, view })),
      [
        { tenantId: tenantA, service: { name: 'meals', refs: [{ view: 'schools', version: 1, features: ['enrolment'] }, { view: 'weather', version: 0, features: '*' }] } },
      ],
    );
    await write(tenantA, 'schools', 'lincoln high', { enrolment: 812, district: 'north', open: true }, 5_000, 2 * HOUR);
    await write(tenantA, 'schools', 's/2', { enrolment: 90 }, 3 * HOUR, 2 * HOUR);
    await write(tenantA, 'schools', 's/2', { district: 'south' }, 1_000, 2 * HOUR);
    await write(tenantA, 'weather', 'lincoln high', { temp: 11.5 }, 60_000);
  });

  afterAll(async () => {
    const keys = [...(await redis.keys(`fs:{${tenantA}}:*`)), ...(await redis.keys(`fs:{${tenantB}}:*`))];
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('returns each feature with its age and status, honouring the TTL on read', async () => {
    const { views, entities } = await reader.getOnlineFeatures({ tenantId: tenantA, view: 'schools', entityIds: ['lincoln high', 's/2', 'nobody'] });
    expect(views).toEqual([{ view: 'schools', version: 2, ttlMs: 2 * HOUR }]);
    const [lincoln, s2, nobody] = entities;
    expect(lincoln!.entityId).toBe('lincoln high');
    expect(lincoln!.features['enrolment']).toMatchObject({ value: 812, status: 'present' });
    expect(lincoln!.features['enrolment']!.ageMs).toBeGreaterThanOrEqual(5_000);
    expect(lincoln!.features['enrolment']!.ageMs).toBeLessThan(15_000);
    expect(lincoln!.features['open']).toMatchObject({ value: true, status: 'present' });
    // enrolment of s/2 was written 3 h ago, the view's TTL is 2 h: expired although still stored.
    expect(s2!.features['enrolment']).toMatchObject({ value: null, status: 'expired' });
    expect(s2!.features['enrolment']!.ageMs).toBeGreaterThan(3 * HOUR - 1);
    expect(s2!.features['district']).toMatchObject({ value: 'south', status: 'present' });
    expect(s2!.features['open']).toEqual({ value: null, ageMs: null, status: 'missing' });
    expect(nobody!.features).toEqual({
      enrolment: { value: null, ageMs: null, status: 'missing' },
      district: { value: null, ageMs: null, status: 'missing' },
      open: { value: null, ageMs: null, status: 'missing' },
    });
  });

  it('reads a pinned version with its own features and TTL', async () => {
    const { views, entities } = await reader.getOnlineFeatures({ tenantId: tenantA, view: 'schools@1', entityIds: ['lincoln high', 's/2'] });
    expect(views).toEqual([{ view: 'schools', version: 1, ttlMs: HOUR }]);
    expect(Object.keys(entities[0]!.features)).toEqual(['enrolment', 'district']);
    expect(entities[1]!.features['enrolment']!.status).toBe('expired');
  });

  it('reads several views at once, names qualified by view, filtered on request', async () => {
    const all = await reader.getOnlineFeatures({ tenantId: tenantA, views: ['schools', { view: 'weather' }], entityIds: ['lincoln high', 's/2'] });
    expect(all.views.map((v) => `${v.view}@${v.version}`)).toEqual(['schools@2', 'weather@1']);
    expect(all.entities[0]!.features['weather:temp']).toMatchObject({ value: 11.5, status: 'present' });
    expect(all.entities[1]!.features['weather:temp']!.status).toBe('missing');
    expect(all.entities[0]!.features['schools:district']!.value).toBe('north');

    const some = await reader.getOnlineFeatures({ tenantId: tenantA, views: ['schools', 'weather'], entityIds: ['lincoln high'], features: ['weather:temp', 'schools:open'] });
    expect(Object.keys(some.entities[0]!.features).sort()).toEqual(['schools:open', 'weather:temp']);
  });

  it('resolves a feature service server-side: pinned and latest views, listed and all features', async () => {
    const { views, entities } = await reader.getOnlineFeatures({ tenantId: tenantA, featureService: 'meals', entityIds: ['lincoln high'] });
    expect(views.map((v) => `${v.view}@${v.version}`)).toEqual(['schools@1', 'weather@1']);
    expect(Object.keys(entities[0]!.features)).toEqual(['schools:enrolment', 'weather:temp']);
    expect(entities[0]!.features['schools:enrolment']!.value).toBe(812);
  });

  it('costs one Redis round trip for any number of entities and views, services included', async () => {
    await reader.getOnlineFeatures({ tenantId: tenantA, featureService: 'meals', entityIds: ['x'] }); // loads the script
    const sent = jest.spyOn(redis, 'sendCommand');
    const ids = Array.from({ length: 100 }, (_, i) => `e-${i}`);
    await reader.getOnlineFeatures({ tenantId: tenantA, views: ['schools', 'weather'], entityIds: ids });
    await reader.getOnlineFeatures({ tenantId: tenantA, featureService: 'meals', entityIds: ids });
    expect(sent).toHaveBeenCalledTimes(2);
    sent.mockRestore();
  });

  it('names what is unknown: view, version, service, feature', async () => {
    const fail = (query: Parameters<OnlineFeatureReader['getOnlineFeatures']>[0]) => reader.getOnlineFeatures(query).then(() => null, (e: unknown) => e);
    const cases: [Parameters<OnlineFeatureReader['getOnlineFeatures']>[0], string, RegExp][] = [
      [{ tenantId: tenantA, view: 'nope', entityIds: ['a'] }, 'unknown_view', /Feature view "nope" does not exist/],
      [{ tenantId: tenantA, view: 'schools@7', entityIds: ['a'] }, 'unknown_version', /"schools" has no version 7/],
      [{ tenantId: tenantA, featureService: 'nope', entityIds: ['a'] }, 'unknown_service', /Feature service "nope" does not exist/],
      [{ tenantId: tenantA, view: 'schools', entityIds: ['a'], features: ['enrolment', 'bogus'] }, 'unknown_feature', /has no feature "bogus"/],
      [{ tenantId: tenantA, featureService: 'meals', entityIds: ['a'], features: ['weather:wind'] }, 'unknown_feature', /has no feature "weather:wind"/],
      [{ tenantId: tenantA, views: ['schools', 'schools@1'], entityIds: ['a'] }, 'invalid_query', /listed twice/],
    ];
    for (const [query, code, message] of cases) {
      const error = await fail(query);
      expect(error).toBeInstanceOf(OnlineFeatureLookupError);
      expect(error).toMatchObject({ code });
      expect((error as Error).message).toMatch(message);
    }
  });

  it("never reads another tenant's views, services or entities", async () => {
    await expect(reader.getOnlineFeatures({ tenantId: tenantB, view: 'schools', entityIds: ['lincoln high'] })).rejects.toMatchObject({ code: 'unknown_view' });
    await expect(reader.getOnlineFeatures({ tenantId: tenantB, featureService: 'meals', entityIds: ['lincoln high'] })).rejects.toMatchObject({ code: 'unknown_service' });
    await mirror.write([{ tenantId: tenantB, view: schoolsV1 }]);
    const { entities } = await reader.getOnlineFeatures({ tenantId: tenantB, view: 'schools', entityIds: ['lincoln high'] });
    expect(entities[0]!.features['enrolment']!.status).toBe('missing');
  });

  it('keeps the newest value per feature: late and replayed writes never roll a value back', async () => {
    await write(tenantA, 'weather', 'oak', { temp: 20 }, 1_000);
    expect(await write(tenantA, 'weather', 'oak', { temp: 5 }, 50_000)).toEqual([0]);
    const { entities } = await reader.getOnlineFeatures({ tenantId: tenantA, view: 'weather', entityIds: ['oak'] });
    expect(entities[0]!.features['temp']!.value).toBe(20);
    // The key outlives its newest value by the TTL, not forever.
    const expiresAt = await redis.pexpiretime(onlineKey(tenantA, 'weather', 'oak'));
    expect(expiresAt).toBeGreaterThan(Date.now() + HOUR - 60_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + HOUR);
  });

  it('reads a view written without a definition as version 0 with whatever features it holds, no TTL', async () => {
    await write(tenantA, 'adhoc', 'e1', { 'Avg Temp (°C)': 12, holiday: 'no' }, 10 * HOUR, 0, false);
    const { views, entities } = await reader.getOnlineFeatures({ tenantId: tenantA, view: 'adhoc', entityIds: ['e1', 'e2'] });
    expect(views).toEqual([{ view: 'adhoc', version: 0, ttlMs: null }]);
    expect(entities[0]!.features['Avg Temp (°C)']).toMatchObject({ value: 12, status: 'present' });
    expect(entities[1]!.features).toEqual({});
    expect(await redis.pttl(onlineKey(tenantA, 'adhoc', 'e1'))).toBe(-1);
  });

  it('keeps the latest mirror on the newest version even when versions are mirrored out of order', async () => {
    await mirror.write([{ tenantId: tenantB, view: { ...weather, version: 3 } }, { tenantId: tenantB, view: { ...weather, version: 2 } }]);
    const { views } = await reader.getOnlineFeatures({ tenantId: tenantB, view: 'weather', entityIds: ['a'] });
    expect(views[0]!.version).toBe(3);
  });
});
