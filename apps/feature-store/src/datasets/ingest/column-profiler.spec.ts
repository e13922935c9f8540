import { parseNumber, profileColumn } from '@foresight/ml';
import { cellFromText } from './cells';
import { ColumnProfiler, EXACT_DISTINCT_CAP, inferType, plainNumber } from './column-profiler';

const profileOf = (name: string, values: Array<string | null>) => {
  const p = new ColumnProfiler(name);
  for (const v of values) p.add(v === null ? null : cellFromText(v));
  return p;
};

describe('ColumnProfiler', () => {
  it('computes hand-checked numeric stats: Welford mean/std, min/max, type-7 quantiles', () => {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sample variance 32/7, std 2.138089935
    const p = profileOf('x', ['2', '4', '4', '4', '5', '5', '7', '9', '', 'NA']);
    const profile = p.profile(inferType(p.evidence()));
    expect(profile).toMatchObject({ type: 'integer', missing: 2, invalid: 0, distinct: 5, min: 2, max: 9, mean: 5, std: 2.1380899353 });
    // numpy.quantile([2,4,4,4,5,5,7,9], [.01,.05,.25,.5,.75,.95,.99]) = 2.14, 2.7, 4, 4.5, 5.5, 8.3, 8.86
    expect(profile.quantiles).toEqual({ p1: 2.14, p5: 2.7, p25: 4, p50: 4.5, p75: 5.5, p95: 8.3, p99: 8.86 });
  });

  it('counts outliers outside Tukey fences (1.5 IQR)', () => {
    // Q1 = 3.25, Q3 = 7.75, IQR 4.5: fences -3.5 and 14.5 → 100 and -20 are outliers.
    const p = profileOf('v', ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '100', '-20']);
    expect(p.outliers()).toBe(2);
  });

  it.each([
    [['Yes', 'no', ' true ', 'FALSE', '1', '0', ''], 'boolean'],
    [['1', '0', '1', '0'], 'integer'],
    [['1.5', '2', '3e2', ' 4 ', ...Array.from({ length: 16 }, (_, i) => String(i)), '?'], 'number'],
    [['2024-01-01', '2024/02/03 10:00', '2024-03-04T05:06:07Z', 'N/A'], 'timestamp'],
    [['red', 'green', 'red', '7'], 'category'],
    [[null, '', 'NA', 'null'], 'number'],
  ])('infers %p as %s, agreeing with libs/ml profileColumn', (values, expected) => {
    const p = profileOf('c', values as string[]);
    const type = inferType(p.evidence());
    expect(type).toBe(expected);
    const ml = profileColumn(values).type;
    expect({ integer: 'numeric', number: 'numeric', boolean: 'boolean', timestamp: 'timestamp', category: 'categorical', text: 'categorical' }[type]).toBe(ml);
  });

  it('calls mostly-unique or long strings text, reads a stray token in a numeric column as invalid', () => {
    const names = profileOf('name', Array.from({ length: 60 }, (_, i) => `person ${i}`));
    expect(inferType(names.evidence())).toBe('text');
    const prices = profileOf('price', [...Array.from({ length: 40 }, (_, i) => String(i + 0.5)), 'unknown']);
    expect(prices.profile(inferType(prices.evidence()))).toMatchObject({ type: 'number', invalid: 1, missing: 0 });
  });

  it('counts distinct values exactly up to the cap, then estimates within 3%', () => {
    const small = profileOf('s', ['a', ' a', 'b', 'a ']);
    expect(small.profile('category')).toMatchObject({ distinct: 2, topValues: [{ value: 'a', count: 3 }, { value: 'b', count: 1 }] });
    const n = 100_000;
    const big = new ColumnProfiler('big');
    for (let i = 0; i < n; i++) big.add(`v${i}`);
    const profile = big.profile('text');
    expect(profile.distinctApproximate).toBe(true);
    expect(profile.distinct).toBeGreaterThan(EXACT_DISTINCT_CAP);
    expect(Math.abs(profile.distinct - n) / n).toBeLessThan(0.03);
  });

  it('reads numbers exactly as libs/ml parseNumber does', () => {
    const cases = ['0', '-0', '+1', '1.', '.5', '-.5', '1e3', '1E-3', '2.5e+10', '1e400', '.', '-', '+', 'e5', '1e', '1e+', '0x10', '1_000', '1,5', 'Infinity', 'NaN', '12a', 'a12', '١٢', '00012', '9007199254740993'];
    for (const c of cases) expect([c, plainNumber(c)]).toEqual([c, parseNumber(c)]);
  });
});
