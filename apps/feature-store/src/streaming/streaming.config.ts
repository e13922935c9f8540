import { EventStreams, StreamTopicSchema } from '@foresight/contracts';
import { z } from 'zod';
import { parseDuration } from '../engine';

const positiveMs = (fallback: number, max: number) => z.coerce.number().int().min(10).max(max).default(fallback);

/**
 * The streaming aggregator's settings (see streaming.module.ts for the design). Streams are a fixed
 * list rather than a `^events\.` pattern: KafkaJS resolves a RegExp subscription once, at subscribe
 * time (topics created later are not picked up either way), the platform consumer dispatches by exact
 * topic, and a pattern would also match the `.dlq` companions.
 */
export const StreamingEnv = {
  FEATURE_STREAMS: z
    .string()
    .default(Object.values(EventStreams).join(','))
    .transform((s) => s.split(',').map((t) => t.trim()).filter(Boolean))
    .pipe(z.array(StreamTopicSchema))
    .describe('Comma-separated events.<domain> topics the feature store aggregates (empty = streaming off); they must exist'),
  FEATURE_STREAM_GROUP: z.string().min(1).default('feature-store.streaming').describe('Consumer group of the streaming aggregator'),
  FEATURE_STREAM_ALLOWED_LATENESS: z
    .string()
    .default('10m')
    .refine((d) => {
      try {
        return parseDuration(d) > 0;
      } catch {
        return false;
      }
    }, 'must be a duration such as "30s", "10m", "1h"')
    .describe('How far behind the latest event of an entity an event may arrive and still count (the batch path must use the same)'),
  FEATURE_STREAM_REFRESH_MS: positiveMs(250, 60_000).describe('How often windows that slid past a bucket boundary are re-read into the online store (bounds their staleness)'),
  FEATURE_STREAM_DEFINITIONS_POLL_MS: positiveMs(2000, 600_000).describe('How often the cached stream view definitions are checked for changes in PostgreSQL'),
  FEATURE_STREAM_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(3).describe('Partitions handled at once (order is kept within a partition)'),
};
export type StreamingConfig = z.infer<z.ZodObject<typeof StreamingEnv>>;
