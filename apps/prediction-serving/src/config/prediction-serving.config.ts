import { CommonEnv, grpcPortEnv, httpPortEnv, KafkaEnv, RedisEnv, ServiceAddressEnv } from '@foresight/platform';
import { z } from 'zod';

export const PredictionServingEnv = {
  ...CommonEnv,
  ...httpPortEnv(8084),
  ...grpcPortEnv(50054),
  ...RedisEnv,
  ...KafkaEnv,
  MODEL_REGISTRY_GRPC: ServiceAddressEnv.MODEL_REGISTRY_GRPC,
  UPSTREAM_TIMEOUT_MS: ServiceAddressEnv.UPSTREAM_TIMEOUT_MS,
  PREDICTION_LOG_FLUSH_MS: z.coerce.number().int().min(1).max(10_000).default(50).describe('Max delay before logged predictions go to Kafka'),
  PREDICTION_LOG_MAX_BATCH: z.coerce.number().int().min(1).max(10_000).default(500).describe('Logged predictions per Kafka produce request'),
  INSTANCE_ID: z.string().optional().describe('Stable replica id (pod name); defaults to host name + gRPC port'),
};
export type PredictionServingConfig = z.infer<z.ZodObject<typeof PredictionServingEnv>>;
