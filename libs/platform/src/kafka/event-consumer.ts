import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { deadLetterTopic, EnvelopeSchema, type Envelope, type MessageDefinition } from '@foresight/contracts';
import type { Consumer, EachMessagePayload, Kafka } from 'kafkajs';
import type { z } from 'zod';
import { runWithContext } from '../context/request-context';
import { MetricsService } from '../metrics/metrics.service';
import { EventPublisher } from './event-publisher';
import { KAFKA, KafkaHeaders } from './kafka.tokens';

export interface HandlerContext {
  envelope: Envelope;
  /** Long handlers call this so the group does not consider the consumer dead. */
  heartbeat: () => Promise<void>;
  partition: number;
  offset: string;
}

export interface EventHandler<S extends z.ZodType = z.ZodType> {
  definition: MessageDefinition<S>;
  handle: (payload: z.infer<S>, ctx: HandlerContext) => Promise<void>;
}

export const on = <S extends z.ZodType>(definition: MessageDefinition<S>, handle: EventHandler<S>['handle']): EventHandler<S> => ({
  definition,
  handle,
});

export interface SubscriptionOptions {
  groupId: string;
  handlers: EventHandler<any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  fromBeginning?: boolean;
  /** Attempts per message before it is dead-lettered (default 5). */
  maxAttempts?: number;
  /** Messages handled at once across partitions (default 1: ordered per partition anyway). */
  partitionsConsumedConcurrently?: number;
  sessionTimeoutMs?: number;
  /** Called each time the consumer has joined its group (and so will see new messages). */
  onJoined?: () => void;
}

/** A message that can never succeed: it is parked at once instead of retried. */
class PoisonMessage extends Error {}

/**
 * Consumer groups that commit an offset only after the handler succeeded, retry failures with
 * backoff, and park what still fails (or can never parse) on `<topic>.dlq` with the reason.
 */
@Injectable()
export class EventConsumers implements OnApplicationShutdown {
  private readonly logger = new Logger(EventConsumers.name);
  private readonly consumers: Consumer[] = [];

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly publisher: EventPublisher,
    private readonly metrics: MetricsService,
  ) {}

  async subscribe(options: SubscriptionOptions): Promise<Consumer> {
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: 3000,
      allowAutoTopicCreation: false,
    });
    this.consumers.push(consumer);
    if (options.onJoined) consumer.on(consumer.events.GROUP_JOIN, options.onJoined);
    await consumer.connect();
    const topics = [...new Set(options.handlers.map((h) => h.definition.topic))];
    await consumer.subscribe({ topics, fromBeginning: options.fromBeginning ?? false });
    await consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
      eachMessage: (payload) => this.process(consumer, options, payload),
    });
    return consumer;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.disconnect().catch(() => undefined)));
  }

  private async process(
    consumer: Consumer,
    options: SubscriptionOptions,
    { topic, partition, message, heartbeat }: EachMessagePayload,
  ): Promise<void> {
    const commit = () => consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
    let envelope: Envelope;
    let handler: EventHandler;
    let payload: unknown;
    try {
      ({ envelope, handler, payload } = this.decode(options, topic, message.value));
    } catch (error) {
      await this.deadLetter(options, topic, partition, message, error, 0);
      return commit();
    }

    const maxAttempts = options.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        await runWithContext({ requestId: envelope.id, tenantId: envelope.tenantId }, () =>
          handler.handle(payload, { envelope, heartbeat, partition, offset: message.offset }),
        );
        this.metrics.kafkaConsumed.labels(topic, attempt === 1 ? 'ok' : 'retried').inc();
        return commit();
      } catch (error) {
        if (error instanceof PoisonMessage || attempt >= maxAttempts) {
          await this.deadLetter(options, topic, partition, message, error, attempt);
          return commit();
        }
        this.logger.warn({ err: error, topic, partition, offset: message.offset, attempt, tenantId: envelope.tenantId }, 'handler failed, retrying');
        await sleep(Math.min(100 * 2 ** (attempt - 1), 5000));
        await heartbeat();
      }
    }
  }

  private decode(options: SubscriptionOptions, topic: string, value: Buffer | null) {
    let raw: unknown;
    try {
      raw = JSON.parse(value?.toString('utf8') ?? '');
    } catch {
      throw new PoisonMessage('value is not JSON');
    }
    const env = EnvelopeSchema.safeParse(raw);
    if (!env.success) throw new PoisonMessage(`invalid envelope: ${env.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const handler = options.handlers.find((h) => h.definition.topic === topic && h.definition.type === env.data.type);
    if (!handler) throw new PoisonMessage(`no handler for message type "${env.data.type}" v${env.data.version} on ${topic}`);
    const payload = handler.definition.payload.safeParse(env.data.payload);
    if (!payload.success) {
      throw new PoisonMessage(`invalid ${env.data.type} payload: ${payload.error.issues.map((i: { path: PropertyKey[]; message: string }) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    return { envelope: env.data as Envelope, handler, payload: payload.data };
  }

  private async deadLetter(
    options: SubscriptionOptions,
    topic: string,
    partition: number,
    message: EachMessagePayload['message'],
    error: unknown,
    attempts: number,
  ): Promise<void> {
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.error({ topic, partition, offset: message.offset, reason, attempts }, 'message dead-lettered');
    this.metrics.kafkaConsumed.labels(topic, 'dead_lettered').inc();
    await this.publisher.sendRaw(deadLetterTopic(topic), {
      key: message.key,
      value: message.value,
      headers: {
        ...message.headers,
        [KafkaHeaders.DlqReason]: reason.slice(0, 2000),
        [KafkaHeaders.DlqSourceTopic]: topic,
        [KafkaHeaders.DlqSourcePartition]: String(partition),
        [KafkaHeaders.DlqSourceOffset]: message.offset,
        [KafkaHeaders.DlqConsumerGroup]: options.groupId,
        [KafkaHeaders.DlqAttempts]: String(attempts),
        [KafkaHeaders.DlqFailedAt]: new Date().toISOString(),
      },
    });
  }
}
