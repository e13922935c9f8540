import { DatasetRejection } from '../datasets.exception';
import { DatasetIngestion, type IngestOptions } from './dataset-ingestion';
import { createRowParser } from './row-parsers';

function ingest(format: 'csv' | 'json' | 'ndjson', text: string, options: Partial<IngestOptions> = {}, piece = 1 << 20) {
  const ingestion = new DatasetIngestion({ onError: 'reject', ...options });
  const parser = createRowParser(format, ingestion);
  ingestion.readFrom(parser, format === 'csv');
  const bytes = Buffer.from(text);
  const chunks = [];
  for (let i = 0; i < bytes.length; i += piece) {
    parser.write(bytes.subarray(i, i + piece));
    chunks.push(...ingestion.takeChunks());
  }
  parser.end();
  const summary = ingestion.finish();
  chunks.push(...ingestion.takeChunks());
  return { summary, chunks };
}

describe('DatasetIngestion', () => {
  const csv = ['id,score,kind,const,empty', '1,10,a,x,', '2,12,b,x,', '1,10,a,x,', '3,11,a,x,', '4,13,b,x,', '5,1000,a,x,'].join('\n');

  it('reports duplicates, constant and empty columns, outliers and warnings', () => {
    const { summary } = ingest('csv', csv);
    expect(summary.rows).toBe(6);
    expect(summary.quality).toEqual({
      duplicates: 1,
      constantColumns: ['const'],
      // score: 10,10,11,12,13,1000 → Q1 10.25, Q3 12.75, upper fence 16.5: 1000 is out.
      outliers: { id: 0, score: 1, empty: 0 },
      warnings: ['column "const" holds a single value', 'column "empty" has no values', '1 row(s) repeat an earlier row'],
    });
  });

  it('packs rows into chunks whose boundaries do not change the content hash', () => {
    const rows = Array.from({ length: 23 }, (_, i) => `${i},${i % 3 === 0 ? '' : i * 2}`);
    const text = ['n,m', ...rows].join('\n');
    const whole = ingest('csv', text, { chunkRows: 10 });
    expect(whole.chunks.map((c) => [c.seq, c.firstRow, c.rows, c.width])).toEqual([
      [0, 0, 10, 2],
      [1, 10, 10, 2],
      [2, 20, 3, 2],
    ]);
    expect(JSON.parse(whole.chunks[0]!.data.toString()).slice(0, 2)).toEqual([['0'], ['1', '2']]);
    const bytewise = ingest('csv', text, { chunkRows: 7 }, 1);
    expect(bytewise.summary.contentHash).toBe(whole.summary.contentHash);
    expect(ingest('csv', text.replace('\n22,44', '\n22,45')).summary.contentHash).not.toBe(whole.summary.contentHash);
  });

  it('gives a CSV and JSON records of one table the same hash (columns in the same order)', () => {
    const fromCsv = ingest('csv', 'a,b,c\n1,x,\n2,,true');
    const fromJson = ingest('json', '[{"a":1,"b":"x"},{"a":2,"b":null,"c":true}]');
    expect(fromJson.summary.contentHash).toBe(fromCsv.summary.contentHash);
    expect(ingest('json', '[{"b":"x","a":1},{"a":2,"c":true}]').summary.contentHash).not.toBe(fromCsv.summary.contentHash);
  });

  it('lists bad rows with their lines: refused with reject, left out with skip', () => {
    const text = 'a,b\n1,2\n3\n4,5,6\n7,8';
    try {
      ingest('csv', text);
      throw new Error('expected a rejection');
    } catch (error) {
      expect(error).toBeInstanceOf(DatasetRejection);
      expect((error as DatasetRejection).details).toMatchObject({ rejectedCount: 2, rows: [{ line: 3 }, { line: 4 }] });
    }
    const skipped = ingest('csv', text, { onError: 'skip' }).summary;
    expect([skipped.rows, skipped.rejectedCount]).toEqual([2, 2]);
    expect(skipped.quality.warnings).toContain('2 bad row(s) were skipped');
  });

  it('counts a column that appears part-way through JSON records as missing before it', () => {
    const { summary } = ingest('ndjson', '{"a":1}\n{"a":2}\n{"a":3,"late":"x"}');
    expect(summary.columns).toEqual(['a', 'late']);
    expect(summary.profiles[1]).toMatchObject({ name: 'late', missing: 2, distinct: 1 });
  });
});
