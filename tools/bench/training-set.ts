// npm run bench:training-set — a point-in-time training set of BENCH_ROWS entity rows (default 1M,
// BENCH_ENTITIES entities, default 100k, ten rows each) × 3 feature views, built by the feature
// store (running as its own process from dist/) over gRPC from a stored entity-rows dataset and an
// offline store of generated rows (5 per entity per view; one view with a 7-day windowed sum, which
// is computed as of every row). Reports seconds, rows/s and the feature store's peak RSS, against
// the same-run ceiling of reading the same offline rows with one sequential SELECT (and parsing
// their JSON), and the ratio. Needs the infrastructure up and the apps built.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { grpc } from '@foresight/contracts';
import { createGrpcClient } from '@foresight/platform';
import { TEST_DATABASE_URL, TEST_KAFKA_BROKERS, TEST_REDIS_URL, uniqueTenant } from '@foresight/testing';
import { Metadata } from 'nice-grpc';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { machine, repoRoot } from './bench-kit';

const ROWS = Number(process.env['BENCH_ROWS'] ?? 1_000_000);
const ENTITIES = Number(process.env['BENCH_ENTITIES'] ?? 100_000);
const OFFLINE_PER_ENTITY = 5;
const DAY = 86_400_000;
const VIEWS = ['bench-a', 'bench-b', 'bench-c'] as const;

/** Deterministic data: the same run, the same numbers. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const freePort = () =>
  new Promise<number>((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });

function peakRssMiB(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

async function startFeatureStore(): Promise<{ child: ChildProcess; grpcAddress: string }> {
  const [http, grpcPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, [join(repoRoot, 'dist/apps/feature-store/src/main.js')], {
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', HOST: '127.0.0.1', HTTP_PORT: String(http), GRPC_PORT: String(grpcPort), DATABASE_URL: TEST_DATABASE_URL, REDIS_URL: TEST_REDIS_URL, KAFKA_BROKERS: TEST_KAFKA_BROKERS },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', (d: Buffer) => process.stderr.write(`[feature-store] ${d}`));
  for (const deadline = Date.now() + 60_000; ; ) {
    if (child.exitCode !== null) throw new Error(`the feature store exited with ${child.exitCode}`);
    if (await fetch(`http://127.0.0.1:${http}/health/ready`).then((r) => r.ok, () => false)) break;
    if (Date.now() > deadline) throw new Error('the feature store did not come up');
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, grpcAddress: `127.0.0.1:${grpcPort}` };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

const clients = (address: string, tenantId: string) => {
  const options = { service: 'feature-store', address, deadlineMs: 30 * 60_000 };
  const metadata = Metadata({ 'x-tenant-id': tenantId, 'x-subject': 'bench' });
  return {
    call: { metadata },
    entities: createGrpcClient(grpc.EntityRegistryServiceDefinition, options),
    views: createGrpcClient(grpc.FeatureViewRegistryServiceDefinition, options),
    datasets: createGrpcClient(grpc.DatasetServiceDefinition, options),
    trainingSets: createGrpcClient(grpc.TrainingSetServiceDefinition, options),
  };
};

/** Three views on entity `customer`: two of plain features, one with a 7-day windowed sum. */
async function defineViews(c: ReturnType<typeof clients>): Promise<void> {
  await c.entities.applyEntity({ name: 'customer', joinKeys: ['customer_id'], description: '' }, c.call);
  const view = (name: string, features: grpc.FeatureSpec[], aggregations: grpc.AggregationSpec[] = []) =>
    c.views.applyFeatureView({ name, entity: 'customer', source: { kind: { $case: 'dataset', value: { name: 'bench-source', version: 0 } } }, timestampColumn: 'ts', ttl: '30d', features, aggregations, description: '' }, c.call);
  await view(VIEWS[0], [
    { name: 'spend', expr: '', dtype: 'float64' },
    { name: 'orders', expr: '', dtype: 'int64' },
  ]);
  await view(VIEWS[1], [
    { name: 'segment', expr: '', dtype: 'string' },
    { name: 'tenure_days', expr: '', dtype: 'float64' },
  ]);
  await view(VIEWS[2], [{ name: 'visits', expr: '', dtype: 'int64' }], [{ column: 'amount', fn: 'sum', windows: ['7d'] }]);
}

/** The offline rows, COPYed straight in (the store under test is the reader, not this loader). */
async function loadOffline(pg: Client, tenantId: string, now: number): Promise<number> {
  const rnd = random(7);
  const segments = ['retail', 'wholesale', 'online', 'partner'];
  let count = 0;
  const stream = pg.query(copyFrom(`COPY "features"."offline_feature_rows" ("tenantId", "view", "entityId", "features", "eventTime") FROM STDIN`));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  let buffer = '';
  const flush = async () => {
    if (!stream.write(buffer)) await new Promise((r) => stream.once('drain', r));
    buffer = '';
  };
  for (let e = 0; e < ENTITIES; e++) {
    for (const view of VIEWS) {
      for (let k = 0; k < OFFLINE_PER_ENTITY; k++) {
        const t = new Date(now - 60 * DAY + rnd() * 60 * DAY).toISOString();
        const features =
          view === VIEWS[0]
            ? { spend: Math.round(rnd() * 50_000) / 100, orders: Math.floor(rnd() * 40) }
            : view === VIEWS[1]
              ? { segment: segments[Math.floor(rnd() * 4)], tenure_days: Math.round(rnd() * 3000) / 10 }
              : { visits: Math.floor(rnd() * 20), $src: { amount: Math.round(rnd() * 10_000) / 100 } };
        buffer += `${tenantId}\t${view}\tc${e}\t${JSON.stringify(features)}\t${t}\n`;
        count++;
      }
    }
    if (buffer.length > 1 << 20) await flush();
  }
  await flush();
  stream.end();
  await done;
  return count;
}

