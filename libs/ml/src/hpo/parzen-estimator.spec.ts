import { mulberry32 } from '../random/prng';
import { observationWeights, ParzenEstimator, parzenBandwidths } from './parzen-estimator';
import { validateSearchSpace } from './search-space';

const options = { priorWeight: 1, magicClip: true };

describe('observationWeights', () => {
  it('is flat up to 25 observations, then ramps the older ones from 1/n (numpy linspace(1/30, 1, 5))', () => {
    expect([...observationWeights(24)]).toEqual(new Array(24).fill(1));
    const w = observationWeights(30);
    expect([...w.slice(0, 5)].map((x) => +x.toFixed(6))).toEqual([0.033333, 0.275, 0.516667, 0.758333, 1]);
    expect([...w.slice(5)]).toEqual(new Array(25).fill(1));
  });
});

describe('parzenBandwidths', () => {
  it('takes the wider neighbour gap, the inner gap at the ends, and gives the prior the whole range', () => {
    // Sorted with the prior mean 0.5 and padded by the bounds: 0 | 0.1 0.3 0.5 0.9 | 1.
    // 0.1 → inner gap 0.2; 0.3 → max(0.2, 0.2); 0.9 → inner gap 0.4; prior → range 1.
    const { mus, sigmas } = parzenBandwidths([0.1, 0.3, 0.9], 0, 1, undefined, true);
    expect([...mus]).toEqual([0.1, 0.3, 0.9, 0.5]);
    expect([...sigmas].map((s) => +s.toFixed(12))).toEqual([0.2, 0.2, 0.4, 1]);
  });

  it('floors bandwidths at range / (1 + kernels) — the magic clip — on an integer grid', () => {
    // Grid 0…4, step 1: range 5, 3 kernels → floor 5/4, above every neighbour gap of 1.
    const clipped = parzenBandwidths([1, 3], 0, 4, 1, true);
    expect([...clipped.sigmas]).toEqual([1.25, 1.25, 5]);
    const unclipped = parzenBandwidths([1, 3], 0, 4, 1, false);
    expect([...unclipped.sigmas]).toEqual([1, 1, 5]);
  });
});

describe('ParzenEstimator', () => {
  const [unit] = validateSearchSpace({ x: { type: 'float', low: 0, high: 1 } });
  const [grid] = validateSearchSpace({ k: { type: 'int', low: 0, high: 4 } });
  const [colour] = validateSearchSpace({ c: { type: 'categorical', choices: ['r', 'g', 'b'] } });

  it('gives the mixture of truncated normals its log density (scipy truncnorm: 0.071074, 0.311347, −0.363966)', () => {
    const pe = new ParzenEstimator([unit], [[0.1, 0.3, 0.9]], options);
    const lp = pe.logPdf([[0, 0.3, 0.75]]);
    expect(lp[0]).toBeCloseTo(0.07107433382306474, 5);
    expect(lp[1]).toBeCloseTo(0.3113470160507533, 5);
    expect(lp[2]).toBeCloseTo(-0.3639662932467365, 5);
  });

  it('is a density on [low, high] and a distribution on a grid', () => {
    const pe = new ParzenEstimator([unit], [[0.02, 0.05, 0.5, 0.97]], options);
    const m = 20_000;
    const xs = Float64Array.from({ length: m + 1 }, (_, i) => i / m);
    const p = pe.logPdf([xs]).map(Math.exp);
    let integral = 0;
    for (let i = 0; i < m; i++) integral += (p[i] + p[i + 1]) / (2 * m);
    expect(integral).toBeCloseTo(1, 6);

    const pg = new ParzenEstimator([grid], [[0, 0, 4]], options);
    const mass = pg.logPdf([[0, 1, 2, 3, 4]]).map(Math.exp);
    expect(mass.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it('weights categorical counts: kernels (prior/k + 1 on the observed choice), prior uniform — 10/21, 4/21, 7/21', () => {
    const pe = new ParzenEstimator([colour], [[0, 0, 2]], options);
    const p = pe.logPdf([[0, 1, 2]]).map(Math.exp);
    expect(p[0]).toBeCloseTo(10 / 21, 12);
    expect(p[1]).toBeCloseTo(4 / 21, 12);
    expect(p[2]).toBeCloseTo(7 / 21, 12);
  });

  it('samples what it scores: empirical grid and choice frequencies match the mass function', () => {
    const rng = mulberry32(9);
    const n = 50_000;
    for (const [dim, obs, size] of [
      [grid, [0, 0, 4, 2], 5],
      [colour, [0, 0, 2], 3],
    ] as const) {
      const pe = new ParzenEstimator([dim], [obs], options);
      const [draws] = pe.sample(rng, n);
      const freq = new Array<number>(size).fill(0);
      for (const d of draws) freq[d]++;
      const mass = pe.logPdf([Array.from({ length: size }, (_, i) => i)]).map(Math.exp);
      for (let i = 0; i < size; i++) expect(Math.abs(freq[i] / n - mass[i])).toBeLessThan(0.01);
    }
  });

  it('is the prior alone with no observations', () => {
    const pe = new ParzenEstimator([unit], [[]], options);
    expect(pe.kernels).toBe(1);
    expect(pe.bandwidths(0)).toEqual({ mus: Float64Array.of(0.5), sigmas: Float64Array.of(1) });
  });
});
