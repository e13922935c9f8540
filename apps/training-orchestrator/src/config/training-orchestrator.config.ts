import { CommonEnv, DatabaseEnv, grpcPortEnv, httpPortEnv, KafkaEnv, ServiceAddressEnv } from '@foresight/platform';
import { z } from 'zod';

export const TrainingOrchestratorEnv = {
  ...CommonEnv,
  ...httpPortEnv(8083),
  ...grpcPortEnv(50053),
  ...DatabaseEnv,
  ...KafkaEnv,
  MODEL_REGISTRY_GRPC: ServiceAddressEnv.MODEL_REGISTRY_GRPC,
  UPSTREAM_TIMEOUT_MS: ServiceAddressEnv.UPSTREAM_TIMEOUT_MS,
  TRAINING_WORKERS: z.coerce.number().int().min(0).max(16).default(1).describe('Training jobs run at once by this process (0 = API only)'),
  TRAINING_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3).describe('Attempts before a job is failed for good'),
  TRAINING_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6000).max(300_000).default(60_000).describe('Kafka session timeout of the workers: how soon a dead worker\'s jobs are redelivered'),
  TRAINING_LEASE_MS: z.coerce.number().int().min(1000).default(10_000).describe('A running job whose worker has not renewed its lease for this long is presumed orphaned and taken over'),
};
export type TrainingOrchestratorConfig = z.infer<z.ZodObject<typeof TrainingOrchestratorEnv>>;
