// npm run bench:dataset-ingest — a dataset upload end to end (HTTP → gateway → client-streaming
// gRPC → feature store: parse, profile, hash, store in PostgreSQL) against two ceilings measured
// in the same run: the same bytes over HTTP into a server that discards them, and PostgreSQL
// COPY of the same rows into a table of text columns. The CSV (BENCH_ROWS rows × 20 columns,
// default 1M) is written to a temporary file before the clock starts and streamed from it, as
// `curl -T file` would send it, never held whole: generating it while sending costs ~3 s of CPU
// on the same 2 cores as the services under test. BENCH_SOURCE=generate generates it while it is
// sent instead, as earlier runs did. Reports rows/s and the peak RSS of the receiving processes,
// at a tenth of the rows too, to show memory does not grow with the file. Needs the
// infrastructure up and the apps built (`npx nx run-many -t build`).
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, createWriteStream, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { request } from 'node:http';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { mintToken, TEST_DATABASE_URL, TEST_JWT_SECRET, TEST_KAFKA_BROKERS, TEST_REDIS_URL, uniqueTenant } from '@foresight/testing';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { machine, repoRoot } from './bench-kit';
import { COLUMNS, csvStream } from './dataset-csv';

const ROWS = Number(process.env['BENCH_ROWS'] ?? 1_000_000);
const FROM_FILE = process.env['BENCH_SOURCE'] !== 'generate';
const files = new Map<number, string>();

/** The benchmark CSV of `rows` rows: from its file, or generated as it is read. */
function source(rows: number): Readable {
  const file = files.get(rows);
  return file === undefined ? csvStream(rows) : createReadStream(file, { highWaterMark: 64 * 1024 });
}

async function writeFiles(counts: number[]): Promise<void> {
  for (const rows of counts) {
    const file = join(tmpdir(), `foresight-bench-${process.pid}-${rows}.csv`);
    files.set(rows, file);
    await pipeline(csvStream(rows), createWriteStream(file));
  }
}
/** POSTs the generated CSV; resolves with the status, body and seconds from first byte to answer. */
function post(url: string, headers: Record<string, string>, rows: number): Promise<{ status: number; body: string; seconds: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let bytes = 0;
    const req = request(url, { method: 'POST', headers: { 'content-type': 'text/csv', ...headers } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body, seconds: (performance.now() - started) / 1000, bytes }));
    });
    req.on('error', reject);
    const body = source(rows);
    body.on('data', (d: Buffer) => (bytes += d.length));
    body.pipe(req);
  });
}

/** Peak resident set size of a process so far (VmHWM), in MiB. */
function peakRssMiB(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

function start(name: string, env: Record<string, string>): ChildProcess {
  const nodeArgs = process.env['BENCH_NODE_ARGS']?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, join(repoRoot, 'dist/apps', name, 'src/main.js')], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.on('data', (d: Buffer) => process.stderr.write(`[${name}] ${d}`));
  return child;
}

async function waitFor(url: string, child: ChildProcess): Promise<void> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode}`);
    const ok = await fetch(url)
      .then((r) => r.status < 500 || r.status === 503)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

interface Run {
  rows: number;
  seconds: number;
  bytes: number;
  gatewayRss: number;
  featureStoreRss: number;
  idleGatewayRss: number;
  idleFeatureStoreRss: number;
}

/** One upload through fresh gateway and feature-store processes, so their peak RSS is this upload's. */
async function platformRun(rows: number, tenant: string, basePort: number): Promise<Run> {
  const common = { NODE_ENV: 'production', LOG_LEVEL: 'warn', HOST: '127.0.0.1', DATABASE_URL: TEST_DATABASE_URL, REDIS_URL: TEST_REDIS_URL, KAFKA_BROKERS: TEST_KAFKA_BROKERS };
  const featureStore = start('feature-store', { ...common, HTTP_PORT: String(basePort + 1), GRPC_PORT: String(basePort + 11) });
  const gateway = start('api-gateway', { ...common, GATEWAY_PORT: String(basePort), JWT_SECRET: TEST_JWT_SECRET, FEATURE_STORE_GRPC: `127.0.0.1:${basePort + 11}`, KAFKAJS_NO_PARTITIONER_WARNING: '1' });
  try {
    await waitFor(`http://127.0.0.1:${basePort + 1}/health/live`, featureStore);
    await waitFor(`http://127.0.0.1:${basePort}/health/live`, gateway);
    const idleGatewayRss = peakRssMiB(gateway.pid!);
    const idleFeatureStoreRss = peakRssMiB(featureStore.pid!);
    const token = mintToken({ tenantId: tenant, roles: ['ml-engineer'] });
    const res = await post(`http://127.0.0.1:${basePort}/api/v1/datasets/bench-${rows}/versions`, { authorization: `Bearer ${token}` }, rows);
    if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${res.body.slice(0, 500)}`);
    const version = JSON.parse(res.body) as { rows: number };
    if (version.rows !== rows) throw new Error(`stored ${version.rows} rows, sent ${rows}`);
    return { rows, seconds: res.seconds, bytes: res.bytes, gatewayRss: peakRssMiB(gateway.pid!), featureStoreRss: peakRssMiB(featureStore.pid!), idleGatewayRss, idleFeatureStoreRss };
  } finally {
    await stop(gateway);
    await stop(featureStore);
  }
}

/** Ceiling 1: the same bytes into a bare Node HTTP server (its own process) that discards them. */
async function httpSinkCeiling(rows: number): Promise<{ seconds: number; rss: number }> {
  const child = spawn(
    process.execPath,
    ['-e', `require('http').createServer((q,s)=>{q.resume();q.on('end',()=>s.end('{}'))}).listen(0,'127.0.0.1',function(){process.send(this.address().port)})`],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const port = await new Promise<number>((resolve) => child.once('message', (m) => resolve(Number(m))));
  try {
    const res = await post(`http://127.0.0.1:${port}/`, {}, rows);
    return { seconds: res.seconds, rss: peakRssMiB(child.pid!) };
  } finally {
    await stop(child);
  }
}

