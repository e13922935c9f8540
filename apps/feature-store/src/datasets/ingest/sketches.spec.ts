import { mulberry32 } from '@foresight/ml';
import { FingerprintSet, hash53, HyperLogLog, quantileSorted, Reservoir } from './sketches';

describe('streaming sketches', () => {
  it('quantileSorted interpolates between closest ranks like numpy', () => {
    const xs = [1, 2, 3, 4];
    expect([0, 0.25, 0.5, 0.9, 1].map((p) => quantileSorted(xs, p))).toEqual([1, 1.75, 2.5, 3.7, 4]);
    expect(quantileSorted([7], 0.3)).toBe(7);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });

  it('Reservoir keeps every value below capacity and a uniform sample above it', () => {
    const small = new Reservoir(10, mulberry32(1));
    [5, 3, 9].forEach((x) => small.add(x));
    expect([...small.sorted()]).toEqual([3, 5, 9]);

    // 100 samples of 1000 from 0..99,999: each decile should hold ~100 of them.
    const r = new Reservoir(1000, mulberry32(7));
    for (let i = 0; i < 100_000; i++) r.add(i);
    const deciles = new Array(10).fill(0);
    for (const x of r.sorted()) deciles[Math.floor(x / 10_000)]++;
    for (const d of deciles) expect(Math.abs(d - 100)).toBeLessThan(40);
    expect(quantileSorted(r.sorted(), 0.5)).toBeGreaterThan(45_000);
    expect(quantileSorted(r.sorted(), 0.5)).toBeLessThan(55_000);
  });

  it('HyperLogLog estimates cardinality within 3% (standard error 0.8%) and ignores repeats', () => {
    for (const n of [1000, 50_000, 300_000]) {
      const h = new HyperLogLog();
      for (let i = 0; i < n; i++) {
        h.add(`id-${i}`);
        h.add(`id-${i}`);
      }
      expect(Math.abs(h.count() - n) / n).toBeLessThan(0.03);
    }
  });

  it('FingerprintSet finds repeats, grows, and stops admitting at its bound', () => {
    const s = new FingerprintSet(100_000);
    for (let i = 0; i < 70_000; i++) expect(s.addOrHas(hash53(`row ${i}`))).toBe(false);
    for (let i = 0; i < 70_000; i += 7) expect(s.addOrHas(hash53(`row ${i}`))).toBe(true);
    const bounded = new FingerprintSet(2);
    bounded.addOrHas(1);
    bounded.addOrHas(2);
    expect(bounded.addOrHas(3)).toBe(false);
    expect(bounded.addOrHas(3)).toBe(false);
    expect(bounded.addOrHas(1)).toBe(true);
  });

  it('hash53 is a deterministic 53-bit integer', () => {
    expect(hash53('a')).toBe(hash53('a'));
    expect(hash53('a')).not.toBe(hash53('b'));
    expect(Number.isSafeInteger(hash53('anything at all'))).toBe(true);
  });
});
