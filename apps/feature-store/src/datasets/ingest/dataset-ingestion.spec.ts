import { mulberry32 } from '@foresight/ml';
import { DatasetRejection } from '../datasets.exception';
import { DatasetIngestion, type IngestOptions } from './dataset-ingestion';
import { createRowParser, type RowHandler } from './row-parsers';

/** `viaStrings` hands the parser a plain RowHandler, so CSV records arrive as strings (Papa Parse) rather than byte ranges. */
function ingest(format: 'csv' | 'json' | 'ndjson', text: string, options: Partial<IngestOptions> = {}, piece = 1 << 20, viaStrings = false) {
  const ingestion = new DatasetIngestion({ onError: 'reject', ...options });
  const handler: RowHandler = viaStrings ? { row: (line, cells) => ingestion.row(line, cells), bad: (line, reason) => ingestion.bad(line, reason) } : ingestion;
  const parser = createRowParser(format, handler);
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

  describe('reads CSV bytes exactly as it reads CSV strings', () => {
    const random = mulberry32(11);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const cells = ['', ' ', 'NA', 'n/A', 'null', 'None', '-1.#IND', '0', '1', '-0', '42', ' 7 ', '3.25', '-1e3', '1e400', '12345678901234567', '.5',
      'yes', 'NO', ' true', 'False', 'nope', '2024-02-29', '2024-01-01T10:00:00.123Z', '2024-1-2 3:04 +05:30', '2023-02-29', 'Paris', 'café', '東京', '😀',
      'a\\b', 'tab\there', 'bell\u0001', 'x'.repeat(80), 'é'.repeat(70), 'end\r'];
    const table = (delimiter: string, newline: string, rows: number) => {
      const lines = ['id,a,b,c,d'.replace(/,/g, delimiter)];
      for (let i = 0; i < rows; i++) {
        const roll = random();
        if (roll < 0.02) lines.push('');
        else if (roll < 0.04) lines.push([i, pick(cells)].join(delimiter));
        else if (roll < 0.06 && i > 0) lines.push(lines[lines.length - 1]!);
        else lines.push([String(i % 50), pick(cells), pick(cells), pick(cells), random() < 0.3 ? '' : pick(cells)].join(delimiter));
      }
      return lines.join(newline);
    };

    it.each([
      [',', '\n', 4096, false],
      [',', '\r\n', 97, true],
      [';', '\n', 5, false],
      ['\t', '\r\n', 1024, true],
      ['|', '\n', 1, true],
    ])('delimiter %j, line ending %j, pieces of %i bytes, a quoted record: %p', (delimiter, newline, piece, quoted) => {
      let text = table(delimiter, newline, 600);
      // A quoted record part-way: the pieces holding it go through Papa Parse, the others not.
      if (quoted) text = text.replace(`${newline}7${delimiter}`, `${newline}"7"${delimiter}`);
      const fields = jest.spyOn(DatasetIngestion.prototype, 'fields');
      const bytewise = ingest('csv', text, { onError: 'skip', chunkRows: 64 }, piece);
      expect(fields.mock.calls.length).toBeGreaterThan(300);
      fields.mockRestore();
      const stringwise = ingest('csv', text, { onError: 'skip', chunkRows: 64 }, piece, true);
      expect(bytewise.summary).toEqual(stringwise.summary);
      expect(bytewise.summary.rejectedCount).toBeGreaterThan(0);
      expect(bytewise.summary.quality.duplicates).toBeGreaterThan(0);
      expect(bytewise.chunks.map((c) => [c.seq, c.firstRow, c.rows, c.width, c.data.toString()])).toEqual(
        stringwise.chunks.map((c) => [c.seq, c.firstRow, c.rows, c.width, c.data.toString()]),
      );
      const stored = bytewise.chunks.flatMap((c) => JSON.parse(c.data.toString()) as unknown[]);
      expect(stored).toHaveLength(bytewise.summary.rows);
    });

    it('stores a cell as JSON.stringify writes it, whatever ASCII it holds', () => {
      const all = Array.from({ length: 127 }, (_, b) => String.fromCharCode(b + 1)).filter((c) => c !== ',' && c !== '\n' && c !== '"');
      const text = `v\n${all.map((c) => `x${c}y`).join('\n')}\n`;
      const { chunks } = ingest('csv', text, {}, 64);
      expect(chunks[0]!.data.toString()).toBe(JSON.stringify(all.map((c) => [`x${c}y`])));
    });
  });
});
