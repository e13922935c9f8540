import { CommonEnv, DatabaseEnv, grpcPortEnv, httpPortEnv, KafkaEnv, RedisEnv } from '@foresight/platform';
import type { z } from 'zod';
import { StreamingEnv } from '../streaming/streaming.config';

export const FeatureStoreEnv = {
  ...CommonEnv,
  ...httpPortEnv(8081),
  ...grpcPortEnv(50051),
  ...DatabaseEnv,
  ...RedisEnv,
  ...KafkaEnv,
  ...StreamingEnv,
};
export type FeatureStoreConfig = z.infer<z.ZodObject<typeof FeatureStoreEnv>>;
