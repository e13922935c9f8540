import { createHash } from 'node:crypto';
import { hashRows } from './rows-hash';

describe('hashRows', () => {
  it('is SHA-256 of the rows as key-sorted JSON lines', () => {
    const expected = createHash('sha256').update('{"a":1,"b":"x"}\n{"c":null,"d":{"e":2,"f":[3,{"g":4,"h":5}]}}').digest('hex');
    expect(hashRows([{ b: 'x', a: 1 }, { d: { f: [3, { h: 5, g: 4 }], e: 2 }, c: null }])).toBe(expected);
  });

  it('ignores key order, but not row order or values', () => {
    const base = hashRows([{ a: 1, b: 2 }, { a: 3 }]);
    expect(hashRows([{ b: 2, a: 1 }, { a: 3 }])).toBe(base);
    expect(hashRows([{ a: 3 }, { a: 1, b: 2 }])).not.toBe(base);
    expect(hashRows([{ a: 1, b: '2' }, { a: 3 }])).not.toBe(base);
  });

  it('gives the same hash before and after a JSON round trip', () => {
    const rows = [{ a: undefined, b: NaN, c: new Date(Date.UTC(2024, 0, 1)), 'x y': 1 }];
    expect(hashRows(rows)).toBe(hashRows(JSON.parse(JSON.stringify(rows)) as unknown[]));
  });
});
