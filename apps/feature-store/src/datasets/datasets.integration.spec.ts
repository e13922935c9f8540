import { HealthRegistry, PrismaService } from '@foresight/platform';
import { TEST_DATABASE_URL, uniqueTenant } from '@foresight/testing';
import { DatasetReader } from './dataset-reader';
import { DatasetWriter, type UploadRequest } from './dataset-writer';
import { DatasetNotFoundException, DatasetRejection, DatasetVersionNotFoundException } from './datasets.exception';
import { DatasetsRepository } from './datasets.repository';

// Integration: the writer and reader over the real PostgreSQL test database (migrated by `npm test`).
describe('DatasetWriter / DatasetReader (real PostgreSQL)', () => {
  const config = { DATABASE_URL: TEST_DATABASE_URL };
  const prisma = new PrismaService(config, new HealthRegistry());
  const repository = new DatasetsRepository(prisma, config);
  const writer = new DatasetWriter(repository);
  const reader = new DatasetReader(repository);
  const tenants: string[] = [];
  const tenant = () => {
    const t = uniqueTenant('ds');
    tenants.push(t);
    return t;
  };

  async function* bytes(text: string, pieces = 3): AsyncIterable<Uint8Array> {
    const buf = Buffer.from(text);
    const size = Math.ceil(buf.length / pieces) || 1;
    for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
  }
  const upload = (t: string, name: string, format: UploadRequest['format'], text: string, extra: Partial<UploadRequest> = {}) =>
    writer.upload({ tenantId: t, name, format, createdBy: 'alice@test', sourceName: `upload.${format}`, ...extra }, bytes(text));
  const rejection = async (p: Promise<unknown>): Promise<DatasetRejection> => {
    const error = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatasetRejection);
    return error as DatasetRejection;
  };
  const stored = async (t: string) => {
    const [datasets, versions, contents, chunks] = await Promise.all([
      prisma.dataset.count({ where: { tenantId: t } }),
      prisma.datasetVersion.count({ where: { tenantId: t } }),
      prisma.datasetContent.count({ where: { tenantId: t } }),
      prisma.datasetChunk.count({ where: { tenantId: t } }),
    ]);
    return { datasets, versions, contents, chunks };
  };

  const CSV = [
    'id,price,in stock,city,signed up',
    '1,10.5,Yes,Paris,2024-01-01',
    '2,20,no,Lyon,2024-01-02T10:00:00Z',
    '3,,TRUE,Paris,2024-01-03',
    '4,40.5, false ,Nice,NA',
  ].join('\n');
  const ROWS = [
    { id: 1, price: 10.5, 'in stock': 'Yes', city: 'Paris', 'signed up': '2024-01-01' },
    { id: 2, price: 20, 'in stock': 'no', city: 'Lyon', 'signed up': '2024-01-02T10:00:00Z' },
    { id: 3, price: null, 'in stock': 'TRUE', city: 'Paris', 'signed up': '2024-01-03' },
    { id: 4, price: 40.5, 'in stock': ' false ', city: 'Nice', 'signed up': 'NA' },
  ];

  beforeAll(async () => {
    await prisma.onModuleInit();
  });

  afterAll(async () => {
    await prisma.datasetVersion.deleteMany({ where: { tenantId: { in: tenants } } });
    await prisma.dataset.deleteMany({ where: { tenantId: { in: tenants } } });
    await prisma.datasetContent.deleteMany({ where: { tenantId: { in: tenants } } });
    await repository.onApplicationShutdown();
    await prisma.onApplicationShutdown();
  });

  it('stores a CSV upload with inferred types, profiles and typed rows', async () => {
    const t = tenant();
    const { version, created } = await upload(t, 'customers', 'csv', CSV);
    expect(created).toBe(true);
    expect(version).toMatchObject({ name: 'customers', version: 1, rows: 4, sourceFormat: 'csv', sourceBytes: Buffer.byteLength(CSV), createdBy: 'alice@test' });
    expect(version.columns.map((c) => [c.name, c.type])).toEqual([
      ['id', 'integer'],
      ['price', 'number'],
      ['in stock', 'boolean'],
      ['city', 'category'],
      ['signed up', 'timestamp'],
    ]);
    expect(version.columns[1]).toMatchObject({ missing: 1, min: 10.5, max: 40.5, mean: 23.6666666667 });
    expect(version.columns[4]).toMatchObject({ missing: 1, min: '2024-01-01T00:00:00.000Z', max: '2024-01-03T00:00:00.000Z' });
    expect(version.columns[3]!.topValues![0]).toEqual({ value: 'Paris', count: 2 });

    const page = await reader.page(t, 'customers', 0, 1, 2);
    expect(page.rows).toEqual([
      { id: 2, price: 20, 'in stock': false, city: 'Lyon', 'signed up': '2024-01-02T10:00:00.000Z' },
      { id: 3, price: null, 'in stock': true, city: 'Paris', 'signed up': '2024-01-03T00:00:00.000Z' },
    ]);
    expect(await reader.latestVersion(t, 'customers')).toBe(1);
    expect((await reader.describe(t, 'customers', 1)).columns[2]).toEqual({ name: 'in stock', type: 'boolean' });
  });

  it('hashes the same table from CSV, a JSON array and NDJSON alike and stores it once', async () => {
    const t = tenant();
    const csv = await upload(t, 'a', 'csv', CSV);
    const json = await upload(t, 'b', 'json', JSON.stringify(ROWS));
    const ndjson = await upload(t, 'c', 'ndjson', ROWS.map((r) => JSON.stringify(r)).join('\n'));
    expect(json.version.contentHash).toBe(csv.version.contentHash);
    expect(ndjson.version.contentHash).toBe(csv.version.contentHash);
    expect(await stored(t)).toEqual({ datasets: 3, versions: 3, contents: 1, chunks: 1 });

    const again = await upload(t, 'a', 'json', JSON.stringify(ROWS));
    expect(again.created).toBe(false);
    expect(again.version.version).toBe(1);
    expect(again.version.sourceFormat).toBe('csv');
    expect(await stored(t)).toEqual({ datasets: 3, versions: 3, contents: 1, chunks: 1 });
  });

  it('rejects bad rows by line and stores nothing; skip stores the good rows and lists the bad', async () => {
    const t = tenant();
    const bad = ['a,b', '1,2', '3', '"x', 'y",4', '5,6,7', '8,9'].join('\n');
    const refused = await rejection(upload(t, 'bad', 'csv', bad));
    expect(refused.datasetCode).toBe('dataset_rows_invalid');
    expect(refused.details.rows).toEqual([
      { line: 3, reason: 'expected 2 fields, found 1' },
      { line: 6, reason: 'expected 2 fields, found 3' },
    ]);
    expect(await stored(t)).toEqual({ datasets: 0, versions: 0, contents: 0, chunks: 0 });

    const skipped = await upload(t, 'bad', 'csv', bad, { onError: 'skip' });
    expect(skipped.version).toMatchObject({ rows: 3, rejectedCount: 2, rejected: [{ line: 3 }, { line: 6 }] });
    const rows = await reader.page(t, 'bad', 1, 0, 10);
    expect(rows.rows).toEqual([
      { a: '1', b: 2 },
      { a: 'x\ny', b: 4 },
      { a: '8', b: 9 },
    ]);

    const ndjson = await rejection(upload(t, 'nd', 'ndjson', '{"a":1}\n{"a":\n[1]\n\n{"a":2}'));
    expect(ndjson.details.rows!.map((r) => r.line)).toEqual([2, 3]);
    expect(ndjson.details.rows![0]!.reason).toMatch(/^invalid JSON/);
    expect(ndjson.details.rows![1]!.reason).toBe('expected a JSON object, found an array');
  });

  it('enforces an explicit schema value by value', async () => {
    const t = tenant();
    const refused = await rejection(upload(t, 's', 'csv', 'id,when\n1,2024-01-01\nx,2024-02-01\n3,soon', { schema: { id: 'integer', when: 'timestamp' } }));
    expect(refused.details.rows).toEqual([
      { line: 3, reason: 'column "id": "x" is not an integer' },
      { line: 4, reason: 'column "when": "soon" is not a timestamp' },
    ]);
    const missing = await rejection(upload(t, 's', 'csv', 'id\n1', { schema: { id: 'integer', other: 'text' } }));
    expect(missing.datasetCode).toBe('dataset_schema_mismatch');
    const ok = await upload(t, 's', 'csv', 'id,code\n1,007\n2,008', { schema: { code: 'text' } });
    expect(ok.version.columns.map((c) => c.type)).toEqual(['integer', 'text']);
    expect((await reader.page(t, 's', 1, 0, 1)).rows[0]).toEqual({ id: 1, code: '007' });
  });

  it('accepts added columns, refuses dropped or retyped ones unless allowed, and lists the changes', async () => {
    const t = tenant();
    await upload(t, 'evolving', 'csv', 'id,score\n1,2\n2,3');
    const added = await upload(t, 'evolving', 'csv', 'id,score,note\n1,2,hi\n2,3,');
    expect(added.version.schemaChanges).toEqual([{ column: 'note', change: 'added', to: 'category', breaking: false }]);

    const dropped = await rejection(upload(t, 'evolving', 'csv', 'id,note\n1,hi'));
    expect(dropped.datasetCode).toBe('schema_column_dropped');
    expect(dropped.details.schemaChanges).toEqual([{ column: 'score', change: 'dropped', from: 'integer', breaking: true }]);
    const retyped = await rejection(upload(t, 'evolving', 'csv', 'id,score,note\n1,high,hi\n2,low,x'));
    expect(retyped.datasetCode).toBe('schema_column_retyped');
    expect((await reader.dataset(t, 'evolving')).latestVersion).toBe(2);

    const widened = await upload(t, 'evolving', 'csv', 'id,score,note\n1,2.5,hi');
    expect(widened.version.schemaChanges).toEqual([{ column: 'score', change: 'retyped', from: 'integer', to: 'number', breaking: false }]);
    const forced = await upload(t, 'evolving', 'csv', 'id\n1', { allowBreaking: true });
    expect(forced.version.version).toBe(4);
    expect(forced.version.schemaChanges.map((c) => [c.column, c.change])).toEqual([
      ['score', 'dropped'],
      ['note', 'dropped'],
    ]);
  });

  it('refuses empty bodies, header-only CSV and non-array JSON', async () => {
    const t = tenant();
    expect((await rejection(upload(t, 'e', 'csv', ''))).datasetCode).toBe('dataset_empty');
    expect((await rejection(upload(t, 'e', 'csv', 'a,b\n'))).datasetCode).toBe('dataset_empty');
    expect((await rejection(upload(t, 'e', 'json', '{"a":1}'))).datasetCode).toBe('dataset_malformed');
    expect((await rejection(upload(t, 'e', 'json', '[{}, {}]'))).datasetCode).toBe('dataset_no_columns');
    expect((await rejection(upload(t, 'e', 'csv', 'a,a\n1,2'))).message).toMatch(/appears twice/);
    expect(await stored(t)).toEqual({ datasets: 0, versions: 0, contents: 0, chunks: 0 });
  });

  it('writes versions from row objects and streams them back in order, in batches', async () => {
    const t = tenant();
    async function* generated() {
      for (let i = 0; i < 12_345; i++) yield { i, even: i % 2 === 0, label: `r${i % 7}`, at: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString() };
    }
    const { version } = await writer.createVersion(t, 'training-set', generated(), { createdBy: 'training-orchestrator' });
    expect(version).toMatchObject({ rows: 12_345, sourceFormat: 'rows' });
    expect(await prisma.datasetChunk.count({ where: { tenantId: t } })).toBe(3);
    let seen = 0;
    let batches = 0;
    for await (const batch of reader.readRows(t, 'training-set', version.version, { batchSize: 1000 })) {
      batches++;
      for (const row of batch) {
        expect(row.i).toBe(seen);
        seen++;
      }
    }
    expect([seen, batches]).toEqual([12_345, 13]);
    const last = (await reader.page(t, 'training-set', 1, 12_344, 10)).rows;
    expect(last).toEqual([{ i: 12_344, even: true, label: 'r3', at: new Date(Date.UTC(2024, 0, 1) + 12_344 * 60_000).toISOString() }]);
  });

  it("never shows one tenant's datasets to another, even under the same name", async () => {
    const mine = tenant();
    const theirs = tenant();
    await upload(mine, 'shared-name', 'csv', 'x\n1\n2');
    await upload(theirs, 'shared-name', 'csv', 'x\n1\n2');
    await upload(theirs, 'only-theirs', 'csv', 'y\nsecret');
    expect(await stored(mine)).toMatchObject({ contents: 1, chunks: 1 });
    expect((await reader.list(mine)).map((d) => d.name)).toEqual(['shared-name']);
    await expect(reader.dataset(mine, 'only-theirs')).rejects.toBeInstanceOf(DatasetNotFoundException);
    await expect(reader.version(mine, 'only-theirs', 1)).rejects.toBeInstanceOf(DatasetNotFoundException);
    await expect(reader.latestVersion(mine, 'only-theirs')).rejects.toBeInstanceOf(DatasetNotFoundException);
    await expect(reader.page(mine, 'only-theirs', 1, 0, 1)).rejects.toBeInstanceOf(DatasetNotFoundException);
    await expect(reader.version(mine, 'shared-name', 2)).rejects.toBeInstanceOf(DatasetVersionNotFoundException);
  });
});
