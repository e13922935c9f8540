import { MAX_INLINE_ROWS } from '@foresight/contracts';
import { CommonEnv, DatabaseEnv, grpcPortEnv, httpPortEnv, KafkaEnv, ServiceAddressEnv } from '@foresight/platform';
import { z } from 'zod';

export const TrainingOrchestratorEnv = {
  ...CommonEnv,
  ...httpPortEnv(8083),
  ...grpcPortEnv(50053),
  ...DatabaseEnv,
  ...KafkaEnv,
  MODEL_REGISTRY_GRPC: ServiceAddressEnv.MODEL_REGISTRY_GRPC,
  FEATURE_STORE_GRPC: ServiceAddressEnv.FEATURE_STORE_GRPC,
  UPSTREAM_TIMEOUT_MS: ServiceAddressEnv.UPSTREAM_TIMEOUT_MS,
  TRAINING_WORKERS: z.coerce.number().int().min(0).max(16).default(1).describe('Training jobs run at once by this process (0 = API only)'),
  TRAINING_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3).describe('Attempts before a job is failed for good'),
  TRAINING_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6000).max(300_000).default(60_000).describe('Kafka session timeout of the workers: how soon a dead worker\'s jobs are redelivered'),
  RETRAINING_SCHEDULER_TICK_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000).describe('How often this replica looks for due retraining schedules (0 = never); a run starts within one tick of its time'),
  TRAINING_LEASE_MS: z.coerce.number().int().min(1000).default(10_000).describe('A running job whose worker has not renewed its lease for this long is presumed orphaned and taken over'),
  // Limits every tenant gets; the inline-row cap of the contract (MAX_INLINE_ROWS) stays the ceiling above TRAINING_MAX_ROWS.
  TRAINING_MAX_ROWS: z.coerce.number().int().min(10).max(MAX_INLINE_ROWS).default(MAX_INLINE_ROWS).describe('Most dataset rows one job may bring; a bigger job is refused at submit with 413'),
  TRAINING_JOB_TIMEOUT_MS: z.coerce.number().int().min(1000).default(3_600_000).describe('A job still training this long after its worker started it is stopped like a cancel and failed as "timed out"'),
  TRAINING_MAX_CONCURRENT_PER_TENANT: z.coerce.number().int().min(1).max(64).default(2).describe('Jobs of one tenant running at once; the tenant\'s others wait queued, oldest first, while other tenants\' jobs run'),
};
export type TrainingOrchestratorConfig = z.infer<z.ZodObject<typeof TrainingOrchestratorEnv>>;
