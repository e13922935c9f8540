import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { grpc, InteractionBodySchema, InteractionRecorded } from '@foresight/contracts';
import { EventPublisher, parseOrThrow } from '@foresight/platform';

@Injectable()
export class InteractionsService {
  constructor(private readonly events: EventPublisher) {}

  /** Accepted once it is on Kafka (acks=all); the consumer indexes it asynchronously. */
  async record(tenantId: string, request: grpc.RecordInteractionRequest): Promise<grpc.RecordInteractionResponse> {
    const body = parseOrThrow(
      InteractionBodySchema,
      { userId: request.userId, itemId: request.itemId, ...(request.type ? { type: request.type } : {}), ...(request.occurredAt ? { occurredAt: request.occurredAt } : {}) },
      'request body',
    );
    const id = randomUUID();
    await this.events.publish(InteractionRecorded, {
      tenantId,
      payload: { id, userId: body.userId, itemId: body.itemId, type: body.type, occurredAt: body.occurredAt ?? new Date().toISOString() },
    });
    return { id, accepted: true };
  }
}
