import { CommonEnv, DatabaseEnv, grpcPortEnv, httpPortEnv, KafkaEnv } from '@foresight/platform';
import type { z } from 'zod';

export const MonitoringEnv = {
  ...CommonEnv,
  ...httpPortEnv(8086),
  ...grpcPortEnv(50056),
  ...DatabaseEnv,
  ...KafkaEnv,
};
export type MonitoringConfig = z.infer<z.ZodObject<typeof MonitoringEnv>>;
