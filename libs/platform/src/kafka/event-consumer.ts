import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { deadLetterTopic, EnvelopeSchema, type Envelope, type MessageDefinition } from '@foresight/contracts';
import type { Batch, Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span, type TextMapGetter } from '@opentelemetry/api';
import type { z } from 'zod';
import { runWithContext } from '../context/request-context';
import { isPermanentDomainError } from '../errors/domain.exception';
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

/** One message at a time, in partition order. */
export interface EventHandler<S extends z.ZodType = z.ZodType> {
  kind: 'each';
  definition: MessageDefinition<S>;
  handle: (payload: z.infer<S>, ctx: HandlerContext) => Promise<void>;
}

/** Every valid message of a fetched batch at once (e.g. one multi-row insert); must be idempotent. */
export interface BatchEventHandler<S extends z.ZodType = z.ZodType> {
  kind: 'batch';
  definition: MessageDefinition<S>;
  handle: (items: Array<{ payload: z.infer<S>; envelope: Envelope }>) => Promise<void>;
}

type AnyHandler = EventHandler<any> | BatchEventHandler<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const on = <S extends z.ZodType>(definition: MessageDefinition<S>, handle: EventHandler<S>['handle']): EventHandler<S> => ({
  kind: 'each',
  definition,
  handle,
});

export const onBatch = <S extends z.ZodType>(definition: MessageDefinition<S>, handle: BatchEventHandler<S>['handle']): BatchEventHandler<S> => ({
  kind: 'batch',
  definition,
  handle,
});

export interface SubscriptionOptions {
  groupId: string;
  handlers: AnyHandler[];
  fromBeginning?: boolean;
  /** Attempts per message (or batch) before it is dead-lettered (default 5). */
  maxAttempts?: number;
  /** Partitions handled at once (default 1). Order is kept within a partition either way. */
  partitionsConsumedConcurrently?: number;
  sessionTimeoutMs?: number;
  /**
   * How long a rebalance waits for members to rejoin (default 60 s). A replacement for a crashed
   * member that joins before the dead one's session expired waits this long for it.
   */
  rebalanceTimeoutMs?: number;
  /** Called each time the consumer has joined its group (and so will see new messages). */
  onJoined?: () => void;
  /**
   * Cheap test on the raw key before anything is parsed; messages it rejects are marked done
   * unhandled (e.g. live pushes for a tenant/model nobody is watching).
   */
  wants?: (key: string | null) => boolean;
}

/** A message that can never succeed: it is parked at once instead of retried. */
class PoisonMessage extends Error {}

interface Decoded {
  message: KafkaMessage;
  envelope: Envelope;
  handler: AnyHandler;
  payload: unknown;
  /** The message's own processing span, child of the producer's trace (from the headers). */
  span: Span;
  spanContext: Context;
}

const headerGetter: TextMapGetter<KafkaMessage['headers']> = {
  keys: (carrier) => Object.keys(carrier ?? {}),
  get: (carrier, key) => {
    const value = carrier?.[key];
    return Array.isArray(value) ? value.map(String) : value === undefined ? undefined : String(value);
  },
};

const tracer = trace.getTracer('foresight-kafka-consumer');

