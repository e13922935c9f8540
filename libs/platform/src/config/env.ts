import { z } from 'zod';

/**
 * Environment variables, declared once with their defaults and meaning. Each app composes the
 * pieces it needs into one schema, parsed once at boot by `loadConfig`.
 */
const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');
const secret = <T extends z.ZodType>(schema: T) => schema.meta({ secret: true });

export const CommonEnv = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development').describe('Runtime mode'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('Log level'),
  LOG_PRETTY: flag(false).describe('Human-readable logs instead of JSON lines'),
  HOST: z.string().default('127.0.0.1').describe('Interface the HTTP and gRPC servers bind to'),
};

export const httpPortEnv = (fallback: number) => ({ HTTP_PORT: port(fallback).describe('HTTP port (health, metrics, REST)') });
export const grpcPortEnv = (fallback: number) => ({ GRPC_PORT: port(fallback).describe('gRPC port') });

export const DatabaseEnv = {
  DATABASE_URL: secret(z.string().url().default('postgresql://postgres@127.0.0.1:5432/foresight')).describe('PostgreSQL URL'),
};

export const RedisEnv = {
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379').describe('Redis URL'),
};

export const KafkaEnv = {
  KAFKA_BROKERS: z
    .string()
    .default('127.0.0.1:19092')
    .transform((s) => s.split(',').map((b) => b.trim()).filter(Boolean))
    .describe('Comma-separated Kafka bootstrap brokers'),
};

export const JwtEnv = {
  JWT_SECRET: secret(z.string().min(16)).default('foresight-dev-secret-change-me').describe('HS256 signing secret (local/dev)'),
  JWT_JWKS_URL: z.string().url().optional().describe('When set, tokens are RS256 verified against this JWKS'),
  JWT_ISSUER: z.string().optional().describe('Expected `iss` claim'),
  JWT_AUDIENCE: z.string().optional().describe('Expected `aud` claim'),
};

/** Where each service's gRPC server listens (the gateway and internal callers use these). */
export const ServiceAddressEnv = {
  FEATURE_STORE_GRPC: z.string().default('127.0.0.1:50051').describe('feature-store gRPC address'),
  MODEL_REGISTRY_GRPC: z.string().default('127.0.0.1:50052').describe('model-registry gRPC address'),
  TRAINING_GRPC: z.string().default('127.0.0.1:50053').describe('training-orchestrator gRPC address'),
  PREDICTION_SERVING_GRPC: z.string().default('127.0.0.1:50054').describe('prediction-serving gRPC address'),
  RECOMMENDATION_GRPC: z.string().default('127.0.0.1:50055').describe('recommendation gRPC address'),
  MONITORING_GRPC: z.string().default('127.0.0.1:50056').describe('monitoring gRPC address'),
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(50).max(120_000).default(5000).describe('Deadline of internal gRPC calls'),
};
