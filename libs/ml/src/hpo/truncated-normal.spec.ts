import { mulberry32 } from '../random/prng';
import { logNormalCdf, logNormalMass, normalCdf, sampleTruncatedNormal } from './truncated-normal';

// Reference values from mpmath (30 digits, rounded to double) (ncdf and log of differences of ncdf).
describe('normal CDF in log space', () => {
  it.each([
    [0, 0.5],
    [1.96, 0.9750021048517795],
    [-1, 0.15865525393145705],
    [-5, 2.8665157187919391e-7],
  ])('Φ(%d) to 1.2e-7 relative', (z, expected) => {
    expect(Math.abs(normalCdf(z) / expected - 1)).toBeLessThan(1.2e-7);
  });

  it('stays finite far in the lower tail, where Φ itself underflows: ln Φ(−40) = −804.60844…', () => {
    expect(logNormalCdf(-40)).toBeCloseTo(-804.6084420137538, 5);
  });

  it.each([
    [2.999, 3, -12.325193603978615],
    [10, 10.5, -53.2369693691721],
    [-10.5, -10, -53.2369693691721],
    [-1, 2, Math.log(0.8185946141203637)],
  ])('ln(Φ(b) − Φ(a)) on [%d, %d]', (a, b, expected) => {
    expect(Math.abs(logNormalMass(a, b) - expected)).toBeLessThan(1e-5);
  });
});

describe('sampleTruncatedNormal', () => {
  it('stays in the interval and matches the truncated mean and variance (scipy truncnorm: 0.327578, 0.030779)', () => {
    const rng = mulberry32(1);
    const n = 100_000;
    let sum = 0;
    let sumSq = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const x = sampleTruncatedNormal(rng, 0.3, 0.2, 0, 1);
      if (x < 0 || x > 1) outside++;
      sum += x;
      sumSq += x * x;
    }
    const mean = sum / n;
    expect(outside).toBe(0);
    expect(Math.abs(mean - 0.32757779316963054)).toBeLessThan(0.002);
    expect(Math.abs(sumSq / n - mean * mean - 0.030779049141063716)).toBeLessThan(0.001);
  });

  it('samples an interval in the upper tail without collapsing onto its edge', () => {
    const rng = mulberry32(2);
    const xs = Array.from({ length: 2000 }, () => sampleTruncatedNormal(rng, 0, 1, 6, 7));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(6);
    expect(Math.max(...xs)).toBeLessThanOrEqual(7);
    // scipy truncnorm(6, 7).mean() − 6 = 0.157211.
    const excess = xs.reduce((s, x) => s + x - 6, 0) / xs.length;
    expect(Math.abs(excess - 0.1572109)).toBeLessThan(0.01);
  });
});
