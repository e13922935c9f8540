import { randomUUID } from 'node:crypto';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { deadLetterTopic, type grpc, streamEventMessage, type StreamEventPayload } from '@foresight/contracts';
import { OnlineFeatureLookupError, OnlineFeatureReader } from '@foresight/feature-store-client';
import { EventPublisher, KafkaHeaders, MetricsService, PlatformModule, PrismaService, REDIS } from '@foresight/platform';
import { eventually, uniqueTenant } from '@foresight/testing';
import type Redis from 'ioredis';
import { Kafka, logLevel, type Admin, type Consumer } from 'kafkajs';
import { acceptEvents, type AggregationEvent, aggregateAsOf, type AggregationSpec, createAggregationPlan, instantToMs } from '../engine';
import { EntitiesModule } from '../entities/entities.module';
import { EntitiesService } from '../entities/entities.service';
import { FeatureViewsModule } from '../feature-views/feature-views.module';
import { FeatureViewsService } from '../feature-views/feature-views.service';
import { StreamViewRegistry } from './stream-view.registry';
import { StreamingModule } from './streaming.module';
import { featureStoreTestConfig } from '../materialization/materialization.test-kit';

/**
 * Integration: the streaming aggregator on the real Kafka broker, Redis and PostgreSQL. Views are
 * applied through the feature store's own service, events go through Kafka in the platform
 * envelope, and values are read back through the client library's `getOnlineFeatures` and compared
 * with the engine's batch `aggregateAsOf` over the events the lateness rule accepts. The spec's
 * topics, consumer group and tenants are its own, so it shares the broker with anything else.
 */
