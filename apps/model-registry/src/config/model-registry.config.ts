import { CommonEnv, DatabaseEnv, grpcPortEnv, httpPortEnv, KafkaEnv } from '@foresight/platform';
import type { z } from 'zod';

export const ModelRegistryEnv = {
  ...CommonEnv,
  ...httpPortEnv(8082),
  ...grpcPortEnv(50052),
  ...DatabaseEnv,
  ...KafkaEnv,
};
export type ModelRegistryConfig = z.infer<z.ZodObject<typeof ModelRegistryEnv>>;
