import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { encodeFeatures, onlineKey } from './online-keys';
import { OnlineFeatureReader } from './online-feature-reader';

// Integration: the project's real Redis (REDIS_URL, started by tools/infra).
describe('OnlineFeatureReader (real Redis)', () => {
  const redis = new Redis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
  const reader = new OnlineFeatureReader(redis);
  const tenantA = `t-${randomUUID().slice(0, 8)}`;
  const tenantB = `t-${randomUUID().slice(0, 8)}`;

  afterAll(async () => {
    const keys = [...(await redis.keys(`fs:{${tenantA}}:*`)), ...(await redis.keys(`fs:{${tenantB}}:*`))];
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('returns typed values for many entities, null for unknown ones', async () => {
    const at = new Date('2026-01-02T03:04:05.000Z');
    await redis.hset(onlineKey(tenantA, 'schools', 'lincoln high'), encodeFeatures({ enrolment: 812, district: 'north', open: true }, at));
    await redis.hset(onlineKey(tenantA, 'schools', 's/2'), encodeFeatures({ enrolment: 90.5 }, at));

    const got = await reader.getOnlineFeatures({ tenantId: tenantA, view: 'schools', entityIds: ['lincoln high', 's/2', 'missing'] });

    expect(got.get('lincoln high')).toEqual({ features: { enrolment: 812, district: 'north', open: true }, eventTime: at });
    expect(got.get('s/2')?.features).toEqual({ enrolment: 90.5 });
    expect(got.get('missing')).toBeNull();
  });

  it('never reads another tenant’s entity', async () => {
    await redis.hset(onlineKey(tenantA, 'schools', 'shared-id'), encodeFeatures({ enrolment: 1 }, new Date()));
    const got = await reader.getOnlineFeatures({ tenantId: tenantB, view: 'schools', entityIds: ['shared-id'] });
    expect(got.get('shared-id')).toBeNull();
  });

  it('keeps keys of different views and tenants apart even with separators in names', () => {
    expect(onlineKey('a', 'v:1', 'e')).not.toEqual(onlineKey('a', 'v', '1:e'));
    expect(onlineKey('a', 'v', 'e')).not.toEqual(onlineKey('b', 'v', 'e'));
  });
});
