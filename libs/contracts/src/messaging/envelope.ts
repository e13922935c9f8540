import { z } from 'zod';
import { TenantIdSchema } from '../auth/roles';

/** Every Kafka message is this envelope; `payload` is validated by the message's own schema. */
export const EnvelopeSchema = z.object({
  id: z.string().uuid(),
  type: z.string().min(1),
  version: z.number().int().positive(),
  tenantId: TenantIdSchema,
  occurredAt: z.iso.datetime({ offset: true }),
  traceparent: z.string().optional(),
  payload: z.unknown(),
});
export type Envelope<P = unknown> = Omit<z.infer<typeof EnvelopeSchema>, 'payload'> & { payload: P };

/**
 * A message kind: its topic, type name, schema version, payload schema and partition key
 * (the key keeps one entity's or model's messages in order).
 */
export interface MessageDefinition<S extends z.ZodType = z.ZodType> {
  topic: string;
  type: string;
  version: number;
  payload: S;
  key: (payload: z.infer<S>, tenantId: string) => string;
}

export const defineMessage = <S extends z.ZodType>(def: MessageDefinition<S>): MessageDefinition<S> => def;

export type PayloadOf<M> = M extends MessageDefinition<infer S> ? z.infer<S> : never;
