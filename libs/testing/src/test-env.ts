import { randomUUID } from 'node:crypto';

/** Tests use their own database so a running demo stack is never disturbed. */
export const TEST_DATABASE_URL = process.env['TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/foresight_test';
export const TEST_REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
export const TEST_KAFKA_BROKERS = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:19092';
export const TEST_JWT_SECRET = 'foresight-test-secret-0123456789';

/** A tenant id of its own per test, so tests can share infrastructure and run in parallel. */
export const uniqueTenant = (prefix = 't'): string => `${prefix}-${randomUUID().slice(0, 8)}`;

/** Retries `check` until it stops throwing (or `timeoutMs` passes, then rethrows its last error). */
export async function eventually<T>(check: () => Promise<T> | T, { timeoutMs = 15_000, intervalMs = 100 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}
