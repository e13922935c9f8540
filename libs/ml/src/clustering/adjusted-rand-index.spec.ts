import { mulberry32, randomInt } from '../random/prng';
import { adjustedRandIndex } from './adjusted-rand-index';

describe('adjustedRandIndex', () => {
  it('is 1 for the same partition under any label names, DBSCAN noise included', () => {
    expect(adjustedRandIndex([0, 0, 1, 1, 2], [0, 0, 1, 1, 2])).toBe(1);
    expect(adjustedRandIndex([0, 0, 1, 1, 2], [7, 7, -1, -1, 3])).toBe(1);
  });

  it('matches hand-computed values', () => {
    // Contingency of [0,0,1,2] × [0,0,1,1]: cells 2,1,1 → Σ C(nᵢⱼ,2) = 1; margins Σ C(aᵢ,2) = 1,
    // Σ C(bⱼ,2) = 2; E = 1·2/C(4,2) = 1/3; max = 3/2 → (1 − 1/3)/(3/2 − 1/3) = 4/7.
    expect(adjustedRandIndex([0, 0, 1, 2], [0, 0, 1, 1])).toBeCloseTo(4 / 7, 15);
    // Crossed halves: index 0, E = 2·2/6 = 2/3, max = 2 → (0 − 2/3)/(2 − 2/3) = −1/2, below chance.
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 15);
    // One cluster against all singletons: index 0, E = 0 → 0.
    expect(adjustedRandIndex([0, 0, 0, 0], [0, 1, 2, 3])).toBe(0);
  });

  it('scores 1 when both partitions are trivial in the same way (zero denominator)', () => {
    expect(adjustedRandIndex([1, 1, 1], [5, 5, 5])).toBe(1);
    expect(adjustedRandIndex([0, 1, 2], [2, 0, 1])).toBe(1);
    expect(adjustedRandIndex([], [])).toBe(1);
  });

  it('is near 0 for independent random labellings of 2000 points', () => {
    const rng = mulberry32(9);
    const a = Array.from({ length: 2000 }, () => randomInt(rng, 4));
    const b = Array.from({ length: 2000 }, () => randomInt(rng, 4));
    expect(Math.abs(adjustedRandIndex(a, b))).toBeLessThan(0.01);
  });

  it('refuses labellings of different lengths', () => {
    expect(() => adjustedRandIndex([0, 1], [0])).toThrow(RangeError);
  });
});
