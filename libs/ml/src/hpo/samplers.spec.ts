import { mulberry32 } from '../random/prng';
import { sampleRandom } from './random-sampler';
import { validateSearchSpace, type SampledParams } from './search-space';
import { sampleTpe, splitTrials, tpeGamma } from './tpe-sampler';
import type { TrialResult } from './trial';

const space = validateSearchSpace({
  lr: { type: 'float', low: 1e-5, high: 1e-1, log: true },
  dropout: { type: 'float', low: 0, high: 0.5 },
  depth: { type: 'int', low: 2, high: 12, step: 2 },
  units: { type: 'int', low: 4, high: 1024, log: true },
  act: { type: 'categorical', choices: ['relu', 'tanh', 'gelu'] },
});

function complete(number: number, params: SampledParams, value: number): TrialResult {
  return { number, params, value, state: 'complete', intermediate: [], durationMs: 0 };
}

/** A history of random trials scored by a function of lr and dropout, for TPE to learn from. */
function history(n: number, seed: number): TrialResult[] {
  const rng = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => {
    const p = sampleRandom(space, rng);
    return complete(i, p, (Math.log10(p['lr'] as number) + 3) ** 2 + (p['dropout'] as number));
  });
}

/** The draws that break a bound, a step or the choices (expected: none). */
function outOfSpace(draws: SampledParams[]): SampledParams[] {
  return draws.filter((p) => {
    const lr = p['lr'] as number;
    const dropout = p['dropout'] as number;
    const depth = p['depth'] as number;
    const units = p['units'] as number;
    return !(
      lr >= 1e-5 &&
      lr <= 1e-1 &&
      dropout >= 0 &&
      dropout <= 0.5 &&
      Number.isInteger(depth) &&
      depth >= 2 &&
      depth <= 12 &&
      depth % 2 === 0 &&
      Number.isInteger(units) &&
      units >= 4 &&
      units <= 1024 &&
      ['relu', 'tanh', 'gelu'].includes(p['act'] as string)
    );
  });
}

describe('sampleRandom', () => {
  const rng = mulberry32(1);
  const draws = Array.from({ length: 20_000 }, () => sampleRandom(space, rng));

  it('respects bounds, integer steps and choices', () => {
    expect(outOfSpace(draws)).toEqual([]);
    expect(new Set(draws.map((p) => p['depth']))).toEqual(new Set([2, 4, 6, 8, 10, 12]));
  });

  it('samples log scales uniformly in ln x: each decade of lr gets a quarter of the draws', () => {
    const decades = [0, 0, 0, 0];
    for (const p of draws) decades[Math.min(3, Math.floor(Math.log10(p['lr'] as number) + 5))]++;
    console.log(`random lr per decade 1e-5…1e-1: ${decades.join(', ')} of ${draws.length}`);
    for (const c of decades) expect(Math.abs(c / draws.length - 0.25)).toBeLessThan(0.015);
    // A log-scaled integer: P(units ≤ 64) = (ln 64.5 − ln 3.5)/(ln 1024.5 − ln 3.5) ≈ 0.513, not 60/1021.
    const small = draws.filter((p) => (p['units'] as number) <= 64).length / draws.length;
    expect(Math.abs(small - Math.log(64.5 / 3.5) / Math.log(1024.5 / 3.5))).toBeLessThan(0.015);
  });

  it('reproduces its draws from the seed', () => {
    const a = Array.from({ length: 50 }, ((r) => () => sampleRandom(space, r))(mulberry32(7)));
    const b = Array.from({ length: 50 }, ((r) => () => sampleRandom(space, r))(mulberry32(7)));
    const c = Array.from({ length: 50 }, ((r) => () => sampleRandom(space, r))(mulberry32(8)));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
});

describe('tpeGamma and splitTrials', () => {
  it('puts ⌈n/10⌉ trials, at most 25, in the good group', () => {
    expect([1, 10, 11, 100, 250, 1000].map(tpeGamma)).toEqual([1, 1, 2, 10, 25, 25]);
  });

  it('ranks complete trials by value, then pruned trials by depth and value, and returns both groups in trial order', () => {
    const p = { x: 0 };
    const pruned = (number: number, step: number, value: number): TrialResult => ({
      number,
      params: p,
      value,
      state: 'pruned',
      intermediate: [{ step, value }],
      durationMs: 0,
    });
    const trials = [complete(0, p, 5), pruned(1, 9, 0.1), complete(2, p, 1), pruned(3, 3, 0.2), pruned(4, 9, 0.5), complete(5, p, 3)];
    const numbers = (ts: TrialResult[]) => ts.map((t) => t.number);
    expect(numbers(splitTrials(trials, 'minimize', 2).below)).toEqual([2, 5]);
    expect(numbers(splitTrials(trials, 'minimize', 4).below)).toEqual([0, 1, 2, 5]);
    expect(numbers(splitTrials(trials, 'minimize', 5).below)).toEqual([0, 1, 2, 4, 5]);
    expect(numbers(splitTrials(trials, 'maximize', 1).below)).toEqual([0]);
    expect(numbers(splitTrials(trials, 'maximize', 5).above)).toEqual([3]);
  });
});

describe('sampleTpe', () => {
  it('respects bounds, integer steps and choices once it models the history', () => {
    const past = history(40, 3);
    const rng = mulberry32(4);
    for (const multivariate of [false, true]) {
      const draws = Array.from({ length: 150 }, () => sampleTpe(space, past, 'minimize', rng, { multivariate }));
      expect(outOfSpace(draws)).toEqual([]);
    }
  });

  it('samples at random before startupTrials trials have finished', () => {
    const past = history(9, 3);
    expect(sampleTpe(space, past, 'minimize', mulberry32(5))).toEqual(sampleRandom(space, mulberry32(5)));
  });

  it('concentrates where the good trials were: lr near 1e-3, low dropout', () => {
    const past = history(60, 3);
    const rng = mulberry32(6);
    const draws = Array.from({ length: 200 }, () => sampleTpe(space, past, 'minimize', rng));
    const nearOptimum = draws.filter((p) => Math.abs(Math.log10(p['lr'] as number) + 3) < 0.5).length / draws.length;
    const meanDropout = draws.reduce((s, p) => s + (p['dropout'] as number), 0) / draws.length;
    console.log(`TPE after 60 trials: ${(100 * nearOptimum).toFixed(1)}% of lr within ½ decade of 1e-3 (prior 25%), mean dropout ${meanDropout.toFixed(3)} (prior 0.25)`);
    expect(nearOptimum).toBeGreaterThan(0.5);
    expect(meanDropout).toBeLessThan(0.18);
  });

  it('is a pure function of history and seed', () => {
    const past = history(30, 11);
    const a = sampleTpe(space, past, 'minimize', mulberry32(12));
    expect(sampleTpe(space, past, 'minimize', mulberry32(12))).toEqual(a);
    expect(sampleTpe(space, past, 'minimize', mulberry32(13))).not.toEqual(a);
    expect(sampleTpe(space, past, 'maximize', mulberry32(12))).not.toEqual(a);
  });
});
