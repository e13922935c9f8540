import { inferColumnTypes, profileColumns } from './column-types';
import { cell, columnNames } from './row';

describe('inferColumnTypes', () => {
  const rows: unknown[] = [
    { 'Avg Temp (°C)': '21.5', 'is holiday?': 'yes', store: 'A-1', when: '2024-03-01', 'count 0/1': 0, score: 1 },
    { 'Avg Temp (°C)': ' 19 ', 'is holiday?': 'NO', store: 'B', when: '2024-03-02T10:00:00Z', 'count 0/1': 1, score: '1e3' },
    { 'Avg Temp (°C)': 'NA', 'is holiday?': true, store: '', when: null, 'count 0/1': 1, score: -2 },
    { 'Avg Temp (°C)': 22, 'is holiday?': 'false', store: 'A-1', when: 'N/A', 'count 0/1': 0, score: ' 3.25 ' },
    { 'Avg Temp (°C)': null, 'is holiday?': null, store: 'C', when: '2024-03-04 08:30' },
  ];

  it('classifies messy columns and keeps their names byte for byte', () => {
    expect(inferColumnTypes(rows)).toEqual({
      'Avg Temp (°C)': 'numeric',
      'is holiday?': 'boolean',
      store: 'categorical',
      when: 'timestamp',
      'count 0/1': 'numeric', // 0/1 numbers are numbers, not flags
      score: 'numeric',
    });
  });

  it('reads a column that mixes true/false with 0/1 as one boolean column', () => {
    expect(inferColumnTypes([{ f: true }, { f: 0 }, { f: '1' }, { f: 'false' }])).toEqual({ f: 'boolean' });
  });

  it('keeps a mostly-numeric column numeric despite a stray word (the word counts as missing later)', () => {
    const values = [...Array.from({ length: 40 }, (_, i) => ({ price: String(i * 1.5) })), { price: 'unknown' }];
    expect(inferColumnTypes(values)).toEqual({ price: 'numeric' });
    const half = [{ price: '1' }, { price: 'cheap' }, { price: '2' }, { price: 'dear' }];
    expect(inferColumnTypes(half)).toEqual({ price: 'categorical' });
  });

  it('only classifies the requested columns, counting absent cells as missing', () => {
    const profiles = profileColumns(rows, ['score', 'not there']);
    expect([...profiles.keys()]).toEqual(['score', 'not there']);
    expect(profiles.get('score')).toEqual({ type: 'numeric', missing: 1, present: 4 });
    expect(profiles.get('not there')).toEqual({ type: 'numeric', missing: 5, present: 0 });
  });

  it('reads columns named like Object.prototype members as ordinary columns', () => {
    const tricky = JSON.parse('[{"__proto__": "x", "constructor": 5}, {"toString": "a"}]') as unknown[];
    expect(columnNames(tricky)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(cell(tricky[1], 'constructor')).toBeUndefined();
    const types = inferColumnTypes(tricky);
    expect(Object.keys(types)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(types['constructor']).toBe('numeric');
    expect(Object.getPrototypeOf(types)).toBe(Object.prototype);
  });

  it('skips rows that are not objects', () => {
    expect(inferColumnTypes([null, 3, 'x', [1, 2], { a: 1 }, { a: 2.5 }])).toEqual({ a: 'numeric' });
  });
});
