import { Injectable } from '@nestjs/common';

export type HealthCheck = () => Promise<unknown>;

export interface HealthReport {
  status: 'ok' | 'error';
  checks: Record<string, { status: 'up' | 'down'; latencyMs: number; error?: string }>;
}

const CHECK_TIMEOUT_MS = 2000;

/**
 * Readiness = every real dependency answers. Modules that own a dependency (Prisma, Redis,
 * Kafka, upstream gRPC services) register a check for it.
 */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();
  private readonly listeners = new Set<(ready: boolean) => void>();

  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  onChange(listener: (ready: boolean) => void): void {
    this.listeners.add(listener);
  }

  async report(): Promise<HealthReport> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => {
        const started = performance.now();
        try {
          await withTimeout(check(), CHECK_TIMEOUT_MS);
          return [name, { status: 'up' as const, latencyMs: round(performance.now() - started) }] as const;
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          return [name, { status: 'down' as const, latencyMs: round(performance.now() - started), error: message }] as const;
        }
      }),
    );
    const checks = Object.fromEntries(entries);
    const ready = entries.every(([, c]) => c.status === 'up');
    this.listeners.forEach((l) => l(ready));
    return { status: ready ? 'ok' : 'error', checks };
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
