import { CommonEnv, DatabaseEnv, grpcPortEnv, httpPortEnv, KafkaEnv, RedisEnv } from '@foresight/platform';
import type { z } from 'zod';

export const RecommendationEnv = {
  ...CommonEnv,
  ...httpPortEnv(8085),
  ...grpcPortEnv(50055),
  ...DatabaseEnv,
  ...RedisEnv,
  ...KafkaEnv,
};
export type RecommendationConfig = z.infer<z.ZodObject<typeof RecommendationEnv>>;
