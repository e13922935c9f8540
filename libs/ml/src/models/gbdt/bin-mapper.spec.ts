import { mulberry32, randomNormal } from '../../random/prng';
import { BinMapper, MISSING_BIN } from './bin-mapper';

describe('BinMapper', () => {
  it('puts edges midway between distinct values when there are few, and NaN in the missing bin', () => {
    const x = Float32Array.of(3, 1, 2, 2, NaN);
    const bins = BinMapper.fit(x, 5, 1, 255, 1);
    expect(Array.from(bins.edges[0])).toEqual([1.5, 2.5]);
    expect(bins.binCount(0)).toBe(3);
    expect(Array.from(bins.transform(x, 5))).toEqual([2, 0, 1, 1, MISSING_BIN]);
    expect(bins.threshold(0, 1)).toBe(2.5);
    expect(bins.threshold(0, 2)).toBe(Infinity);
  });

  it('cuts many distinct values into maxBins bins of near-equal size (quantiles)', () => {
    const rng = mulberry32(1);
    const n = 10_000;
    const x = Float32Array.from({ length: n }, () => randomNormal(rng));
    const bins = BinMapper.fit(x, n, 1, 10, 1);
    expect(bins.binCount(0)).toBe(10);
    const counts = new Array<number>(10).fill(0);
    for (const b of bins.transform(x, n)) counts[b]++;
    for (const c of counts) expect(Math.abs(c - n / 10)).toBeLessThanOrEqual(2);
  });

  it('keeps one bin per value for a heavily tied column instead of empty bins', () => {
    const x = Float32Array.from({ length: 1000 }, (_, i) => (i < 900 ? 0 : i));
    const bins = BinMapper.fit(x, 1000, 1, 8, 1);
    const counts = new Map<number, number>();
    for (const b of bins.transform(x, 1000)) counts.set(b, (counts.get(b) ?? 0) + 1);
    expect(counts.get(0)).toBe(900);
    expect(counts.size).toBe(bins.binCount(0));
  });

  it('satisfies bin(v) ≤ b ⇔ v ≤ threshold(b), so splits on bins and on raw values agree', () => {
    const rng = mulberry32(2);
    const n = 3000;
    const x = Float32Array.from({ length: n * 2 }, (_, i) => (i % 2 === 0 ? Math.round(randomNormal(rng) * 4) / 4 : rng() * 1e6));
    const bins = BinMapper.fit(x, n, 2, 64, 3);
    const binned = bins.transform(x, n);
    let checked = 0;
    let disagreements = 0;
    for (let f = 0; f < 2; f++) {
      for (let b = 0; b < bins.binCount(f); b++) {
        const t = bins.threshold(f, b);
        for (let r = 0; r < n; r++, checked++) if (binned[r * 2 + f] <= b !== x[r * 2 + f] <= t) disagreements++;
      }
    }
    expect(bins.binCount(0)).toBeGreaterThan(20);
    expect(bins.binCount(1)).toBe(64);
    expect(checked).toBeGreaterThan(200_000);
    expect(disagreements).toBe(0);
  });
});
