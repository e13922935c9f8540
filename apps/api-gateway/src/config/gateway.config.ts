import { CommonEnv, JwtEnv, KafkaEnv, ServiceAddressEnv } from '@foresight/platform';
import { z } from 'zod';

export const GatewayEnv = {
  ...CommonEnv,
  GATEWAY_PORT: z.coerce.number().int().min(1).max(65535).default(8080).describe('Port of the public REST/GraphQL/WebSocket door'),
  ...JwtEnv,
  ...KafkaEnv,
  ...ServiceAddressEnv,
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(32 * 1024 * 1024).describe('Largest accepted request body in bytes (inline training rows)'),
  DATASET_MAX_UPLOAD_BYTES: z.coerce.number().int().min(1024).default(512 * 1024 * 1024).describe('Largest dataset upload in bytes (streamed, never buffered); larger ones get 413'),
  DATASET_UPLOAD_TIMEOUT_MS: z.coerce.number().int().min(1000).default(30 * 60 * 1000).describe('Deadline of one dataset upload, body transfer included'),
};
export type GatewayConfig = z.infer<z.ZodObject<typeof GatewayEnv>>;
