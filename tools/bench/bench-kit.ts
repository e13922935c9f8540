// Shared by the benchmarks: run autocannon, describe the machine, and record results in
// docs/BENCHMARKS.md (one section per benchmark, replaced on each run).
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, loadavg, totalmem, type as osType, release } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import * as hdr from 'hdr-histogram-js';
import { Pool } from 'undici';

export const repoRoot = resolve(__dirname, '../..');

export interface LoadResult {
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  requests: number;
  errors: number;
  non2xx: number;
}

export interface LoadOptions {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Called per request to vary the body (e.g. rotate entity ids). */
  body?: () => string;
  connections?: number;
  /** Fixed arrival rate across all connections (req/s); unset = as fast as possible. */
  rate?: number;
  seconds: number;
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    method: options.method ?? 'POST',
    headers: options.headers ?? {},
    connections: options.connections ?? 50,
    duration: options.seconds,
    ...(options.rate ? { overallRate: options.rate } : {}),
    requests: [
      {
        setupRequest: (req) => (options.body ? { ...req, body: options.body() } : req),
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/**
 * Open-loop load at a fixed arrival rate: requests are sent on schedule (every 1/rate s)
 * whether or not earlier ones have answered, so latency includes any queueing the server
 * causes — unlike autocannon's `overallRate`, which sends each second's quota in a burst at the
 * start of the second. Latency is measured from the scheduled send time (no coordinated omission).
 */
export async function openLoop(options: LoadOptions & { rate: number }): Promise<LoadResult> {
  const url = new URL(options.url);
  const pool = new Pool(url.origin, { connections: options.connections ?? 50, pipelining: 1 });
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  const interval = 1000 / options.rate;
  const total = Math.round(options.rate * options.seconds);
  let errors = 0;
  let non2xx = 0;
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(
      pool
        .request({
          path: url.pathname + url.search,
          method: options.method ?? 'POST',
          headers: options.headers ?? {},
          ...(options.body ? { body: options.body() } : {}),
        })
        .then(async (res) => {
          await res.body.dump();
          if (res.statusCode < 200 || res.statusCode >= 300) non2xx++;
          histogram.recordValue(Math.max(1, Math.round((performance.now() - due) * 1000)));
        })
        .catch(() => {
          errors++;
        }),
    );
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  await pool.close();
  const ms = (q: number) => histogram.getValueAtPercentile(q) / 1000;
  return { rps: total / elapsed, p50: ms(50), p90: ms(90), p99: ms(99), max: histogram.maxValue / 1000, requests: total, errors, non2xx };
}

export function machine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${osType()} ${release()}, Node ${process.version}, load average before the run ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ')}`;
}

export const row = (name: string, r: LoadResult) =>
  `| ${name} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p90.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.max.toFixed(2)} | ${r.requests} | ${r.errors + r.non2xx} |`;

export const TABLE_HEADER = '| run | req/s | p50 ms | p90 ms | p99 ms | max ms | requests | errors + non-2xx |\n|---|---|---|---|---|---|---|---|';

/** Replaces (or appends) the `## <title>` section of docs/BENCHMARKS.md. */
export function recordSection(title: string, body: string): void {
  const file = join(repoRoot, 'docs/BENCHMARKS.md');
  const header = '# Benchmarks\n\nMeasured by `tools/bench` on the machine named in each section. These machines are shared and noisy, so every benchmark also measures its physical ceiling in the same run and reports the ratio.\n';
  const current = existsSync(file) ? readFileSync(file, 'utf8') : header;
  const section = `## ${title}\n\n${body.trim()}\n`;
  const pattern = new RegExp(`## ${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n[\\s\\S]*?(?=\\n## |$)`);
  const next = pattern.test(current) ? current.replace(pattern, section) : `${current.trimEnd()}\n\n${section}`;
  writeFileSync(file, next.endsWith('\n') ? next : `${next}\n`);
}

/** CPU time (ms) used so far by each process of the platform, by service name (from /proc). */
export function cpuByProcess(): Record<string, number> {
  const ticksPerMs = 100 / 1000; // USER_HZ = 100 on Linux
  const out: Record<string, number> = {};
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      const app = cmd.match(/dist\/apps\/([a-z-]+)\//)?.[1];
      const name = app ?? (cmd.includes('kafka.Kafka') ? 'kafka' : cmd.startsWith('postgres') ? 'postgres' : cmd.includes('redis-server') ? 'redis' : pid === String(process.pid) ? 'load generator' : undefined);
      if (name) out[name] = (out[name] ?? 0) + (Number(fields[11]) + Number(fields[12])) / ticksPerMs;
    } catch {
      // the process ended between listing and reading
    }
  }
  return out;
}

/** A markdown table of CPU per request by process between two snapshots. */
export function cpuTable(before: Record<string, number>, after: Record<string, number>, requests: number, seconds: number): string {
  const rows = Object.keys(after)
    .map((k) => [k, after[k]! - (before[k] ?? 0)] as const)
    .filter(([, ms]) => ms > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([k, ms]) => `| ${k} | ${((ms / 1000 / seconds) * 100).toFixed(0)}% | ${((ms * 1000) / requests).toFixed(0)} |`);
  return ['| process | share of one core | CPU µs per request |', '|---|---|---|', ...rows].join('\n');
}
