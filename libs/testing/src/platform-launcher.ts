import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TEST_DATABASE_URL, TEST_JWT_SECRET, TEST_KAFKA_BROKERS, TEST_REDIS_URL } from './test-env';

export const SERVICES = [
  'feature-store',
  'model-registry',
  'training-orchestrator',
  'prediction-serving',
  'recommendation',
  'monitoring',
  'api-gateway',
] as const;
export type ServiceName = (typeof SERVICES)[number];

const GRPC_ADDRESS_VARS: Record<Exclude<ServiceName, 'api-gateway'>, string> = {
  'feature-store': 'FEATURE_STORE_GRPC',
  'model-registry': 'MODEL_REGISTRY_GRPC',
  'training-orchestrator': 'TRAINING_GRPC',
  'prediction-serving': 'PREDICTION_SERVING_GRPC',
  recommendation: 'RECOMMENDATION_GRPC',
  monitoring: 'MONITORING_GRPC',
};

export interface LaunchOptions {
  /** First port of the block this stack uses (gateway = base, services base+1.., gRPC base+11..). */
  basePort: number;
  /** Extra environment for every service (OTEL_EXPORTER_OTLP_ENDPOINT, LOG_LEVEL, ...). */
  env?: Record<string, string>;
  /** Where the built apps are (default <repo>/dist). */
  distDir?: string;
  readyTimeoutMs?: number;
  /** Extra Node flags for every service (e.g. `--cpu-prof` when profiling). */
  nodeArgs?: string[];
  /** Each line a service prints, as it prints it (the demo streams them to the console). */
  onLog?: (service: ServiceName, line: string) => void;
}

export interface RunningPlatform {
  gatewayUrl: string;
  wsUrl: string;
  env: Record<string, string>;
  /** Everything each service printed (for failure diagnostics). */
  logs: Record<ServiceName, string[]>;
  stop(service?: ServiceName): Promise<void>;
  start(service: ServiceName): Promise<void>;
  /** Kills a service at once (SIGKILL, no shutdown hooks): a crash. */
  crash(service: ServiceName): Promise<void>;
  /** Freezes (SIGSTOP) or thaws (SIGCONT) a service: a hung upstream, as the gateway sees it. */
  freeze(service: ServiceName): void;
  thaw(service: ServiceName): void;
}

const repoRoot = resolve(__dirname, '../../..');

/**
 * Starts the seven built services as real processes on their own ports against the shared test
 * infrastructure, waits until the gateway reports every upstream ready, and stops them after.
 */
export async function launchPlatform(options: LaunchOptions): Promise<RunningPlatform> {
  const dist = options.distDir ?? join(repoRoot, 'dist');
  const base = options.basePort;
  const grpcPort = (i: number) => base + 11 + i;
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_URL: TEST_REDIS_URL,
    KAFKA_BROKERS: TEST_KAFKA_BROKERS,
    JWT_SECRET: TEST_JWT_SECRET,
    GATEWAY_PORT: String(base),
    UPSTREAM_TIMEOUT_MS: '5000',
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
    ...Object.fromEntries(Object.entries(GRPC_ADDRESS_VARS).map(([, v], i) => [v, `127.0.0.1:${grpcPort(i)}`])),
    ...options.env,
  };
  const perService = (name: ServiceName): Record<string, string> => {
    const i = SERVICES.indexOf(name);
    return name === 'api-gateway' ? {} : { HTTP_PORT: String(base + 1 + i), GRPC_PORT: String(grpcPort(i)) };
  };

  const logs = Object.fromEntries(SERVICES.map((s) => [s, [] as string[]])) as Record<ServiceName, string[]>;
  const children = new Map<ServiceName, ChildProcess>();

  const start = async (name: ServiceName) => {
    const main = join(dist, 'apps', name, 'src', 'main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: build the apps first (npx nx run-many -t build)`);
    const child = spawn(process.execPath, [...(options.nodeArgs ?? ['--enable-source-maps']), main], {
      env: { ...process.env, ...env, ...perService(name) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        logs[name].push(line);
        if (logs[name].length > 2000) logs[name].splice(0, 1000);
        options.onLog?.(name, line);
      }
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    children.set(name, child);
  };

  let stoppingAll: Promise<void> | undefined;
  const stop = (name?: ServiceName): Promise<void> => {
    // Stopping everything twice (Ctrl-C reaches both a script and its caller) waits for the first.
    if (!name) return (stoppingAll ??= stopSome());
    return stopSome(name);
  };
  const stopSome = async (name?: ServiceName) => {
    const targets = name ? [name] : [...children.keys()];
    await Promise.all(
      targets.map(async (n) => {
        const child = children.get(n);
        children.delete(n);
        if (!child || child.exitCode !== null) return;
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
        await exited;
        clearTimeout(timer);
      }),
    );
  };

  for (const name of SERVICES) await start(name);
  const gatewayUrl = `http://127.0.0.1:${base}`;
  try {
    await waitForReady(gatewayUrl, options.readyTimeoutMs ?? 90_000, children);
  } catch (error) {
    await stop();
    const tail = SERVICES.map((s) => `--- ${s}\n${logs[s].slice(-15).join('\n')}`).join('\n');
    throw new Error(`${(error as Error).message}\n${tail}`);
  }
  const signal = (name: ServiceName, sig: NodeJS.Signals) => {
    const child = children.get(name);
    if (!child || child.exitCode !== null) throw new Error(`${name} is not running`);
    child.kill(sig);
  };
  return {
    gatewayUrl,
    wsUrl: `ws://127.0.0.1:${base}/ws`,
    env,
    logs,
    stop,
    start,
    crash: async (name) => {
      const child = children.get(name);
      if (!child || child.exitCode !== null) throw new Error(`${name} is not running`);
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
      children.delete(name);
    },
    freeze: (name) => signal(name, 'SIGSTOP'),
    thaw: (name) => signal(name, 'SIGCONT'),
  };
}

async function waitForReady(gatewayUrl: string, timeoutMs: number, children: Map<ServiceName, ChildProcess>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const dead = [...children].find(([, c]) => c.exitCode !== null);
    if (dead) throw new Error(`${dead[0]} exited with code ${dead[1].exitCode} during start-up`);
    try {
      const res = await fetch(`${gatewayUrl}/health/ready`, { signal: AbortSignal.timeout(3000) });
      last = await res.text();
      if (res.status === 200) return;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`platform not ready within ${timeoutMs} ms: ${last}`);
}
