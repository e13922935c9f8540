import { DatasetErrorCode } from '@foresight/contracts';
import { DatasetRejection } from '../datasets.exception';
import { DatasetIngestion } from './dataset-ingestion';
import { IngestThread } from './ingest-thread';
import { createRowParser } from './row-parsers';

describe('IngestThread', () => {
  const thread = new IngestThread();
  afterAll(() => thread.close());

  const csv = (rows: number, salt: string) => ['id,name,score', ...Array.from({ length: rows }, (_, i) => `${i},${salt}-${i % 7},${(i * 0.37).toFixed(2)}`)].join('\n');

  function inProcess(text: string) {
    const ingestion = new DatasetIngestion({ onError: 'reject', chunkRows: 100 });
    const parser = createRowParser('csv', ingestion);
    ingestion.readFrom(parser, true);
    parser.write(Buffer.from(text));
    parser.end();
    return ingestion.finish();
  }

  it('ingests uploads side by side, each as this thread would', async () => {
    const texts = [csv(1200, 'a'), csv(700, 'b')];
    const remotes = texts.map(() => thread.start('csv', { onError: 'reject', chunkRows: 100 }));
    const chunks: number[][] = [[], []];
    const pieces = texts.map((t) => Buffer.from(t)).map((b) => Array.from({ length: Math.ceil(b.length / 1000) }, (_, i) => b.subarray(i * 1000, (i + 1) * 1000)));
    for (let i = 0; i < Math.max(...pieces.map((p) => p.length)); i++) {
      for (const u of [0, 1]) {
        const piece = pieces[u]![i];
        if (piece === undefined) continue;
        remotes[u]!.write(piece);
        chunks[u]!.push(...(await remotes[u]!.take(1)).map((c) => c.rows));
      }
    }
    const results = await Promise.all(remotes.map((r) => r.finish()));
    results.forEach((result, u) => {
      chunks[u]!.push(...result.chunks.map((c) => c.rows));
      expect(result.summary).toEqual(inProcess(texts[u]!));
      expect(chunks[u]!.reduce((a, b) => a + b, 0)).toBe(result.summary.rows);
      expect(result.chunks.every((c) => Buffer.isBuffer(c.data))).toBe(true);
    });
  });

  it('hands back the rejection the data earns, with its details', async () => {
    const remote = thread.start('csv', { onError: 'reject' });
    remote.write(Buffer.from('a,b\n1,2\n3\n'));
    const error = await remote.finish().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatasetRejection);
    expect(error).toMatchObject({ datasetCode: DatasetErrorCode.RowsInvalid, details: { rejectedCount: 1, rows: [{ line: 3, reason: 'expected 2 fields, found 1' }] } });
  });
});
