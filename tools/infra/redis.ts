import * as fs from 'node:fs';
import * as path from 'node:path';
import Redis from 'ioredis';
import { aliveRecord, errorMessage, liveRecorded, type ComponentStatus, type EnsureResult, type UpContext } from './component';
import { isLoopback, redact, type RedisConfig } from './config';
import { findOnPath, isManagedAlive, spawnDetached, stopManaged, type ManagedProcess } from './processes';
import type { InfraState } from './state';
import { isPortOpen, tailFile, waitFor } from './wait';

export async function ensureRedis(ctx: UpContext): Promise<EnsureResult> {
  const cfg = ctx.config.redis;
  const ours = liveRecorded(ctx, 'redis', `${cfg.host}:${cfg.port}`);
  const timings: Record<string, number> = {};

  if (await isPortOpen(cfg.host, cfg.port)) {
    await waitUntilAnswering(cfg, 10_000, ours);
    ctx.progress.step('redis', `${ours ? `our server (pid ${ours.pid})` : 'an existing server'} answers on ${cfg.host}:${cfg.port}`);
  } else if (ours) {
    await waitUntilAnswering(cfg, ctx.timeoutMs, ours);
  } else {
    const started = Date.now();
    await startRedis(ctx);
    timings['redisStartMs'] = Date.now() - started;
  }

  return { status: statusLine(cfg, true, ctx.state.started.redis), timings };
}

export async function redisStatus(cfg: RedisConfig, state: InfraState): Promise<ComponentStatus> {
  return statusLine(cfg, await answers(cfg), aliveRecord(state, 'redis'));
}

function statusLine(cfg: RedisConfig, up: boolean, ours: ManagedProcess | undefined): ComponentStatus {
  return {
    name: 'redis',
    address: redact(cfg.url),
    up,
    startedByUs: ours !== undefined,
    ...(ours ? { pid: ours.pid } : {}),
  };
}

async function answers(cfg: RedisConfig): Promise<boolean> {
  if (!(await isPortOpen(cfg.host, cfg.port, 300))) return false;
  try {
    return await ping(cfg);
  } catch {
    return false;
  }
}

/** One PING on a connection that never retries: ioredis would otherwise reconnect forever in the background. */
async function ping(cfg: RedisConfig): Promise<boolean> {
  const client = new Redis(cfg.url, {
    lazyConnect: true,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } finally {
    client.disconnect();
  }
}

async function waitUntilAnswering(cfg: RedisConfig, timeoutMs: number, ours: ManagedProcess | undefined): Promise<void> {
  try {
    await waitFor(async () => ((await ping(cfg)) ? true : undefined), {
      what: `Redis on ${cfg.host}:${cfg.port}`,
      timeoutMs,
      intervalMs: 100,
      abortReason: () => (ours && !isManagedAlive(ours) ? 'the server process exited' : undefined),
    });
  } catch (error) {
    const log = ours ? `\n--- last lines of ${ours.logFile} ---\n${tailFile(ours.logFile)}` : '';
    throw new Error(`${errorMessage(error)}${log}`);
  }
}

async function startRedis(ctx: UpContext): Promise<void> {
  const cfg = ctx.config.redis;
  if (!isLoopback(cfg.host)) {
    throw new Error(`nothing answers on ${redact(cfg.url)} and ${cfg.host} is not local, so no server can be started`);
  }
  const binary = findOnPath('redis-server');
  if (!binary) throw new Error('no Redis answers and redis-server is not on PATH');
  fs.mkdirSync(cfg.home, { recursive: true });

  const server = spawnDetached({
    command: binary,
    args: [
      '--bind',
      cfg.host === 'localhost' ? '127.0.0.1' : cfg.host,
      '--port',
      String(cfg.port),
      '--dir',
      cfg.home,
      // A cache for tests: no snapshots, no append-only file.
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'no',
      ...(cfg.password ? ['--requirepass', cfg.password] : []),
    ],
    cwd: cfg.home,
    logFile: path.join(cfg.home, 'redis.log'),
    // Redis rewrites its process title to "redis-server host:port", so the data dir is not visible there.
    marker: 'redis-server',
    address: `${cfg.host}:${cfg.port}`,
  });
  ctx.state.started.redis = server;
  ctx.saveState();
  ctx.progress.step('redis', `nothing on port ${cfg.port}; private server started (pid ${server.pid})`);
  try {
    await waitUntilAnswering(cfg, ctx.timeoutMs, server);
  } catch (error) {
    await stopManaged(server, 5_000);
    delete ctx.state.started.redis;
    ctx.saveState();
    throw error;
  }
  ctx.progress.step('redis', 'private server ready');
}
