import { MlArtifactError } from '../errors/ml-input.error';
import { TabularPreprocessor } from './tabular-preprocessor';

/** The row of a transform result as a name → value record, for readable assertions. */
function rowOf(p: TabularPreprocessor, m: { data: Float32Array; cols: number }, r: number): Record<string, number> {
  return Object.fromEntries(p.outputNames.map((name, c) => [name, m.data[r * m.cols + c]]));
}

describe('TabularPreprocessor', () => {
  // Messy training rows: numeric strings with spaces, a missing-token zoo, flags as words,
  // dates with and without time, punctuation and spaces in column names, an unknown column.
  const training: unknown[] = [
    { 'Avg Temp (°C)': '10', 'is holiday?': 'yes', store: 'A', 'opened at': '2024-03-01', extra: 'ignored' },
    { 'Avg Temp (°C)': ' 20 ', 'is holiday?': 'no', store: 'B', 'opened at': '2024-03-02T10:00:00Z' },
    { 'Avg Temp (°C)': 30, 'is holiday?': 'TRUE', store: 'A', 'opened at': '2024-03-03' },
    { 'Avg Temp (°C)': 'NA', 'is holiday?': null, store: ' ', 'opened at': 'N/A' },
  ];
  const features = ['Avg Temp (°C)', 'is holiday?', 'store', 'opened at'];
  const p = TabularPreprocessor.fit(training, { features });

  it('lays out one block per feature, indicators only where training had gaps', () => {
    expect(p.features).toEqual([
      { name: 'Avg Temp (°C)', type: 'numeric' },
      { name: 'is holiday?', type: 'boolean' },
      { name: 'store', type: 'categorical' },
      { name: 'opened at', type: 'timestamp' },
    ]);
    expect(p.outputNames).toEqual([
      'Avg Temp (°C)',
      'Avg Temp (°C)__missing',
      'is holiday?',
      'is holiday?__missing',
      'store=A',
      'store=B',
      'opened at__year',
      'opened at__month',
      'opened at__dow',
      'opened at__doy',
      'opened at__missing',
    ]);
    const noGaps = TabularPreprocessor.fit([{ x: 1 }, { x: '2' }], { features: ['x'] });
    expect(noGaps.outputNames).toEqual(['x']);
  });

  it('imputes the training median, then standardises with the imputed column’s mean and σ', () => {
    // observed 10, 20, 30 → median 20; imputed column 10, 20, 30, 20 → mean 20, σ = √(200/4) = √50
    const m = p.transform(training);
    const sigma = Math.sqrt(50);
    const temps = [0, 1, 2, 3].map((r) => rowOf(p, m, r)['Avg Temp (°C)']);
    expect(temps[0]).toBeCloseTo(-10 / sigma, 6);
    expect(temps[1]).toBeCloseTo(0, 6);
    expect(temps[2]).toBeCloseTo(10 / sigma, 6);
    expect(temps[3]).toBeCloseTo(0, 6);
    expect([0, 1, 2, 3].map((r) => rowOf(p, m, r)['Avg Temp (°C)__missing'])).toEqual([0, 0, 0, 1]);
  });

  it('encodes flags as 0/1 and fills gaps with the training mode (yes, no, TRUE → mode 1)', () => {
    const m = p.transform(training);
    expect([0, 1, 2, 3].map((r) => rowOf(p, m, r)['is holiday?'])).toEqual([1, 0, 1, 1]);
    expect([0, 1, 2, 3].map((r) => rowOf(p, m, r)['is holiday?__missing'])).toEqual([0, 0, 0, 1]);
  });

  it('expands dates into standardised UTC calendar parts', () => {
    // 2024-03-01 is a Friday (dow 5), day of year 31 + 29 + 1 = 61; 03-02 Sat (6, 62); 03-03 Sun (0, 63).
    // Observed dows 5, 6, 0 → median 5; imputed 5, 6, 0, 5 → mean 4, σ = √((1 + 4 + 16 + 1)/4) = √5.5
    const m = p.transform([{ 'opened at': '2024-03-01' }, { 'opened at': 'garbage' }]);
    const friday = rowOf(p, m, 0);
    expect(friday['opened at__dow']).toBeCloseTo((5 - 4) / Math.sqrt(5.5), 6);
    expect(friday['opened at__year']).toBe(0); // constant year: σ reported as 1, centred to 0
    expect(friday['opened at__month']).toBe(0);
    // doy observed 61, 62, 63 → median 62; imputed 61, 62, 63, 62 → mean 62, σ = √0.5
    expect(friday['opened at__doy']).toBeCloseTo(-1 / Math.sqrt(0.5), 5);
    expect(friday['opened at__missing']).toBe(0);
    const unreadable = rowOf(p, m, 1);
    expect(unreadable['opened at__dow']).toBeCloseTo((5 - 4) / Math.sqrt(5.5), 6);
    expect(unreadable['opened at__doy']).toBe(0);
    expect(unreadable['opened at__missing']).toBe(1);
  });

  it('one-hot encodes training categories; unseen and missing categories are all zeros', () => {
    const m = p.transform([{ store: 'B' }, { store: 'Z' }, { store: null }, { store: ' A ' }]);
    expect([0, 1, 2, 3].map((r) => [rowOf(p, m, r)['store=A'], rowOf(p, m, r)['store=B']])).toEqual([
      [0, 1],
      [0, 0],
      [0, 0],
      [1, 0],
    ]);
  });

  it('keeps the most frequent categories and sends the rest, seen or not, to __other__', () => {
    const rows = ['a', 'a', 'a', 'b', 'b', 'c', 'd'].map((color) => ({ color }));
    const capped = TabularPreprocessor.fit(rows, { features: ['color'], maxCategories: 2 });
    expect(capped.outputNames).toEqual(['color=a', 'color=b', 'color=__other__']);
    const m = capped.transform([{ color: 'a' }, { color: 'c' }, { color: 'never seen' }, { color: '' }]);
    expect(Array.from(m.data)).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0]);
  });

  it('breaks frequency ties by name so the layout does not depend on row order', () => {
    const a = TabularPreprocessor.fit([{ c: 'y' }, { c: 'x' }, { c: 'z' }], { features: ['c'], maxCategories: 2 });
    const b = TabularPreprocessor.fit([{ c: 'z' }, { c: 'x' }, { c: 'y' }], { features: ['c'], maxCategories: 2 });
    expect(a.outputNames).toEqual(['c=x', 'c=y', 'c=__other__']);
    expect(b.outputNames).toEqual(a.outputNames);
  });

  it('never throws on what inference rows contain: absent features, extra columns, non-objects, nonsense values', () => {
    const m = p.transform([{}, { unrelated: 1 }, null, 42, { 'Avg Temp (°C)': 'hot', 'is holiday?': 'perhaps', store: { x: 1 } }]);
    expect(m.rows).toBe(5);
    expect(m.cols).toBe(p.outputNames.length);
    expect(m.data.every(Number.isFinite)).toBe(true);
    // every one of these rows reads as "all missing", so they are identical
    const width = m.cols;
    for (let r = 1; r < 5; r++) expect(Array.from(m.data.subarray(r * width, (r + 1) * width))).toEqual(Array.from(m.data.subarray(0, width)));
    expect(rowOf(p, m, 0)['Avg Temp (°C)__missing']).toBe(1);
  });

  it('honours explicit types over inference', () => {
    const q = TabularPreprocessor.fit([{ zip: 1001 }, { zip: 2002 }], { features: ['zip'], types: { zip: 'categorical' } });
    expect(q.outputNames).toEqual(['zip=1001', 'zip=2002']);
    expect(Array.from(q.transform([{ zip: '2002' }]).data)).toEqual([0, 1]);
  });

  it('round-trips through JSON exactly', () => {
    const restored = TabularPreprocessor.fromJSON(JSON.parse(JSON.stringify(p.toJSON())));
    expect(restored.toJSON()).toEqual(p.toJSON());
    expect(restored.outputNames).toEqual(p.outputNames);
    const probe = [...training, { store: 'Z', 'opened at': '1999-12-31T23:59:59+01:00' }];
    expect(restored.transform(probe).data).toEqual(p.transform(probe).data);
  });

  it('is not changed by mutating what toJSON returned', () => {
    const json = p.toJSON() as unknown as { features: { name: string }[] };
    json.features[0].name = 'hacked';
    expect(p.outputNames[0]).toBe('Avg Temp (°C)');
  });

  it('rejects JSON that is not a preprocessor', () => {
    expect(() => TabularPreprocessor.fromJSON({ version: 2, features: [] })).toThrow(MlArtifactError);
    expect(() => TabularPreprocessor.fromJSON({ version: 1, features: [{ name: 'x', type: 'numeric', fill: 0 }] })).toThrow(/scale/);
    expect(() =>
      TabularPreprocessor.fromJSON({ version: 1, features: [{ name: 'x', type: 'categorical', categories: ['a', 'a'], other: false }] }),
    ).toThrow(/duplicates/);
    expect(() => TabularPreprocessor.fromJSON({ version: 1, features: [{ name: 'x', type: 'text' }] })).toThrow(/unknown type/);
  });
});
