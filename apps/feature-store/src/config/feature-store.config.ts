import { CommonEnv, DatabaseEnv, grpcPortEnv, httpPortEnv, KafkaEnv, RedisEnv } from '@foresight/platform';
import type { z } from 'zod';

export const FeatureStoreEnv = {
  ...CommonEnv,
  ...httpPortEnv(8081),
  ...grpcPortEnv(50051),
  ...DatabaseEnv,
  ...RedisEnv,
  ...KafkaEnv,
};
export type FeatureStoreConfig = z.infer<z.ZodObject<typeof FeatureStoreEnv>>;