/** Ceiling 2: PostgreSQL COPY of the same CSV into an unindexed table of text columns. */
async function copyCeiling(rows: number): Promise<number> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`CREATE TEMP TABLE bench_copy (${COLUMNS.map((c) => `"${c}" text`).join(', ')})`);
    const started = performance.now();
    await pipeline(source(rows), client.query(copyFrom(`COPY bench_copy FROM STDIN WITH (FORMAT csv, HEADER true)`)));
    return (performance.now() - started) / 1000;
  } finally {
    await client.end();
  }
}

async function cleanup(tenant: string): Promise<void> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    for (const table of ['dataset_versions', 'datasets', 'dataset_contents']) await client.query(`DELETE FROM "features"."${table}" WHERE "tenantId" = $1`, [tenant]);
  } finally {
    await client.end();
  }
}

async function main() {
  const tenant = uniqueTenant('bench-ds');
  if (FROM_FILE) await writeFiles([ROWS / 10, ROWS]);
  const started = new Date();
  const host = machine();
  let small: Run;
  let full: Run;
  let sink: { seconds: number; rss: number };
  let copySeconds: number;
  try {
    console.log(`ceilings: HTTP into a discarding server, PostgreSQL COPY (${ROWS} rows)`);
    sink = await httpSinkCeiling(ROWS);
    copySeconds = await copyCeiling(ROWS);
    console.log(`platform: ${ROWS / 10} rows, then ${ROWS} rows through the gateway`);
    small = await platformRun(ROWS / 10, tenant, 29080);
    full = await platformRun(ROWS, tenant, 29180);
  } finally {
    await cleanup(tenant);
    for (const file of files.values()) rmSync(file, { force: true });
  }
  const rate = (rows: number, seconds: number) => Math.round(rows / seconds).toLocaleString('en-US');
  const mb = (bytes: number, seconds: number) => (bytes / 1024 / 1024 / seconds).toFixed(1);
  const body = `
Run ${started.toISOString()} on ${host}. A generated CSV of ${ROWS.toLocaleString('en-US')} rows × ${COLUMNS.length} columns (${(full.bytes / 1024 / 1024).toFixed(1)} MiB; integers, decimals, ISO timestamps, booleans, categories, text, ~2% / 10% missing in two columns), ${FROM_FILE ? 'written to a file beforehand and streamed from it' : 'streamed by the client as it is generated'} (never held whole), POSTed as text/csv with no declared length. Gateway and feature store in their own processes (LOG_LEVEL=warn), PostgreSQL, Kafka and the other engineers' work on the same 2 cores.

| path | rows | seconds | rows/s | MiB/s | peak RSS |
| --- | ---: | ---: | ---: | ---: | --- |
| ceiling: HTTP into a discarding Node server | ${ROWS} | ${sink.seconds.toFixed(2)} | ${rate(ROWS, sink.seconds)} | ${mb(full.bytes, sink.seconds)} | ${sink.rss.toFixed(0)} MiB |
| ceiling: PostgreSQL COPY into a text table | ${ROWS} | ${copySeconds.toFixed(2)} | ${rate(ROWS, copySeconds)} | ${mb(full.bytes, copySeconds)} | — |
| upload through gateway → feature store → PostgreSQL | ${small.rows} | ${small.seconds.toFixed(2)} | ${rate(small.rows, small.seconds)} | ${mb(small.bytes, small.seconds)} | gateway ${small.gatewayRss.toFixed(0)} MiB (idle ${small.idleGatewayRss.toFixed(0)}), feature store ${small.featureStoreRss.toFixed(0)} MiB (idle ${small.idleFeatureStoreRss.toFixed(0)}) |
| upload through gateway → feature store → PostgreSQL | ${full.rows} | ${full.seconds.toFixed(2)} | ${rate(full.rows, full.seconds)} | ${mb(full.bytes, full.seconds)} | gateway ${full.gatewayRss.toFixed(0)} MiB (idle ${full.idleGatewayRss.toFixed(0)}), feature store ${full.featureStoreRss.toFixed(0)} MiB (idle ${full.idleFeatureStoreRss.toFixed(0)}) |

- Upload / HTTP ceiling: **${(sink.seconds / full.seconds).toFixed(2)}**; upload / COPY ceiling: **${(copySeconds / full.seconds).toFixed(2)}** (throughput ratios).
- Goal ≥ 100,000 rows/s end to end: **${ROWS / full.seconds >= 100_000 ? 'met' : 'missed'}** (${rate(ROWS, full.seconds)} rows/s).
- Load average after the run: ${loadavg().map((l) => l.toFixed(2)).join(' / ')}.
- Memory with ${(ROWS / 10).toLocaleString('en-US')} vs ${ROWS.toLocaleString('en-US')} rows (peak RSS): gateway ${small.gatewayRss.toFixed(0)} → ${full.gatewayRss.toFixed(0)} MiB, feature store ${small.featureStoreRss.toFixed(0)} → ${full.featureStoreRss.toFixed(0)} MiB.
`;
  console.log(body);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
