import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { Module, type INestApplication } from '@nestjs/common';
import { AuthModule, HealthRegistry, loadConfig, PlatformModule, PrismaService, runService } from '@foresight/platform';
import { eventually, mintToken, TEST_DATABASE_URL, TEST_JWT_SECRET, TEST_REDIS_URL, uniqueTenant } from '@foresight/testing';
import { GatewayEnv } from '../config/gateway.config';
import { UpstreamModule } from '../upstream/upstream.module';
import { DatasetsModule } from './datasets.module';
import { installStreamedBodies } from './upload-body';

const MAX_UPLOAD = 256 * 1024;

const freePort = () =>
  new Promise<number>((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });

@Module({})
class DatasetsGatewayModule {}

/**
 * Integration: the gateway's dataset routes in-process (the same modules, Fastify body set-up,
 * auth and problem+json filters as the real gateway) over real gRPC to the built feature store
 * running as its own process against the real PostgreSQL test database.
 */
describe('dataset routes through the gateway (real gRPC, feature store, PostgreSQL)', () => {
  const root = resolve(__dirname, '../../../..');
  let featureStore: ChildProcess;
  const featureStoreLog: string[] = [];
  let gateway: INestApplication;
  let url = '';
  const prisma = new PrismaService({ DATABASE_URL: TEST_DATABASE_URL }, new HealthRegistry());
  const tenant = uniqueTenant('dsgw');
  const other = uniqueTenant('dsgw');
  const engineer = mintToken({ tenantId: tenant, roles: ['ml-engineer'] });
  const analyst = mintToken({ tenantId: tenant, roles: ['analyst'] });
  const outsider = mintToken({ tenantId: other, roles: ['admin'] });

  const call = async (method: string, path: string, token: string | undefined, body?: string | FormData, headers: Record<string, string> = {}) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      ...(body !== undefined ? { body, duplex: 'half' } : {}),
    } as RequestInit);
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: text ? JSON.parse(text) : undefined };
  };
  const upload = (name: string, contentType: string, body: string | FormData, query = '', token = engineer) =>
    call('POST', `/api/v1/datasets/${name}/versions${query}`, token, body, { 'content-type': contentType });
  const stored = async (tenantId: string) => ({
    versions: await prisma.datasetVersion.count({ where: { tenantId } }),
    contents: await prisma.datasetContent.count({ where: { tenantId } }),
    chunks: await prisma.datasetChunk.count({ where: { tenantId } }),
  });

  const CSV = 'id,price,active,city\n1,9.5,yes,Paris\n2,12,no,Lyon\n3,,yes,Paris\n';
  const RECORDS = [
    { id: 1, price: 9.5, active: 'yes', city: 'Paris' },
    { id: 2, price: 12, active: 'no', city: 'Lyon' },
    { id: 3, price: null, active: 'yes', city: 'Paris' },
  ];

  beforeAll(async () => {
    const targets = ['apps/feature-store', 'libs/contracts', 'libs/platform', 'libs/ml', 'libs/feature-store-client'];
    execFileSync(process.execPath, [join(root, 'tools/build/build.mjs'), ...targets], { cwd: root, stdio: 'pipe' });
    const [fsHttp, fsGrpc, gatewayPort] = [await freePort(), await freePort(), await freePort()];
    featureStore = spawn(process.execPath, [join(root, 'dist/apps/feature-store/src/main.js')], {
      env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', HOST: '127.0.0.1', HTTP_PORT: String(fsHttp), GRPC_PORT: String(fsGrpc), DATABASE_URL: TEST_DATABASE_URL, REDIS_URL: TEST_REDIS_URL },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (b: Buffer) => featureStoreLog.push(b.toString());
    featureStore.stdout!.on('data', keep);
    featureStore.stderr!.on('data', keep);
    await eventually(
      async () => {
        if (featureStore.exitCode !== null) throw new Error(`feature store exited: ${featureStoreLog.join('')}`);
        expect((await fetch(`http://127.0.0.1:${fsHttp}/health/ready`)).status).toBe(200);
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    const config = loadConfig(GatewayEnv, {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      GATEWAY_PORT: String(gatewayPort),
      JWT_SECRET: TEST_JWT_SECRET,
      FEATURE_STORE_GRPC: `127.0.0.1:${fsGrpc}`,
      DATASET_MAX_UPLOAD_BYTES: String(MAX_UPLOAD),
    });
    gateway = await runService(
      {
        module: DatasetsGatewayModule,
        imports: [PlatformModule.forService({ name: 'api-gateway', config }), { module: AuthModule, global: true }, UpstreamModule, DatasetsModule],
      },
      { httpPort: gatewayPort, host: '127.0.0.1', configure: (app) => installStreamedBodies(app) },
    );
    url = `http://127.0.0.1:${gatewayPort}`;
    await prisma.onModuleInit();
  }, 120_000);

  afterAll(async () => {
    await gateway?.close();
    if (featureStore && featureStore.exitCode === null) {
      const exited = new Promise((r) => featureStore.once('exit', r));
      featureStore.kill('SIGTERM');
      await exited;
    }
    const tenants = [tenant, other];
    await prisma.datasetVersion.deleteMany({ where: { tenantId: { in: tenants } } });
    await prisma.dataset.deleteMany({ where: { tenantId: { in: tenants } } });
    await prisma.datasetContent.deleteMany({ where: { tenantId: { in: tenants } } });
    await prisma.onApplicationShutdown();
  });

  it('uploads CSV with its quality report (201), and the same table as JSON returns that version (200)', async () => {
    const res = await upload('sales', 'text/csv', CSV);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'sales',
      version: 1,
      rows: 3,
      contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      columns: [
        { name: 'id', type: 'integer', missing: 0, distinct: 3, min: 1, max: 3, mean: 2, std: 1 },
        { name: 'price', type: 'number', missing: 1, min: 9.5, max: 12 },
        { name: 'active', type: 'boolean', topValues: [{ value: 'true', count: 2 }, { value: 'false', count: 1 }] },
        { name: 'city', type: 'category', distinct: 2, topValues: [{ value: 'Paris', count: 2 }, { value: 'Lyon', count: 1 }] },
      ],
      quality: { duplicates: 0, constantColumns: [], outliers: { id: 0, price: 0 } },
      schemaChanges: [],
      lineage: { createdBy: `user@${tenant}`, sourceFormat: 'csv', sourceBytes: Buffer.byteLength(CSV), sourceName: 'text/csv' },
    });
    const again = await upload('sales', 'application/json', JSON.stringify(RECORDS));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ version: 1, contentHash: res.body.contentHash, lineage: { sourceFormat: 'csv' } });
    const ndjson = await upload('sales-nd', 'application/x-ndjson', RECORDS.map((r) => JSON.stringify(r)).join('\n'));
    expect(ndjson.status).toBe(201);
    expect(ndjson.body.contentHash).toBe(res.body.contentHash);
    expect(await stored(tenant)).toMatchObject({ contents: 1, chunks: 1 });
  });

  it('takes a multipart file part, its format from the file name', async () => {
    const form = new FormData();
    form.append('file', new Blob(['k,v\na,1\nb,2\n']), 'pairs.csv');
    const res = await call('POST', '/api/v1/datasets/pairs/versions', engineer, form);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ rows: 2, lineage: { sourceFormat: 'csv', sourceName: 'pairs.csv' } });
  });

  it('refuses bad rows with 422 naming each line and stores nothing; onError=skip keeps the good rows', async () => {
    const before = await stored(tenant);
    const bad = 'a,b\n1,2\n3\n4,5\n6,7,8\n';
    const refused = await upload('rows', 'text/csv', bad);
    expect(refused.status).toBe(422);
    expect(refused.type).toContain('application/problem+json');
    expect(refused.body).toMatchObject({
      status: 422,
      code: 'dataset_rows_invalid',
      rejectedCount: 2,
      rejected: [
        { line: 3, reason: 'expected 2 fields, found 1' },
        { line: 5, reason: 'expected 2 fields, found 3' },
      ],
    });
    expect(await stored(tenant)).toEqual(before);

    const skipped = await upload('rows', 'text/csv', bad, '?onError=skip');
    expect(skipped.status).toBe(201);
    expect(skipped.body).toMatchObject({ rows: 2, rejectedCount: 2, rejected: [{ line: 3 }, { line: 5 }] });

    const schema = encodeURIComponent(JSON.stringify({ b: 'boolean' }));
    const misfit = await upload('typed', 'text/csv', 'a,b\n1,yes\n2,maybe\n', `?schema=${schema}`);
    expect(misfit.body).toMatchObject({ status: 422, rejected: [{ line: 3, reason: 'column "b": "maybe" is not a boolean' }] });
    expect((await upload('typed', 'text/csv', 'a\n1', '?schema=notjson')).body).toMatchObject({ status: 400, code: 'validation_failed', errors: [{ path: 'schema' }] });
  });

  it('accepts added columns, refuses a dropped one with 409 unless allowBreaking=true', async () => {
    expect((await upload('evolve', 'text/csv', 'a,b\n1,2\n')).status).toBe(201);
    const added = await upload('evolve', 'text/csv', 'a,b,c\n1,2,x\n');
    expect(added.body.schemaChanges).toEqual([{ column: 'c', change: 'added', to: 'category', breaking: false }]);
    const dropped = await upload('evolve', 'text/csv', 'a,c\n1,x\n');
    expect(dropped.status).toBe(409);
    expect(dropped.body).toMatchObject({ code: 'schema_column_dropped', schemaChanges: [{ column: 'b', change: 'dropped', from: 'integer', breaking: true }] });
    const allowed = await upload('evolve', 'text/csv', 'a,c\n1,x\n', '?allowBreaking=true');
    expect(allowed).toMatchObject({ status: 201, body: { version: 3, schemaChanges: [{ column: 'b', change: 'dropped' }] } });
  });

  it('pages typed rows, caps the page size, and lists datasets and versions', async () => {
    const lines = ['n,even,at', ...Array.from({ length: 250 }, (_, i) => `${i},${i % 2 === 0},2024-01-01T00:${String(i % 60).padStart(2, '0')}:00Z`)];
    expect((await upload('paged', 'text/csv', lines.join('\n'))).status).toBe(201);
    const page = await call('GET', '/api/v1/datasets/paged/versions/latest/rows?limit=2&offset=248', analyst);
    expect(page).toMatchObject({
      status: 200,
      body: { version: 1, totalRows: 250, offset: 248, limit: 2, columns: ['n', 'even', 'at'], rows: [{ n: 248, even: true, at: '2024-01-01T00:08:00.000Z' }, { n: 249, even: false, at: '2024-01-01T00:09:00.000Z' }] },
    });
    expect((await call('GET', '/api/v1/datasets/paged/versions/1/rows?limit=1001', analyst)).body).toMatchObject({ status: 400, errors: [{ path: 'limit' }] });
    expect((await call('GET', '/api/v1/datasets/paged/versions/1/rows?offset=300', analyst)).body.rows).toEqual([]);

    const list = await call('GET', '/api/v1/datasets', analyst);
    expect(list.body.map((d: { name: string }) => d.name)).toEqual(expect.arrayContaining(['paged', 'sales', 'evolve']));
    const evolve = await call('GET', '/api/v1/datasets/evolve', analyst);
    expect(evolve.body.versions.map((v: { version: number; breakingChanges: number }) => [v.version, v.breakingChanges])).toEqual([
      [3, 1],
      [2, 0],
      [1, 0],
    ]);
    const v2 = await call('GET', '/api/v1/datasets/evolve/versions/2', analyst);
    expect(v2.body).toMatchObject({ version: 2, lineage: { createdBy: `user@${tenant}`, sourceFormat: 'csv' } });
  });

  it('answers 413 for bodies over DATASET_MAX_UPLOAD_BYTES, declared or streamed, storing nothing', async () => {
    const before = await stored(tenant);
    const big = `a,b\n${'1234567,7654321\n'.repeat(MAX_UPLOAD / 16 + 100)}`;
    const declared = await upload('big', 'text/csv', big);
    expect(declared).toMatchObject({ status: 413, body: { code: 'payload_too_large' } });

    // Chunked, no declared length, and no end in sight (up to 128 MiB): the answer must come
    // while the body is still streaming, not after it (kernel buffers absorb a few MiB).
    const endless = 128 * 1024 * 1024;
    const chunk = Buffer.from('1234567,7654321\n'.repeat(1024));
    let sent = 0;
    const streamed = await new Promise<{ status: number; body: { code: string } }>((done, fail) => {
      const req = request(`${url}/api/v1/datasets/big/versions`, { method: 'POST', headers: { authorization: `Bearer ${engineer}`, 'content-type': 'text/csv' } });
      let answered = false;
      req.on('response', (res) => {
        answered = true;
        let text = '';
        res.on('data', (d: Buffer) => (text += d));
        res.on('end', () => done({ status: res.statusCode!, body: JSON.parse(text) }));
      });
      req.on('error', (error) => (answered ? undefined : fail(error)));
      req.write('a,b\n');
      const pump = () => {
        while (!answered && sent < endless) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect(streamed).toMatchObject({ status: 413, body: { code: 'payload_too_large' } });
    expect(sent).toBeLessThan(endless);
    expect(await stored(tenant)).toEqual(before);
  });

  it('answers 415 for other content types, 400 for an empty body, 403 for an analyst uploading', async () => {
    expect((await upload('x', 'text/plain', 'a\n1')).body).toMatchObject({ status: 415, code: 'unsupported_media_type' });
    expect((await upload('x', 'text/csv', '')).body).toMatchObject({ status: 400, code: 'dataset_empty' });
    expect((await upload('x', 'application/json', '{"a": 1}')).body).toMatchObject({ status: 400, code: 'dataset_malformed' });
    expect((await upload('x', 'text/csv', CSV, '', analyst)).body).toMatchObject({ status: 403, code: 'forbidden' });
    expect((await call('POST', '/api/v1/datasets/x/versions', undefined, CSV, { 'content-type': 'text/csv' })).status).toBe(401);
  });

  it("gives another tenant 404 on every route and never lists or reuses this tenant's data", async () => {
    for (const path of ['/api/v1/datasets/sales', '/api/v1/datasets/sales/versions/1', '/api/v1/datasets/sales/versions/latest/rows']) {
      expect((await call('GET', path, outsider)).body).toMatchObject({ status: 404, code: 'not_found' });
    }
    expect((await call('GET', '/api/v1/datasets', outsider)).body).toEqual([]);
    const theirs = await upload('sales', 'text/csv', CSV, '', outsider);
    expect(theirs).toMatchObject({ status: 201, body: { version: 1 } });
    expect(await stored(other)).toEqual({ versions: 1, contents: 1, chunks: 1 });
    expect((await call('GET', '/api/v1/datasets/sales', engineer)).body.versions).toHaveLength(1);
  });
});
