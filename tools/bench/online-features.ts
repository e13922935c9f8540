// npm run bench:online-features — the feature-store client's online read (one Lua round trip that
// resolves the view and reads the entity hashes) against its physical ceilings measured in the
// same run: a bare PING and the pipelined HGETALL of the same hashes.
// Needs Redis up (`npm run infra -- up --database foresight_test`).
import * as hdr from 'hdr-histogram-js';
import Redis from 'ioredis';
import { OnlineDefinitionMirror, OnlineFeatureReader, OnlineFeatureWriter, onlineKey } from '@foresight/feature-store-client';
import { uniqueTenant } from '@foresight/testing';
import { machine, recordSection } from './bench-kit';

const ITERATIONS = Number(process.env['BENCH_ITERATIONS'] ?? 20_000);
const ENTITIES = 1_000;
const FEATURES = 20;
const VIEW = 'bench-view';

interface Latency {
  p50: number;
  p99: number;
  max: number;
  n: number;
}

/** Runs `op` one call at a time (closed loop, like a serving request) and returns ms percentiles. */
async function measure(iterations: number, op: (i: number) => Promise<unknown>): Promise<Latency> {
  for (let i = 0; i < Math.min(2_000, iterations / 5); i++) await op(i);
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 10_000_000, numberOfSignificantValueDigits: 3 });
  for (let i = 0; i < iterations; i++) {
    const started = process.hrtime.bigint();
    await op(i);
    histogram.recordValue(Math.max(1, Number((process.hrtime.bigint() - started) / 1000n)));
  }
  const ms = (q: number) => histogram.getValueAtPercentile(q) / 1000;
  return { p50: ms(50), p99: ms(99), max: histogram.maxValue / 1000, n: iterations };
}

async function main() {
  const about = machine();
  const started = new Date();
  const redis = new Redis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
  const tenantId = uniqueTenant('bench');
  const reader = new OnlineFeatureReader(redis);
  const writer = new OnlineFeatureWriter(redis);
  const names = Array.from({ length: FEATURES }, (_, f) => `feature_${f}`);
  try {
    await new OnlineDefinitionMirror(redis).write([{ tenantId, view: { name: VIEW, version: 1, ttlMs: 86_400_000, features: names.map((n, f) => [n, f % 4 === 0 ? 'string' : 'float64']) } }]);
    const ids = Array.from({ length: ENTITIES }, (_, i) => `entity-${i}`);
    for (let i = 0; i < ENTITIES; i += 100) {
      await writer.write(
        ids.slice(i, i + 100).map((entityId, k) => ({
          tenantId,
          view: VIEW,
          entityId,
          features: Object.fromEntries(names.map((n, f) => [n, f % 4 === 0 ? `category-${(i + k + f) % 7}` : (i + k) * 0.37 + f])),
          eventTime: new Date(Date.now() - 60_000),
          ttlMs: 86_400_000,
          defined: true,
        })),
      );
    }
    const batch = (i: number) => Array.from({ length: 100 }, (_, k) => ids[(i * 100 + k) % ENTITIES]!);
    const pipelinedHgetall = (entityIds: string[]) => {
      const pipeline = redis.pipeline();
      for (const id of entityIds) pipeline.hgetall(onlineKey(tenantId, VIEW, id));
      return pipeline.exec();
    };

    console.log('ceilings: PING, pipelined HGETALL');
    const ping = await measure(ITERATIONS, () => redis.ping());
    const raw1 = await measure(ITERATIONS, (i) => pipelinedHgetall([ids[i % ENTITIES]!]));
    const raw100 = await measure(ITERATIONS / 4, (i) => pipelinedHgetall(batch(i)));
    console.log('client: getOnlineFeatures');
    const one = await measure(ITERATIONS, (i) => reader.getOnlineFeatures({ tenantId, view: VIEW, entityIds: [ids[i % ENTITIES]!] }));
    const hundred = await measure(ITERATIONS / 4, (i) => reader.getOnlineFeatures({ tenantId, view: VIEW, entityIds: batch(i) }));

    const sample = await reader.getOnlineFeatures({ tenantId, view: VIEW, entityIds: batch(0) });
    const present = sample.entities.every((e) => Object.values(e.features).filter((f) => f.status === 'present').length === FEATURES);
    if (!present) throw new Error('benchmark data did not read back as present');

    const row = (name: string, l: Latency) => `| ${name} | ${l.p50.toFixed(3)} | ${l.p99.toFixed(3)} | ${l.max.toFixed(2)} | ${l.n} |`;
    const ratio = (a: number, b: number) => (a / b).toFixed(2);
    const body = `
Run ${started.toISOString()} on ${about}. One call at a time from one Node process over one ioredis connection to the local Redis (loopback), ${ENTITIES} entities × ${FEATURES} features (a quarter strings, the rest floats) in one view with a definition; warm-up before each series. The client's read is one EVALSHA: the script resolves the view's latest version and TTL from the tenant's mirrored definitions and HMGETs the entities' hashes; the client decodes every value, computes its age and applies the TTL.

| series | p50 ms | p99 ms | max ms | calls |
|---|---|---|---|---|
${row('ceiling: PING', ping)}
${row('ceiling: pipelined HGETALL, 1 entity', raw1)}
${row('ceiling: pipelined HGETALL, 100 entities', raw100)}
${row(`getOnlineFeatures, 1 entity × ${FEATURES} features`, one)}
${row(`getOnlineFeatures, 100 entities × ${FEATURES} features`, hundred)}

- 1 entity: p99 ${one.p99.toFixed(3)} ms (target ≤ 1 ms: **${one.p99 <= 1 ? 'met' : 'missed'}**); ratio to the pipelined HGETALL ceiling p50 ${ratio(one.p50, raw1.p50)}, p99 ${ratio(one.p99, raw1.p99)}; to PING p99 ${ratio(one.p99, ping.p99)}.
- 100 entities: p99 ${hundred.p99.toFixed(3)} ms (target ≤ 5 ms: **${hundred.p99 <= 5 ? 'met' : 'missed'}**); ratio to the pipelined HGETALL ceiling p50 ${ratio(hundred.p50, raw100.p50)}, p99 ${ratio(hundred.p99, raw100.p99)}.
`;
    recordSection('bench:online-features — online feature reads (client library)', body);
    console.log(body);
  } finally {
    const keys = await redis.keys(`fs:{${tenantId}}:*`);
    for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
    await redis.quit();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
