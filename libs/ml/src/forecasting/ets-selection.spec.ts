import { MlInputError } from '../errors';
import { mulberry32, randomNormal } from '../random';
import { fitEts } from './ets-fit';
import { etsFilter } from './ets-recursions';

function series(n: number, seed: number, f: (t: number, noise: number) => number): Float64Array {
  const rng = mulberry32(seed);
  return Float64Array.from({ length: n }, (_, t) => f(t, randomNormal(rng)));
}

describe('automatic ETS selection by AICc', () => {
  it('chooses a seasonal model for clearly seasonal monthly data', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const y = series(96, seed, (t, e) => 100 + 0.3 * t + 15 * Math.sin((2 * Math.PI * t) / 12) + 5 * Math.cos((4 * Math.PI * t) / 12) + 2 * e);
      const model = fitEts(y, { period: 12 });
      expect(model.spec.season).not.toBe('N');
      expect(model.candidates[0].name).toBe(model.name);
    }
  });

  it('chooses a non-seasonal, trendless model for white noise around a level', () => {
    const chosen: string[] = [];
    for (let seed = 1; seed <= 10; seed++) {
      const model = fitEts(series(96, seed, (_t, e) => 50 + 3 * e), { period: 12 });
      chosen.push(model.name);
      expect(model.spec.season).toBe('N');
    }
    console.log(`white noise + level, 10 series: ${chosen.join(', ')}`);
    expect(chosen.filter((name) => name.endsWith(',N,N)')).length).toBeGreaterThanOrEqual(8);
  });

  it('never considers multiplicative error or season for series with zeros or negative values', () => {
    const withZero = series(72, 3, (t, e) => Math.max(0, 10 + 6 * Math.sin((2 * Math.PI * t) / 12) + e));
    withZero[5] = 0;
    const negative = series(72, 4, (t, e) => 8 * Math.sin((2 * Math.PI * t) / 12) + 0.05 * t + e);
    for (const y of [withZero, negative]) {
      expect(y.some((v) => v <= 0)).toBe(true);
      const model = fitEts(y, { period: 12 });
      expect(model.spec.error).toBe('A');
      expect(model.spec.season).not.toBe('M');
      expect(model.candidates.some((c) => c.spec.error === 'M' || c.spec.season === 'M')).toBe(false);
      expect(model.candidates).toHaveLength(6); // A × {N, A, Ad} × {N, A}
    }
    // The same shape shifted to positive values may use them.
    const positive = fitEts(withZero.map((v) => v + 1), { period: 12 });
    expect(positive.candidates.some((c) => c.spec.error === 'M')).toBe(true);
  });

  it('skips seasonal models when the series is shorter than two seasons', () => {
    const y = series(23, 9, (t, e) => 20 + 5 * Math.sin((2 * Math.PI * t) / 12) + e);
    const model = fitEts(y, { period: 12 });
    expect(model.candidates.every((c) => c.spec.season === 'N')).toBe(true);
    expect(fitEts(series(24, 9, (t, e) => 20 + 5 * Math.sin((2 * Math.PI * t) / 12) + e), { period: 12 }).candidates.some((c) => c.spec.season !== 'N')).toBe(true);
  });

  it('reports a log-likelihood and criteria consistent with re-running the model', () => {
    const y = series(60, 2, (t, e) => 30 + 0.5 * t + 6 * Math.sin((2 * Math.PI * t) / 4) + e);
    const model = fitEts(y, { period: 4 });
    const rerun = etsFilter(y, model.spec, model.smoothing, model.initialState, 4);
    expect(model.logLikelihood).toBeCloseTo(rerun.logLikelihood, 9);
    expect(model.fitted).toEqual(rerun.fitted);
    const k = model.nParameters + 1;
    expect(model.aic).toBeCloseTo(-2 * model.logLikelihood + 2 * k, 9);
    expect(model.aicc).toBeCloseTo(model.aic + (2 * k * (k + 1)) / (60 - k - 1), 9);
    expect(model.bic).toBeCloseTo(-2 * model.logLikelihood + k * Math.log(60), 9);
    expect(model.sigma2).toBeCloseTo(rerun.sumSquares / (60 - model.nParameters), 12);
    for (let i = 1; i < model.candidates.length; i++) expect(model.candidates[i].aicc).toBeGreaterThanOrEqual(model.candidates[i - 1].aicc);
  });

  it('fits a constant series without failing and forecasts the constant', () => {
    const model = fitEts(new Float64Array(30).fill(7), { period: 12 });
    expect(Array.from(model.forecast(3).mean)).toEqual([7, 7, 7]);
  });

  it('refuses what cannot be fitted with an MlInputError naming the field', () => {
    const y = series(30, 1, (_t, e) => e);
    const attempt = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return error as MlInputError;
      }
      throw new Error('expected an error');
    };
    expect(attempt(() => fitEts(y, { model: 'MNN' }))).toBeInstanceOf(MlInputError);
    expect(attempt(() => fitEts(y.map((v) => v + 10), { model: 'AAA', period: 16 })).field).toBe('series');
    expect(attempt(() => fitEts(y, { model: 'AMN' })).field).toBe('model');
    expect(attempt(() => fitEts([1, 2, 3, 4]))).toBeInstanceOf(MlInputError);
    expect(attempt(() => fitEts([1, 2, Infinity, 4, 5, 6]))).toBeInstanceOf(MlInputError);
    expect(attempt(() => fitEts(y, { period: 1.5 })).field).toBe('period');
    expect(attempt(() => fitEts(y, { model: 'ANA', period: 1 })).field).toBe('period');
  });
});
