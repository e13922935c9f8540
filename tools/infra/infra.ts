/**
 * Local infrastructure for development and tests: a real Kafka broker (KRaft) plus PostgreSQL and Redis.
 * Services that already answer are reused and never stopped; only what `up` started is recorded in
 * .data/infra/state.json, and only that is stopped by `down`.
 *
 *   import { up, down, status } from '../tools/infra/infra';
 *   await up({ databases: ['foresight_test'] });
 */
import { errorMessage, type ComponentStatus, type EnsureResult, type UpContext } from './component';
import { loadConfig, type InfraConfig } from './config';
import { ensureKafka, kafkaStatus } from './kafka';
import { ensurePostgres, postgresStatus } from './postgres';
import { isManagedAlive, stopManaged } from './processes';
import { Progress, silentSink, type ProgressSink } from './progress';
import { ensureRedis, redisStatus } from './redis';
import { COMPONENTS, readState, withLock, writeState, type ComponentName } from './state';

export type { ComponentStatus } from './component';
export type { ComponentName } from './state';

export interface UpOptions {
  /** Databases to ensure besides the one named in DATABASE_URL (tests use their own, e.g. foresight_test). */
  readonly databases?: readonly string[];
  /** How long each service may take to become ready; default 90 s. */
  readonly timeoutMs?: number;
  /** Receives progress lines; silent by default so library callers choose where they go. */
  readonly onProgress?: ProgressSink;
  /** Defaults to process.env (KAFKA_BROKERS, KAFKA_CONTROLLER_PORT, DATABASE_URL, REDIS_URL, INFRA_DATA_DIR). */
  readonly env?: NodeJS.ProcessEnv;
}

export interface UpResult {
  readonly components: readonly ComponentStatus[];
  /** Slow steps in milliseconds, e.g. brokerStartMs and groupCoordinatorMs (absent when skipped). */
  readonly timings: Readonly<Record<string, number>>;
  readonly totalMs: number;
}

export interface DownOptions {
  readonly onProgress?: ProgressSink;
  readonly env?: NodeJS.ProcessEnv;
}

export interface DownResult {
  readonly stopped: readonly { name: ComponentName; pid: number; how: 'stopped' | 'killed' | 'not-running' }[];
  /** Components this tool did not start; they were not touched. */
  readonly leftAlone: readonly ComponentName[];
}

export interface StatusOptions {
  readonly env?: NodeJS.ProcessEnv;
}

const DEFAULT_TIMEOUT_MS = 90_000;
/** Longer than any `up` (including a first Maven download) so concurrent callers queue instead of failing. */
const LOCK_TIMEOUT_MS = 5 * 60_000;
/** Kafka's controlled shutdown flushes and closes every partition; it gets longer than the others. */
const STOP_GRACE_MS: Record<ComponentName, number> = { kafka: 30_000, postgres: 15_000, redis: 10_000 };

export async function up(options: UpOptions = {}): Promise<UpResult> {
  const config = loadConfig(options.env);
  const progress = new Progress(options.onProgress ?? silentSink);
  return withLock(config.infraDir, LOCK_TIMEOUT_MS, async () => {
    const ctx = upContext(config, progress, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    // Independent services: start them side by side, the broker's JVM start-up dominates anyway.
    const value = await settleAll({
      kafka: ensureKafka(ctx),
      postgres: ensurePostgres(ctx, options.databases ?? []),
      redis: ensureRedis(ctx),
    });
    progress.step('infra', 'ready');
    return { ...value, totalMs: progress.elapsedMs() };
  });
}

export async function down(options: DownOptions = {}): Promise<DownResult> {
  const config = loadConfig(options.env);
  const progress = new Progress(options.onProgress ?? silentSink);
  return withLock(config.infraDir, LOCK_TIMEOUT_MS, async () => {
    const state = readState(config.infraDir);
    const stopped: DownResult['stopped'][number][] = [];
    const leftAlone: ComponentName[] = [];
    for (const name of COMPONENTS) {
      const proc = state.started[name];
      if (!proc) {
        leftAlone.push(name);
        continue;
      }
      if (isManagedAlive(proc)) progress.step(name, `stopping pid ${proc.pid}`);
      const how = await stopManaged(proc, STOP_GRACE_MS[name]);
      progress.step(name, how === 'not-running' ? 'was no longer running' : how);
      stopped.push({ name, pid: proc.pid, how });
      delete state.started[name];
      writeState(config.infraDir, state);
    }
    for (const name of leftAlone) progress.step(name, 'not started by this tool; left alone');
    return { stopped, leftAlone };
  });
}

export async function status(options: StatusOptions = {}): Promise<ComponentStatus[]> {
  const config = loadConfig(options.env);
  const state = readState(config.infraDir);
  return Promise.all([
    kafkaStatus(config.kafka, state),
    postgresStatus(config.postgres, state),
    redisStatus(config.redis, state),
  ]);
}

function upContext(config: InfraConfig, progress: Progress, timeoutMs: number): UpContext {
  const state = readState(config.infraDir);
  return {
    config,
    state,
    progress,
    timeoutMs,
    saveState: () => writeState(config.infraDir, state),
  };
}

/** Every failing service is reported, not only the first, so one run shows everything that needs fixing. */
async function settleAll(tasks: Record<ComponentName, Promise<EnsureResult>>): Promise<Omit<UpResult, 'totalMs'>> {
  // allSettled first: awaiting one by one would leave a later rejection unhandled while an earlier task runs.
  const settled = await Promise.allSettled(COMPONENTS.map((name) => tasks[name]));
  const failures: string[] = [];
  const components: ComponentStatus[] = [];
  const timings: Record<string, number> = {};
  settled.forEach((result, index) => {
    if (result.status === 'fulfilled') {
      components.push(result.value.status);
      Object.assign(timings, result.value.timings);
    } else {
      failures.push(`${COMPONENTS[index]}: ${errorMessage(result.reason)}`);
    }
  });
  if (failures.length > 0) throw new Error(failures.join('\n\n'));
  return { components, timings };
}
