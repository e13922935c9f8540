import { z } from 'zod';
import { StreamTopicSchema } from '../../rest/features';
import { defineMessage, type MessageDefinition } from '../envelope';

/** A join-key value: what an entity id is made of (see the feature-store client's `entityIdOf`). */
const JoinKeyValueSchema = z.union([z.string().min(1).max(1024), z.number().finite(), z.boolean()]);

/** An event field: a scalar or null (null and absent both read as "not present" to aggregations). */
const EventFieldSchema = z.union([z.string().max(4096), z.number().finite(), z.boolean(), z.null()]);

/** Epoch milliseconds between 1970 and 2286, or ISO-8601 with an offset. */
const EventTimestampSchema = z.union([z.iso.datetime({ offset: true }), z.number().int().min(0).max(9_999_999_999_999)]);

/**
 * One business event on `events.<domain>` (e.g. an order placed), in the platform envelope, whose
 * `tenantId` says whose it is. Feature views with `source: { stream: "events.<domain>" }` aggregate
 * its `fields` over time windows, per entity:
 *   - `entity` holds the join-key values (`{ customer_id: "c-42" }`); each view takes the keys of its
 *     own entity from it (an event without one of them is dead-lettered). Its values are also
 *     readable as fields, so a view may aggregate a join key of another entity.
 *   - `entityId` instead names the entity directly (the id as the online store keys it: the value of
 *     a single join key, the JSON array of a composite one).
 *   - `timestamp` is the event time the windows use (not the time it was sent).
 *   - `id` is the producer's own id, for tracing; exactly-once rests on Kafka offsets, not on it.
 * The message key is `<tenant>/<entity>`, so one entity's events keep their order on one partition.
 */
export const StreamEventPayloadSchema = z
  .object({
    id: z.string().min(1).max(256).optional(),
    entity: z
      .record(z.string().min(1).max(256), JoinKeyValueSchema)
      .refine((e) => Object.keys(e).length > 0, 'must hold at least one join key')
      .refine((e) => Object.keys(e).length <= 16, 'must hold at most 16 join keys')
      .optional(),
    entityId: z.string().min(1).max(1024).optional(),
    timestamp: EventTimestampSchema,
    fields: z
      .record(z.string().min(1).max(256), EventFieldSchema)
      .refine((f) => Object.keys(f).length <= 1000, 'must hold at most 1000 fields')
      .default({}),
  })
  .strict()
  .refine((p) => (p.entity === undefined) !== (p.entityId === undefined), { message: 'must name the entity by exactly one of "entity" and "entityId"', path: ['entity'] });
export type StreamEventPayload = z.infer<typeof StreamEventPayloadSchema>;

export const STREAM_EVENT_TYPE = 'stream.event';

/** `{ b: 1, a: 2 }` and `{ a: 2, b: 1 }` are one entity: keys sorted, so both land on one partition. */
const entityKey = (p: StreamEventPayload): string =>
  p.entityId ?? JSON.stringify(Object.entries(p.entity ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** The message definition of one stream topic (`events.<domain>`); every stream shares the payload. */
export function streamEventMessage(topic: string): MessageDefinition<typeof StreamEventPayloadSchema> {
  return defineMessage({
    topic: StreamTopicSchema.parse(topic),
    type: STREAM_EVENT_TYPE,
    version: 1,
    payload: StreamEventPayloadSchema,
    key: (p, tenantId) => `${tenantId}/${entityKey(p)}`,
  });
}
