import { DatasetRejection } from '../datasets.exception';
import type { RawCell } from './cells';
import { createRowParser, type RowParser } from './row-parsers';

/** Parses `text` fed in pieces of `piece` bytes (1 = every possible split point). */
function parse(format: 'csv' | 'json' | 'ndjson', text: string, piece = 1_000_000) {
  const rows: Array<[number, RawCell[]]> = [];
  const bad: Array<[number, string]> = [];
  const parser: RowParser = createRowParser(format, { row: (line, cells) => rows.push([line, [...cells]]), bad: (line, reason) => bad.push([line, reason]) });
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += piece) parser.write(bytes.subarray(i, i + piece));
  parser.end();
  return { rows, bad, columns: [...parser.columns], warnings: parser.warnings };
}

describe('CSV rows', () => {
  const csv = '\uFEFF"first name",age,note\r\n"Ann, Jr.",30,"said ""hi""\r\nthen left"\r\n\r\nBob,NA,\r\nCid,5\r\n';

  it.each([1, 3, 7, 1000])('reads quoted fields, CRLF, blank lines and counts lines across quoted newlines (pieces of %i bytes)', (piece) => {
    const { rows, bad, columns } = parse('csv', csv, piece);
    expect(columns).toEqual(['first name', 'age', 'note']);
    expect(rows).toEqual([
      [2, ['Ann, Jr.', '30', 'said "hi"\r\nthen left']],
      [5, ['Bob', null, null]],
    ]);
    expect(bad).toEqual([[6, 'expected 3 fields, found 2']]);
  });

  it('detects ; and tab delimiters from the header, names blank headers, rejects duplicates', () => {
    expect(parse('csv', 'a;b\n1;2').rows).toEqual([[2, ['1', '2']]]);
    expect(parse('csv', 'a\tb\n1\t2').rows).toEqual([[2, ['1', '2']]]);
    const blank = parse('csv', ',x\n0,1');
    expect(blank.columns).toEqual(['column_1', 'x']);
    expect(blank.warnings).toEqual(['header column 1 is blank and was named "column_1"']);
    expect(() => parse('csv', 'a,b,a\n1,2,3')).toThrow(/"a" appears twice in the header \(columns 1 and 3\)/);
    expect(() => parse('csv', ' , \n1,2')).toThrow(DatasetRejection);
  });

  it('reports an unclosed quote at the line its record starts', () => {
    const { rows, bad } = parse('csv', 'a,b\n1,2\n3,"open\n4,5\n', 4);
    expect(rows).toEqual([[2, ['1', '2']]]);
    expect(bad).toEqual([[3, 'malformed quoting: Quoted field unterminated']]);
  });
});

describe('NDJSON rows', () => {
  it('reads one object per line, grows columns, reports bad lines and goes on', () => {
    const { rows, bad, columns } = parse('ndjson', '{"a":1,"b":"x"}\n\n{"b":null,"c":true}\nnot json\n[1]\n{"a":2.50}', 5);
    expect(columns).toEqual(['a', 'b', 'c']);
    expect(rows).toEqual([
      [1, ['1', 'x']],
      [3, [null, null, 'true']],
      [6, ['2.5', null, null]],
    ]);
    expect(bad.map(([line]) => line)).toEqual([4, 5]);
    expect(bad[1]![1]).toBe('expected a JSON object, found an array');
  });
});

describe('JSON array rows', () => {
  it('streams the elements of an array of objects, numbering them from 1', () => {
    const { rows, bad, columns } = parse('json', ' [{"a": 1, "nested": {"x": [1, 2]}}, 7, {"b": "é"}]', 3);
    expect(columns).toEqual(['a', 'nested', 'b']);
    expect(rows).toEqual([
      [1, ['1', '{"x":[1,2]}']],
      [3, [null, null, 'é']],
    ]);
    expect(bad).toEqual([[2, 'expected a JSON object, found a number']]);
  });

  it('refuses a body that is not an array, and stops at broken syntax naming the element', () => {
    expect(() => parse('json', '{"a": 1}')).toThrow(/must be an array of objects/);
    try {
      parse('json', '[{"a": 1}, {"a": 2,, }]');
      throw new Error('expected a rejection');
    } catch (error) {
      expect(error).toBeInstanceOf(DatasetRejection);
      expect((error as DatasetRejection).details.rows![0]!.line).toBe(2);
    }
  });
});