/** The entity rows as a dataset, uploaded as CSV through the feature store's own gRPC upload. */
async function uploadEntityRows(c: ReturnType<typeof clients>, now: number): Promise<void> {
  const rnd = random(11);
  async function* messages(): AsyncGenerator<grpc.UploadDatasetVersionRequest> {
    yield { part: { $case: 'header', value: { name: 'bench-labels', format: 'csv', schema: undefined, onError: 'reject', allowBreaking: false, sourceName: 'bench' } } };
    let text = 'customer_id,timestamp,label\n';
    for (let i = 0; i < ROWS; i++) {
      text += `c${i % ENTITIES},${new Date(now - 30 * DAY + rnd() * 30 * DAY).toISOString()},${rnd() < 0.2 ? 1 : 0}\n`;
      if (text.length > 256 * 1024) {
        yield { part: { $case: 'chunk', value: Buffer.from(text) } };
        text = '';
      }
    }
    yield { part: { $case: 'chunk', value: Buffer.from(text) } };
  }
  const res = await c.datasets.uploadDatasetVersion(messages(), c.call);
  if (res.outcome?.$case !== 'version') throw new Error(`entity rows upload refused: ${JSON.stringify(res.outcome?.value)}`);
}

/** Ceiling: the same offline rows in one sequential SELECT, JSON parsed, nothing joined or written. */
async function sequentialRead(pg: Client, tenantId: string): Promise<{ seconds: number; rows: number }> {
  const started = performance.now();
  const { rows } = await pg.query<{ e: string; t: string; f: string }>(
    `SELECT "entityId" AS e, (extract(epoch FROM "eventTime") * 1000)::float8::text AS t, "features"::text AS f FROM "features"."offline_feature_rows" WHERE "tenantId" = $1 ORDER BY "view", "entityId", "eventTime", "id"`,
    [tenantId],
  );
  let checksum = 0;
  for (const r of rows) checksum += Number(r.t) > 0 && (JSON.parse(r.f) as object) ? 1 : 0;
  return { seconds: (performance.now() - started) / 1000, rows: checksum };
}

async function cleanup(pg: Client, tenantId: string): Promise<void> {
  for (const table of ['offline_feature_rows', 'feature_view_versions', 'feature_views', 'entities', 'dataset_versions', 'datasets', 'dataset_contents']) {
    await pg.query(`DELETE FROM "features"."${table}" WHERE "tenantId" = $1`, [tenantId]);
  }
}

async function main(): Promise<void> {
  const tenantId = uniqueTenant('bench-ts');
  const pg = new Client({ connectionString: TEST_DATABASE_URL });
  await pg.connect();
  const now = Date.now();
  let store = await startFeatureStore();
  try {
    console.log(`generating: ${ENTITIES} entities, ${ROWS} entity rows, ${ENTITIES * OFFLINE_PER_ENTITY * VIEWS.length} offline rows`);
    await defineViews(clients(store.grpcAddress, tenantId));
    const offline = await loadOffline(pg, tenantId, now);
    await pg.query('ANALYZE "features"."offline_feature_rows"');
    await uploadEntityRows(clients(store.grpcAddress, tenantId), now);
    // A fresh process, so its peak RSS is the training set's.
    await stop(store.child);
    store = await startFeatureStore();
    const idleRss = peakRssMiB(store.child.pid!);

    const c = clients(store.grpcAddress, tenantId);
    const started = performance.now();
    const set = await c.trainingSets.buildTrainingSet({ name: 'bench-train', entityRows: { $case: 'dataset', value: { name: 'bench-labels', version: 0 } }, featureViews: [...VIEWS] }, c.call);
    const seconds = (performance.now() - started) / 1000;
    const rss = peakRssMiB(store.child.pid!);
    const ceiling = await sequentialRead(pg, tenantId);

    console.log(`
### Training set: ${ROWS.toLocaleString('en-US')} entity rows × ${VIEWS.length} views

Run ${new Date(now).toISOString()} on ${machine()}. ${ENTITIES.toLocaleString('en-US')} entities; ${offline.toLocaleString('en-US')} offline rows (${OFFLINE_PER_ENTITY} per entity per view over 60 days; views of 2, 2 and 1 features + a 7-day windowed sum computed as of each row); entity rows stored as a dataset (customer_id, timestamp, label). The feature store runs from dist/ in its own process (LOG_LEVEL=warn), called over gRPC; it writes the set as a new dataset version (profiled, stored in PostgreSQL).

| measure | value |
|---|---|
| training set build (read entity rows, sort, join as of each row, write the dataset version) | ${seconds.toFixed(1)} s |
| entity rows / s | ${Math.round(ROWS / seconds).toLocaleString('en-US')} |
| feature values / s | ${Math.round((ROWS * set.features.length) / seconds).toLocaleString('en-US')} (${set.features.length} features) |
| feature store peak RSS (idle → after) | ${idleRss.toFixed(0)} → ${rss.toFixed(0)} MiB |
| ceiling: one sequential SELECT of the same ${ceiling.rows.toLocaleString('en-US')} offline rows, JSON parsed | ${ceiling.seconds.toFixed(1)} s |
| ratio build / ceiling | ${(seconds / ceiling.seconds).toFixed(2)} |

Coverage: ${set.features.map((f) => `${f.column} ${(f.coverage * 100).toFixed(1)}%`).join(', ')}; dataset version ${set.dataset?.version} of "bench-train", ${set.rows.toLocaleString('en-US')} rows.
`);
  } finally {
    await stop(store.child);
    await cleanup(pg, tenantId);
    await pg.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
