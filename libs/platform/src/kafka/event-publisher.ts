import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Envelope, MessageDefinition } from '@foresight/contracts';
import { CompressionTypes, Partitioners, type IHeaders, type Kafka, type Producer } from 'kafkajs';
import type { z } from 'zod';
import { HealthRegistry } from '../health/health.registry';
import { currentTraceparent } from '../telemetry/trace-context';
import { KAFKA, KafkaHeaders } from './kafka.tokens';

export interface OutgoingEvent<P> {
  tenantId: string;
  payload: P;
  /** Overrides the definition's key (rarely needed). */
  key?: string;
}

/**
 * Publishes enveloped, schema-checked messages with an idempotent producer (acks=all, no
 * duplicates on retry), so nothing a caller was told is accepted is lost or doubled.
 */
@Injectable()
export class EventPublisher implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(EventPublisher.name);
  private readonly producer: Producer;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly health: HealthRegistry,
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  async onModuleInit(): Promise<void> {
    await this.producer.connect();
    const admin = this.kafka.admin();
    await admin.connect();
    this.health.register('kafka', () => admin.describeCluster());
    this.adminDisconnect = () => admin.disconnect();
  }

  private adminDisconnect: () => Promise<void> = async () => undefined;

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect().catch((err) => this.logger.warn({ err }, 'producer disconnect failed'));
    await this.adminDisconnect().catch(() => undefined);
  }

  async publish<S extends z.ZodType>(def: MessageDefinition<S>, event: OutgoingEvent<z.infer<S>>): Promise<Envelope<z.infer<S>>> {
    const [envelope] = await this.publishMany(def, [event]);
    return envelope!;
  }

  /** One produce request for many messages of one kind (the batched, off-hot-path logger uses it). */
  async publishMany<S extends z.ZodType>(def: MessageDefinition<S>, events: OutgoingEvent<z.infer<S>>[]): Promise<Envelope<z.infer<S>>[]> {
    if (events.length === 0) return [];
    const traceparent = currentTraceparent();
    const envelopes = events.map((e) => this.envelope(def, e, traceparent));
    await this.producer.send({
      topic: def.topic,
      compression: CompressionTypes.None,
      messages: envelopes.map((env, i) => ({
        key: events[i]!.key ?? def.key(env.payload, env.tenantId),
        value: JSON.stringify(env),
        headers: { [KafkaHeaders.TenantId]: env.tenantId, [KafkaHeaders.MessageType]: env.type },
      })),
    });
    return envelopes;
  }

  /** Forwards a message that could not be processed to its dead-letter topic, untouched. */
  async sendRaw(topic: string, message: { key: Buffer | string | null; value: Buffer | string | null; headers: IHeaders }): Promise<void> {
    await this.producer.send({ topic, messages: [message] });
  }

  private envelope<S extends z.ZodType>(def: MessageDefinition<S>, event: OutgoingEvent<z.infer<S>>, traceparent?: string): Envelope<z.infer<S>> {
    const checked = def.payload.safeParse(event.payload);
    if (!checked.success) {
      // A producer sending a malformed payload is a bug in our code, not bad user input.
      throw new Error(`Refusing to publish invalid ${def.type}: ${checked.error.message}`);
    }
    return {
      id: randomUUID(),
      type: def.type,
      version: def.version,
      tenantId: event.tenantId,
      occurredAt: new Date().toISOString(),
      ...(traceparent ? { traceparent } : {}),
      payload: checked.data,
    };
  }
}
