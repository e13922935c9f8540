import { describeColumn, describeTrainingData, numericStatistics, quantileOfSorted, TOP_CATEGORIES } from './training-data-statistics';

describe('training-data statistics', () => {
  it('describes a numeric column with hand-computed moments and type-7 quantiles', () => {
    // 1..10 and two missing: mean 5.5, population σ = √8.25, median 5.5, p0.1 = 1 + 0.9·1 = 1.9.
    const stats = numericStatistics([...Array.from({ length: 10 }, (_, i) => i + 1), undefined, undefined]);
    expect(stats).toMatchObject({ kind: 'numeric', count: 10, missing: 2, mean: 5.5, min: 1, max: 10 });
    if (stats.kind !== 'numeric') throw new Error('not numeric');
    expect(stats.std).toBeCloseTo(Math.sqrt(8.25), 12);
    expect(stats.quantiles).toMatchObject({ '0.5': 5.5, '0.25': 3.25, '0.75': 7.75 });
    expect(stats.quantiles!['0.1']).toBeCloseTo(1.9, 12);
    expect(stats.quantiles!['0.99']).toBeCloseTo(9.91, 12);
  });

  it('matches numpy.quantile (linear) on an uneven sample', () => {
    // numpy.quantile([7, 1, 3, 15, 4], [0.05, 0.9]) == [1.4, 11.8]
    const sorted = Float64Array.from([7, 1, 3, 15, 4]).sort();
    expect(quantileOfSorted(sorted, 0.05)).toBeCloseTo(1.4, 12);
    expect(quantileOfSorted(sorted, 0.9)).toBeCloseTo(11.8, 12);
    expect(quantileOfSorted(Float64Array.of(42), 0.75)).toBe(42);
  });

  it('reports an all-missing numeric column with counts only', () => {
    expect(numericStatistics([undefined, undefined])).toEqual({ kind: 'numeric', count: 0, missing: 2 });
  });

  it('reads numbers as the trainers do: numeric strings count, stray text is missing', () => {
    const rows = [{ price: '10' }, { price: 20 }, { price: 'n/a' }, { price: '?' }, {}];
    expect(describeColumn(rows, 'price', 'numeric')).toMatchObject({ count: 2, missing: 3, mean: 15, min: 10, max: 20 });
  });

  it('ranks categories by frequency, ties by value, and keeps the top ones', () => {
    const rows = ['b', 'a', 'b', 'c', 'a', 'b', null, ' c '].map((city) => ({ city }));
    const stats = describeColumn(rows, 'city', 'categorical');
    expect(stats).toEqual({
      kind: 'categorical',
      count: 7,
      missing: 1,
      distinct: 3,
      top: [
        { value: 'b', count: 3, frequency: 3 / 7 },
        { value: 'a', count: 2, frequency: 2 / 7 },
        { value: 'c', count: 2, frequency: 2 / 7 },
      ],
    });
    const many = Array.from({ length: 50 }, (_, i) => ({ id: `v${i}` }));
    const manyStats = describeColumn(many, 'id', 'categorical');
    expect(manyStats).toMatchObject({ distinct: 50 });
    expect(manyStats.kind === 'categorical' && manyStats.top).toHaveLength(TOP_CATEGORIES);
  });

  it('spells flags out as true/false and timestamps as their range', () => {
    const rows = [
      { on: 'yes', at: '2024-03-01' },
      { on: 1, at: '2024-01-15T12:00:00+02:00' },
      { on: false, at: 'soon' },
    ];
    expect(describeColumn(rows, 'on', 'boolean')).toMatchObject({ count: 3, top: [{ value: 'true', count: 2 }, { value: 'false', count: 1 }] });
    expect(describeColumn(rows, 'at', 'timestamp')).toEqual({ kind: 'timestamp', count: 2, missing: 1, min: '2024-01-15T10:00:00.000Z', max: '2024-03-01T00:00:00.000Z' });
  });

  it('keys columns by their exact names, even __proto__, and describes the target apart', () => {
    const rows = [{ __proto__x: 1, y: 2 }].map((r) => JSON.parse(JSON.stringify(r).replace('__proto__x', '__proto__')) as Record<string, unknown>);
    const stats = describeTrainingData(rows, [{ name: '__proto__', type: 'numeric' }], { name: 'y', type: 'numeric' });
    expect(Object.keys(stats.columns)).toEqual(['__proto__']);
    expect(stats.columns['__proto__']).toMatchObject({ count: 1, mean: 1 });
    expect(stats).toMatchObject({ rows: 1, target: { kind: 'numeric', mean: 2 } });
  });
});