/**
 * Consumer groups that mark a message done only after its handler succeeded (offsets are then
 * committed in the background every second or 100 messages, never ahead of the handling), retry
 * infrastructure failures with backoff, and park what still fails — or can never succeed: it
 * does not parse, or its handler raised a domain error — on `<topic>.dlq` with the reason. A crash replays at most the uncommitted tail, so handlers are idempotent.
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
      rebalanceTimeout: options.rebalanceTimeoutMs ?? 60_000,
      heartbeatInterval: 3000,
      allowAutoTopicCreation: false,
      // Long poll: the broker answers as soon as data arrives, so this bounds idle fetching (and
      // shutdown time), not latency; 100 ms cost ~3% of a core per idle consumer.
      maxWaitTimeInMs: 1000,
    });
    this.consumers.push(consumer);
    if (options.onJoined) consumer.on(consumer.events.GROUP_JOIN, options.onJoined);
    await consumer.connect();
    const topics = [...new Set(options.handlers.map((h) => h.definition.topic))];
    await consumer.subscribe({ topics, fromBeginning: options.fromBeginning ?? false });
    await consumer.run({
      autoCommit: true,
      autoCommitInterval: 1000,
      autoCommitThreshold: 100,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.processBatch(options, payload),
    });
    return consumer;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.disconnect().catch(() => undefined)));
  }

  private async processBatch(options: SubscriptionOptions, payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary } = payload;
    const decoded: Decoded[] = [];
    for (const message of batch.messages) {
      if (options.wants && !options.wants(message.key?.toString() ?? null)) continue;
      try {
        decoded.push({ message, ...this.decode(options, batch.topic, message.value), ...this.startSpan(options, batch, message) });
      } catch (error) {
        await this.deadLetter(options, batch, message, error, 0);
      }
    }

    try {
      // Batch handlers take all their messages at once; the rest go one by one, in order.
      const batchItems = decoded.filter((d) => d.handler.kind === 'batch');
      if (batchItems.length > 0) await this.handleBatch(options, batch, batchItems, heartbeat);
      for (const item of decoded) {
        if (!isRunning() || isStale()) return;
        if (item.handler.kind === 'each') await context.with(item.spanContext, () => this.handleOne(options, batch, item, heartbeat));
        item.span.end();
        resolveOffset(item.message.offset);
      }
    } finally {
      for (const item of decoded) if (item.span.isRecording()) item.span.end();
    }
    const last = batch.messages.at(-1);
    if (last && isRunning() && !isStale()) resolveOffset(last.offset);
    await commitOffsetsIfNecessary();
  }

  private async handleOne(options: SubscriptionOptions, batch: Batch, item: Decoded, heartbeat: () => Promise<void>): Promise<void> {
    const handler = item.handler as EventHandler;
    const maxAttempts = options.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        await runWithContext({ requestId: item.envelope.id, tenantId: item.envelope.tenantId }, () =>
          handler.handle(item.payload, { envelope: item.envelope, heartbeat, partition: batch.partition, offset: item.message.offset }),
        );
        this.metrics.kafkaConsumed.labels(batch.topic, attempt === 1 ? 'ok' : 'retried').inc();
        return;
      } catch (error) {
        // A domain error (unknown model, missing artifact, invalid data) will not change on retry.
        if (attempt >= maxAttempts || isPermanentDomainError(error)) {
          item.span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
          return this.deadLetter(options, batch, item.message, error, attempt);
        }
        this.logger.warn(
          { err: error, topic: batch.topic, partition: batch.partition, offset: item.message.offset, attempt, tenantId: item.envelope.tenantId },
          'handler failed, retrying',
        );
        await sleep(Math.min(100 * 2 ** (attempt - 1), 5000));
        await heartbeat();
      }
    }
  }

  /** Retries the whole batch; if it keeps failing, falls back to one message at a time to isolate the culprit. */
  private async handleBatch(options: SubscriptionOptions, batch: Batch, items: Decoded[], heartbeat: () => Promise<void>): Promise<void> {
    const handler = items[0]!.handler as BatchEventHandler;
    const maxAttempts = options.maxAttempts ?? 5;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        await handler.handle(items.map((i) => ({ payload: i.payload, envelope: i.envelope })));
        this.metrics.kafkaConsumed.labels(batch.topic, attempt === 1 ? 'ok' : 'retried').inc(items.length);
        return;
      } catch (error) {
        this.logger.warn({ err: error, topic: batch.topic, partition: batch.partition, size: items.length, attempt }, 'batch handler failed, retrying');
        await sleep(Math.min(100 * 2 ** (attempt - 1), 5000));
        await heartbeat();
      }
    }
    for (const item of items) {
      try {
        await handler.handle([{ payload: item.payload, envelope: item.envelope }]);
      } catch (error) {
        await this.deadLetter(options, batch, item.message, error, maxAttempts);
      }
    }
  }

  private startSpan(options: SubscriptionOptions, batch: Batch, message: KafkaMessage): { span: Span; spanContext: Context } {
    const parent = propagation.extract(ROOT_CONTEXT, message.headers, headerGetter);
    const span = tracer.startSpan(
      `${batch.topic} process`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.destination.name': batch.topic,
          'messaging.consumer.group.name': options.groupId,
          'messaging.kafka.offset': message.offset,
          'messaging.destination.partition.id': String(batch.partition),
        },
      },
      parent,
    );
    return { span, spanContext: trace.setSpan(parent, span) };
  }

  private decode(options: SubscriptionOptions, topic: string, value: Buffer | null): Omit<Decoded, 'message' | 'span' | 'spanContext'> {
    let raw: unknown;
    try {
      raw = JSON.parse(value?.toString('utf8') ?? '');
    } catch {
      throw new PoisonMessage('value is not JSON');
    }
    const env = EnvelopeSchema.safeParse(raw);
    if (!env.success) throw new PoisonMessage(`invalid envelope: ${issues(env.error.issues)}`);
    const handler = options.handlers.find((h) => h.definition.topic === topic && h.definition.type === env.data.type);
    if (!handler) throw new PoisonMessage(`no handler for message type "${env.data.type}" v${env.data.version} on ${topic}`);
    const payload = handler.definition.payload.safeParse(env.data.payload);
    if (!payload.success) throw new PoisonMessage(`invalid ${env.data.type} payload: ${issues(payload.error.issues)}`);
    return { envelope: env.data as Envelope, handler, payload: payload.data };
  }

  private async deadLetter(options: SubscriptionOptions, batch: Batch, message: KafkaMessage, error: unknown, attempts: number): Promise<void> {
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.error({ topic: batch.topic, partition: batch.partition, offset: message.offset, reason, attempts }, 'message dead-lettered');
    this.metrics.kafkaConsumed.labels(batch.topic, 'dead_lettered').inc();
    await this.publisher.sendRaw(deadLetterTopic(batch.topic), {
      key: message.key,
      value: message.value,
      headers: {
        ...message.headers,
        [KafkaHeaders.DlqReason]: reason.slice(0, 2000),
        [KafkaHeaders.DlqSourceTopic]: batch.topic,
        [KafkaHeaders.DlqSourcePartition]: String(batch.partition),
        [KafkaHeaders.DlqSourceOffset]: message.offset,
        [KafkaHeaders.DlqConsumerGroup]: options.groupId,
        [KafkaHeaders.DlqAttempts]: String(attempts),
        [KafkaHeaders.DlqFailedAt]: new Date().toISOString(),
      },
    });
  }
}

const issues = (list: ReadonlyArray<{ path: PropertyKey[]; message: string }>) =>
  list.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ');
