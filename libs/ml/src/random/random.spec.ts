import { deriveSeed, mulberry32, randomNormal } from './prng';
import { permutation, shuffleInPlace } from './shuffle';

/** mulberry32 as published by its author (bryc/code, jshash/PRNGs.md), kept verbatim as the oracle. */
function referenceMulberry32(a: number) {
  return function () {
    let t = (a += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('mulberry32', () => {
  it.each([0, 1, 42, 0xdeadbeef, 2 ** 31 - 1])('matches the reference implementation for seed %d', (seed) => {
    const ours = mulberry32(seed);
    const ref = referenceMulberry32(seed);
    const a = Array.from({ length: 10_000 }, () => ours());
    const b = Array.from({ length: 10_000 }, () => ref());
    expect(a).toEqual(b);
  });

  it('is uniform on [0, 1): mean ≈ 1/2, variance ≈ 1/12, every decile used', () => {
    const rng = mulberry32(7);
    const n = 100_000;
    const deciles = new Array<number>(10).fill(0);
    let sum = 0;
    let sumSq = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = rng();
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
      sumSq += u * u;
      deciles[Math.floor(u * 10)]++;
    }
    const mean = sum / n;
    expect(outside).toBe(0);
    expect(mean).toBeCloseTo(0.5, 2);
    expect(sumSq / n - mean * mean).toBeCloseTo(1 / 12, 2);
    for (const count of deciles) expect(Math.abs(count - n / 10)).toBeLessThan(500);
  });

  it('gives standard normals through Box–Muller', () => {
    const rng = mulberry32(3);
    const xs = Array.from({ length: 50_000 }, () => randomNormal(rng));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(variance).toBeCloseTo(1, 1);
  });

  it('derives distinct sub-seeds per label and per seed', () => {
    const seeds = new Set([deriveSeed(42, 'split'), deriveSeed(42, 'init'), deriveSeed(42, 'epochs'), deriveSeed(43, 'split')]);
    expect(seeds.size).toBe(4);
    expect(deriveSeed(42, 'split')).toBe(deriveSeed(42, 'split'));
  });
});

describe('Fisher–Yates shuffle', () => {
  it('returns a permutation and is reproducible from the seed', () => {
    const p = permutation(1000, mulberry32(1));
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(permutation(1000, mulberry32(1))).toEqual(p);
    expect(permutation(1000, mulberry32(2))).not.toEqual(p);
  });

  it('shuffles arrays of any element type in place', () => {
    const items = ['a', 'b', 'c', 'd'];
    const same = shuffleInPlace(items, mulberry32(5));
    expect(same).toBe(items);
    expect([...items].sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('makes all 6 orders of 3 items equally likely (χ² with 5 df below the 0.1% critical value 20.52)', () => {
    const rng = mulberry32(11);
    const counts = new Map<string, number>();
    const trials = 60_000;
    for (let t = 0; t < trials; t++) {
      const key = shuffleInPlace([0, 1, 2], rng).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    const expected = trials / 6;
    const chi2 = [...counts.values()].reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(20.52);
  });
});
