import { randomUUID } from 'node:crypto';
import { defineMessage, deadLetterTopic, type MessageDefinition } from '@foresight/contracts';
import { Kafka, logLevel, type Admin, type Consumer } from 'kafkajs';
import { z } from 'zod';
import { HealthRegistry } from '../health/health.registry';
import { MetricsService } from '../metrics/metrics.service';
import { EventConsumers, on, onBatch } from './event-consumer';
import { EventPublisher } from './event-publisher';
import { KafkaHeaders } from './kafka.tokens';

// Integration: the project's real Kafka broker (KAFKA_BROKERS, started by tools/infra). Each run
// uses its own topic pair, so it can share the broker with every other test.
const brokers = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');

describe('EventConsumers (real Kafka)', () => {
  const kafka = new Kafka({ clientId: 'event-consumer-spec', brokers, logLevel: logLevel.NOTHING });
  const topic = `test.consumer.${randomUUID().slice(0, 8)}`;
  const Ping = defineMessage({
    topic,
    type: 'test.ping',
    version: 1,
    payload: z.object({ n: z.number().int() }),
    key: (p) => String(p.n),
  });
  let admin: Admin;
  let publisher: EventPublisher;
  let consumers: EventConsumers;
  const dlqMessages: Array<{ value: string; headers: Record<string, string> }> = [];
  let dlqConsumer: Consumer;

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }, { topic: deadLetterTopic(topic), numPartitions: 1 }], waitForLeaders: true });
    publisher = new EventPublisher(kafka, new HealthRegistry());
    await publisher.onModuleInit();
    consumers = new EventConsumers(kafka, publisher, new MetricsService());
    dlqConsumer = kafka.consumer({ groupId: `dlq-reader-${randomUUID()}`, maxWaitTimeInMs: 100 });
    await dlqConsumer.connect();
    await dlqConsumer.subscribe({ topic: deadLetterTopic(topic), fromBeginning: true });
    await dlqConsumer.run({
      eachMessage: async ({ message }) => {
        dlqMessages.push({
          value: message.value?.toString() ?? '',
          headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
        });
      },
    });
  });

  afterAll(async () => {
    await consumers.onApplicationShutdown();
    await dlqConsumer.disconnect();
    await publisher.onApplicationShutdown();
    await admin.deleteTopics({ topics: [topic, deadLetterTopic(topic)] }).catch(() => undefined);
    await admin.disconnect();
  });

  const until = async (check: () => boolean, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const committedOffset = async (groupId: string): Promise<number> => {
    const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return Number(entry?.partitions[0]?.offset ?? -1);
  };

  const publish = (def: MessageDefinition, n: number) => publisher.publish(def, { tenantId: 'spec-tenant', payload: { n } });

  it('handles messages, retries failures, and dead-letters poison and hopeless messages with the reason', async () => {
    const handled: number[] = [];
    const attempts = new Map<number, number>();
    await consumers.subscribe({
      groupId: `spec-${randomUUID()}`,
      fromBeginning: true,
      maxAttempts: 3,
      handlers: [
        on(Ping, async ({ n }) => {
          attempts.set(n, (attempts.get(n) ?? 0) + 1);
          if (n === 2 && attempts.get(n)! < 3) throw new Error('flaky dependency');
          if (n === 3) throw new Error('cannot ever handle 3');
          handled.push(n);
        }),
      ],
    });

    await publish(Ping, 1);
    await publisher.sendRaw(topic, { key: 'x', value: '{not json', headers: {} });
    await publisher.sendRaw(topic, { key: 'y', value: JSON.stringify({ id: randomUUID(), type: 'test.ping', version: 1, tenantId: 't', occurredAt: new Date().toISOString(), payload: { n: 'NaN' } }), headers: {} });
    await publish(Ping, 2);
    await publish(Ping, 3);
    await publish(Ping, 4);

    await until(() => handled.includes(4) && dlqMessages.length >= 3);
    expect(handled).toEqual([1, 2, 4]);
    expect(attempts.get(2)).toBe(3);
    expect(attempts.get(3)).toBe(3);

    const reasons = dlqMessages.map((m) => m.headers[KafkaHeaders.DlqReason]);
    expect(reasons).toEqual(['value is not JSON', expect.stringContaining('invalid test.ping payload: n:'), 'cannot ever handle 3']);
    const hopeless = dlqMessages[2]!;
    expect(hopeless.headers[KafkaHeaders.DlqAttempts]).toBe('3');
    expect(hopeless.headers[KafkaHeaders.DlqSourceTopic]).toBe(topic);
    expect(JSON.parse(hopeless.value).payload).toEqual({ n: 3 });
  });

  it('commits an offset only after its handler finished', async () => {
    const groupId = `spec-commit-${randomUUID()}`;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const seen: number[] = [];
    await publish(Ping, 100);
    const baseline = Number((await admin.fetchTopicOffsets(topic))[0]!.high) - 1; // offset of message 100
    await consumers.subscribe({
      groupId,
      fromBeginning: true,
      handlers: [
        on(Ping, async ({ n }) => {
          if (n !== 100) return;
          seen.push(n);
          await gate;
        }),
      ],
    });
    await until(() => seen.length === 1);
    await new Promise((r) => setTimeout(r, 1500)); // longer than the auto-commit interval
    expect(await committedOffset(groupId)).toBeLessThanOrEqual(baseline);
    release();
    const deadline = Date.now() + 10_000;
    while ((await committedOffset(groupId)) < baseline + 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await committedOffset(groupId)).toBe(baseline + 1);
  });

  it('gives batch handlers every valid message of a fetch at once', async () => {
    const batches: number[][] = [];
    const Batched = { ...Ping, type: 'test.ping.batched' } as typeof Ping;
    await consumers.subscribe({
      groupId: `spec-batch-${randomUUID()}`,
      fromBeginning: true,
      handlers: [onBatch(Batched, async (items) => void batches.push(items.map((i) => i.payload.n)))],
    });
    await publisher.publishMany(Batched, [500, 501, 502].map((n) => ({ tenantId: 'spec-tenant', payload: { n } })));
    await until(() => batches.flat().includes(502));
    expect(batches.flat().filter((n) => n >= 500)).toEqual([500, 501, 502]);
  });
});