describe('streaming feature aggregation (real Kafka, Redis, PostgreSQL)', () => {
  jest.setTimeout(90_000);

  const suffix = randomUUID().slice(0, 8);
  const topic = `events.spec-${suffix}`;
  const restartTopic = `events.spec-${suffix}-r`;
  const lateness = 120_000;
  const config = {
    ...featureStoreTestConfig(),
    FEATURE_STREAMS: [topic, restartTopic],
    FEATURE_STREAM_GROUP: `feature-store.streaming.spec-${suffix}`,
    FEATURE_STREAM_ALLOWED_LATENESS: '2m',
    FEATURE_STREAM_REFRESH_MS: 100,
    FEATURE_STREAM_DEFINITIONS_POLL_MS: 200,
    FEATURE_STREAM_CONCURRENCY: 3,
  };

  @Module({
    imports: [PlatformModule.forService({ name: 'feature-store', config, kafka: true, redis: true, prisma: true }), EntitiesModule, FeatureViewsModule, StreamingModule],
  })
  class TestModule {}

  const kafka = new Kafka({ clientId: 'streaming-spec', brokers: config.KAFKA_BROKERS, logLevel: logLevel.NOTHING });
  const tenants: string[] = [];
  const tenant = (prefix: string) => {
    const id = uniqueTenant(prefix);
    tenants.push(id);
    return id;
  };
  let admin: Admin;
  let app: INestApplicationContext;
  let redis: Redis;
  let reader: OnlineFeatureReader;
  let dlqReader: Consumer;
  const deadLetters: { value: string; reason: string }[] = [];

  const start = async () => {
    app = await NestFactory.createApplicationContext(TestModule, { logger: false });
    await app.init();
    redis = app.get<Redis>(REDIS);
    reader = new OnlineFeatureReader(redis);
  };

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [topic, restartTopic].flatMap((t) => [
        { topic: t, numPartitions: 3 },
        { topic: deadLetterTopic(t), numPartitions: 1 },
      ]),
      waitForLeaders: true,
    });
    dlqReader = kafka.consumer({ groupId: `streaming-spec-dlq-${suffix}`, maxWaitTimeInMs: 100 });
    await dlqReader.connect();
    await dlqReader.subscribe({ topic: deadLetterTopic(topic), fromBeginning: true });
    await dlqReader.run({
      eachMessage: async ({ message }) => void deadLetters.push({ value: message.value?.toString() ?? '', reason: String(message.headers?.[KafkaHeaders.DlqReason] ?? '') }),
    });
    await start();
  });

  afterAll(async () => {
    const prisma = app.get(PrismaService);
    const where = { tenantId: { in: tenants } };
    await prisma.featureViewVersion.deleteMany({ where });
    await prisma.featureView.deleteMany({ where });
    await prisma.featureEntity.deleteMany({ where });
    for (const t of tenants) {
      const keys = await redis.keys(`fs:{${t}}:*`);
      if (keys.length) await redis.del(...keys);
    }
    await app.close();
    await dlqReader.disconnect();
    await admin.deleteTopics({ topics: [topic, restartTopic].flatMap((t) => [t, deadLetterTopic(t)]) }).catch(() => undefined);
    await admin.disconnect();
  });

  const defineView = async (tenantId: string, name: string, stream: string, aggregations: grpc.ApplyFeatureViewRequest['aggregations']) => {
    await app.get(EntitiesService).apply(tenantId, { name: 'customer', joinKeys: ['customer_id'], description: '' });
    await app.get(FeatureViewsService).applyView(tenantId, {
      name,
      entity: 'customer',
      source: { kind: { $case: 'stream', value: stream } },
      timestampColumn: 'ts',
      ttl: '1d',
      features: [],
      aggregations,
      description: '',
    });
    await app.get(StreamViewRegistry).refresh();
  };

  /** Sent one at a time, so each entity's events reach its partition in this order (the arrival order). */
  const produce = async (tenantId: string, stream: string, payloads: StreamEventPayload[]) => {
    for (const payload of payloads) await app.get(EventPublisher).publish(streamEventMessage(stream), { tenantId, payload });
  };

  const counted = async (stream: string, outcome: string): Promise<number> => {
    const metric = await app.get(MetricsService).registry.getSingleMetric('feature_stream_events_total')!.get();
    return metric.values.find((v) => v.labels['topic'] === stream && v.labels['outcome'] === outcome)?.value ?? 0;
  };

  /**
   * Online values read through the client equal the batch aggregates of the accepted log as of the
   * read time (retried while events are still arriving or a boundary is being refreshed).
   */
  const expectParity = (tenantId: string, view: string, specs: AggregationSpec[], logs: Map<string, StreamEventPayload[]>) =>
    eventually(
      async () => {
        const plan = createAggregationPlan(specs, { allowedLateness: lateness });
        const before = Date.now();
        const { entities } = await reader.getOnlineFeatures({ tenantId, view, entityIds: [...logs.keys()] });
        const after = Date.now();
        for (const entity of entities) {
          const log: AggregationEvent[] = logs.get(entity.entityId)!.map((p) => ({ eventTime: p.timestamp, values: { ...p.fields, ...p.entity } }));
          const { accepted } = acceptEvents(log, lateness);
          const expected = aggregateAsOf(accepted, plan, after);
          const latest = Math.max(...accepted.map((e) => instantToMs(e.eventTime)!));
          for (const spec of specs) {
            const reading = entity.features[spec.name]!;
            const want = expected[spec.name];
            if (want === null) {
              expect({ entity: entity.entityId, feature: spec.name, status: reading.status }).toEqual({ entity: entity.entityId, feature: spec.name, status: 'missing' });
              continue;
            }
            expect({ entity: entity.entityId, feature: spec.name, status: reading.status }).toEqual({ entity: entity.entityId, feature: spec.name, status: 'present' });
            if (typeof want === 'number') expect(reading.value as number).toBeCloseTo(want, 9);
            else expect(reading.value).toBe(want);
            // Age = time since the entity's latest accepted event.
            expect(reading.ageMs).toBeGreaterThanOrEqual(before - latest);
            expect(reading.ageMs).toBeLessThanOrEqual(after - latest);
          }
        }
      },
      { timeoutMs: 45_000, intervalMs: 250 },
    );

  /** A small deterministic generator (mulberry32), so a failure replays the same log. */
  const random = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  const richSpecs: AggregationSpec[] = [
    { name: 'amount_sum_10m', fn: 'sum', field: 'amount', window: '10m' },
    { name: 'amount_sum_1h', fn: 'sum', field: 'amount', window: '1h' },
    { name: 'amount_count_1h', fn: 'count', field: 'amount', window: '1h' },
    { name: 'amount_mean_10m', fn: 'mean', field: 'amount', window: '10m' },
    { name: 'amount_mean_1h', fn: 'mean', field: 'amount', window: '1h' },
    { name: 'amount_max_1h', fn: 'max', field: 'amount', window: '1h' },
    { name: 'amount_stddev_1h', fn: 'stddev', field: 'amount', window: '1h' },
    { name: 'sku_distinct_count_1h', fn: 'distinct_count', field: 'sku', window: '1h' },
    { name: 'status_last_1h', fn: 'last', field: 'status', window: '1h' },
  ];
  const richAggregations = [
    { column: 'amount', fn: 'sum', windows: ['10m', '1h'] },
    { column: 'amount', fn: 'count', windows: ['1h'] },
    { column: 'amount', fn: 'mean', windows: ['10m', '1h'] },
    { column: 'amount', fn: 'max', windows: ['1h'] },
    { column: 'amount', fn: 'stddev', windows: ['1h'] },
    { column: 'sku', fn: 'distinct_count', windows: ['1h'] },
    { column: 'status', fn: 'last', windows: ['1h'] },
  ];

  /**
   * Per customer, events spread over [from, to] ago in rough time order, some up to 90 s out of order
   * (within the 2 min lateness: applied) and some 10 min behind (too late: rejected), some without
   * an amount; epoch-ms and ISO timestamps mixed.
   */
  const eventLog = (seed: number, customers: Record<string, [number, number]>, perCustomer: number) => {
    const next = random(seed);
    const now = Date.now();
    const logs = new Map<string, StreamEventPayload[]>();
    for (const [customer, [fromMin, toMin]] of Object.entries(customers)) {
      const list: StreamEventPayload[] = [];
      for (let i = 0; i < perCustomer; i++) {
        const onTime = now - fromMin * 60_000 + ((fromMin - toMin) * 60_000 * i) / (perCustomer - 1);
        const roll = next();
        const t = Math.round(roll < 0.1 ? onTime - 600_000 : roll < 0.35 ? onTime - next() * 90_000 : onTime);
        list.push({
          id: `${customer}-${i}`,
          entity: { customer_id: customer },
          timestamp: i % 2 === 0 ? t : new Date(t).toISOString(),
          fields: {
            ...(next() < 0.85 ? { amount: Math.round(next() * 200) - 20 } : {}),
            sku: `sku-${Math.floor(next() * 6)}`,
            status: next() < 0.5 ? 'paid' : 'refunded',
          },
        });
      }
      logs.set(customer, list);
    }
    return logs;
  };

  it('aggregates out-of-order events exactly like the batch path over the accepted log, and counts the too-late ones', async () => {
    const t = tenant('stream');
    await defineView(t, 'orders', topic, richAggregations);
    const logs = eventLog(7, { 'c-1': [55, 1], 'c-2': [40, 3], 'c-3': [50, 20] }, 30);
    // Interleave customers, as a real stream would.
    const interleaved = [...logs.values()][0]!.flatMap((_, i) => [...logs.values()].map((list) => list[i]!));
    const tooLateBefore = await counted(topic, 'too_late');
    await produce(t, topic, interleaved);

    await expectParity(t, 'orders', richSpecs, logs);
    const rejected = [...logs.values()].map((list) => acceptEvents(list.map((p) => ({ eventTime: p.timestamp, values: p.fields })), lateness).rejected.length);
    expect(rejected.reduce((a, b) => a + b)).toBeGreaterThan(0);
    expect((await counted(topic, 'too_late')) - tooLateBefore).toBe(rejected.reduce((a, b) => a + b));
    // c-3's events are all older than 10 minutes: its 10-minute mean is null, read as missing.
    const { entities } = await reader.getOnlineFeatures({ tenantId: t, view: 'orders', entityIds: ['c-3'] });
    expect(entities[0]!.features['amount_mean_10m']).toEqual({ value: null, ageMs: null, status: 'missing' });
    expect(entities[0]!.features['amount_sum_10m']).toMatchObject({ value: 0, status: 'present' });
  });

  it('slides windows with no new event: a bucket enters its window when it ends and leaves one window later', async () => {
    const t = tenant('stream');
    await defineView(t, 'recent', topic, [{ column: 'amount', fn: 'sum', windows: ['5s'] }]);
    const at = Date.now();
    await produce(t, topic, [{ entity: { customer_id: 'c-1' }, timestamp: at, fields: { amount: 42 } }]);
    const read = async () => (await reader.getOnlineFeatures({ tenantId: t, view: 'recent', entityIds: ['c-1'] })).entities[0]!.features['amount_sum_5s']!;
    // Buckets are 1 s wide: the event counts from the end of its second until 5 s later.
    const enters = Math.ceil(at / 1000) * 1000;
    const seen = await eventually(async () => {
      const reading = await read();
      expect(reading.value).toBe(42);
      return Date.now();
    });
    expect(seen).toBeGreaterThanOrEqual(enters);
    const gone = await eventually(async () => {
      expect((await read()).value).toBe(0);
      return Date.now();
    });
    expect(gone).toBeGreaterThanOrEqual(enters + 5000);
    // Refreshed within the refresh interval plus a pass (and the polling), not at the next event.
    expect(gone - (enters + 5000)).toBeLessThan(1500);
  });

  it('keeps tenants apart: same view and entity names, separate values, and nothing for a tenant without the view', async () => {
    const [a, b, none] = [tenant('stream-a'), tenant('stream-b'), tenant('stream-none')];
    const aggregations = [{ column: 'amount', fn: 'sum', windows: ['1h'] }, { column: 'amount', fn: 'count', windows: ['1h'] }];
    await defineView(a, 'spend', topic, aggregations);
    await defineView(b, 'spend', topic, aggregations);
    const ts = Date.now() - 90_000;
    await produce(a, topic, [1, 2].map((amount) => ({ entity: { customer_id: 'c-1' }, timestamp: ts, fields: { amount } })));
    await produce(b, topic, [{ entity: { customer_id: 'c-1' }, timestamp: ts, fields: { amount: 100 } }]);
    await produce(none, topic, [{ entity: { customer_id: 'c-1' }, timestamp: ts, fields: { amount: 5 } }]);

    const values = async (tenantId: string) => {
      const { entities } = await reader.getOnlineFeatures({ tenantId, view: 'spend', entityIds: ['c-1'] });
      return Object.fromEntries(Object.entries(entities[0]!.features).map(([k, f]) => [k, f.value]));
    };
    await eventually(async () => expect(await values(a)).toEqual({ amount_sum_1h: 3, amount_count_1h: 2 }));
    await eventually(async () => expect(await values(b)).toEqual({ amount_sum_1h: 100, amount_count_1h: 1 }));
    await expect(values(none)).rejects.toThrow(OnlineFeatureLookupError);
    expect(await redis.keys(`fs:{${none}}:*`)).toEqual([]);
    // Every key of the aggregation (state, online values, schedule) sits under its tenant's prefix.
    const keysOfA = await redis.keys(`fs:{${a}}:*`);
    expect(keysOfA.some((k) => k.startsWith(`fs:{${a}}:~agg:spend:`))).toBe(true);
    expect(keysOfA).toContain(`fs:{${a}}:spend:c-1`);
  });

  it('dead-letters a malformed event and an event missing a join key with the reason, and goes on with the stream', async () => {
    const t = tenant('stream-poison');
    await defineView(t, 'poisoned', topic, [{ column: 'amount', fn: 'sum', windows: ['1h'] }]);
    const ts = Date.now() - 90_000;
    await produce(t, topic, [{ entity: { customer_id: 'c-1' }, timestamp: ts, fields: { amount: 1 } }]);
    const envelope = { id: randomUUID(), type: 'stream.event', version: 1, tenantId: t, occurredAt: new Date().toISOString(), payload: { entity: { customer_id: 'c-1' }, fields: { amount: 1000 } } };
    await app.get(EventPublisher).sendRaw(topic, { key: `${t}/c-1`, value: JSON.stringify(envelope), headers: {} });
    await produce(t, topic, [{ entity: { store: 's-1' }, timestamp: ts, fields: { amount: 1000 } }]);
    await produce(t, topic, [{ entity: { customer_id: 'c-1' }, timestamp: ts, fields: { amount: 2 } }]);

    await eventually(async () => {
      const { entities } = await reader.getOnlineFeatures({ tenantId: t, view: 'poisoned', entityIds: ['c-1'] });
      expect(entities[0]!.features['amount_sum_1h']!.value).toBe(3);
    });
    // The two sit on different partitions (their keys differ), so they may be parked in either order.
    const reasons = await eventually(() => {
      const list = deadLetters.filter((d) => (JSON.parse(d.value) as { tenantId: string }).tenantId === t).map((d) => d.reason);
      expect(list).toHaveLength(2);
      return list.sort();
    });
    expect(reasons[0]).toBe('event has no "customer_id" in "entity", which feature view "poisoned" needs to key its entity (it has "store")');
    expect(reasons[1]).toMatch(/^invalid stream\.event payload: timestamp: /);
  });

  it('loses nothing and counts nothing twice across a consumer restart that redelivers every applied offset', async () => {
    const t = tenant('stream-restart');
    const specs: AggregationSpec[] = [
      { name: 'amount_sum_1h', fn: 'sum', field: 'amount', window: '1h' },
      { name: 'amount_count_1h', fn: 'count', field: 'amount', window: '1h' },
      { name: 'sku_distinct_count_1h', fn: 'distinct_count', field: 'sku', window: '1h' },
      { name: 'status_last_1h', fn: 'last', field: 'status', window: '1h' },
    ];
    await defineView(t, 'spend-r', restartTopic, [
      { column: 'amount', fn: 'sum', windows: ['1h'] },
      { column: 'amount', fn: 'count', windows: ['1h'] },
      { column: 'sku', fn: 'distinct_count', windows: ['1h'] },
      { column: 'status', fn: 'last', windows: ['1h'] },
    ]);
    const full = eventLog(11, { 'c-1': [50, 2], 'c-2': [45, 2] }, 24);
    const firstHalf = new Map([...full].map(([c, list]) => [c, list.slice(0, 12)]));
    const secondHalf = [...full].flatMap(([, list]) => list.slice(12));
    await produce(t, restartTopic, [...firstHalf.values()].flat());
    const accepted = (logs: Map<string, StreamEventPayload[]>) =>
      [...logs.values()].map((list) => acceptEvents(list.map((p) => ({ eventTime: p.timestamp, values: p.fields })), lateness).accepted.length).reduce((a, b) => a + b);
    await expectParity(t, 'spend-r', specs, firstHalf);
    expect(await counted(restartTopic, 'applied')).toBe(accepted(firstHalf));

    await app.close();
    // While the consumer is down: more events, and its group rewound to the start of the topic, so
    // every offset it already applied is delivered again (as after a crash before any commit).
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const definition = streamEventMessage(restartTopic);
    for (const payload of secondHalf) {
      const value = { id: randomUUID(), type: definition.type, version: 1, tenantId: t, occurredAt: new Date().toISOString(), payload };
      await producer.send({ topic: restartTopic, messages: [{ key: definition.key(payload, t), value: JSON.stringify(value) }] });
    }
    await producer.disconnect();
    await admin.resetOffsets({ groupId: config.FEATURE_STREAM_GROUP, topic: restartTopic, earliest: true });
    await start();

    await expectParity(t, 'spend-r', specs, full);
    // The new consumer applied only what the first had not (each once); everything else it was handed again was recognised.
    expect(await counted(restartTopic, 'applied')).toBe(accepted(full) - accepted(firstHalf));
    expect(await counted(restartTopic, 'duplicate')).toBeGreaterThanOrEqual(24);
  });
});
