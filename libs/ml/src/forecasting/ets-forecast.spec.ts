import { fitEts } from './ets-fit';
import { etsForecastVariance, etsPointForecast } from './ets-forecast';
import { EtsModel } from './ets-model';
import { parseEtsSpec } from './ets-spec';
import { centralZ } from './normal-quantile';

const none = new Float64Array(0);

/** FPP3 Table 8.8 (Hyndman et al. 2008, Table 6.1): σ_h²/σ² for the linear ETS models. */
function fppVarianceRatio(code: string, a: number, b: number, g: number, phi: number, m: number, h: number): number {
  const k = Math.floor((h - 1) / m);
  const damped =
    (b * phi * h * (2 * a * (1 - phi) + b * phi)) / (1 - phi) ** 2 -
    ((b * phi * (1 - phi ** h)) / ((1 - phi) ** 2 * (1 - phi ** 2))) * (2 * a * (1 - phi ** 2) + b * phi * (1 + 2 * phi - phi ** h));
  const holt = (h - 1) * (a * a + a * b * h + (b * b * h * (2 * h - 1)) / 6);
  switch (code) {
    case 'ANN':
      return 1 + a * a * (h - 1);
    case 'AAN':
      return 1 + holt;
    case 'AAdN':
      return 1 + a * a * (h - 1) + damped;
    case 'ANA':
      return 1 + a * a * (h - 1) + g * k * (2 * a + g);
    case 'AAA':
      return 1 + holt + g * k * (2 * a + g + b * m * (k + 1));
    case 'AAdA':
      return (
        1 +
        a * a * (h - 1) +
        g * k * (2 * a + g) +
        damped +
        ((2 * b * g * phi) / ((1 - phi) * (1 - phi ** m))) * (k * (1 - phi ** m) - phi ** m * (1 - phi ** (m * k)))
      );
    default:
      throw new Error(code);
  }
}

describe('ETS forecast variance', () => {
  it.each(['ANN', 'AAN', 'AAdN', 'ANA', 'AAA', 'AAdA'])('ETS(%s) matches the closed form of FPP3 Table 8.8 for h = 1..30', (code) => {
    const p = { alpha: 0.4, beta: 0.1, gamma: 0.2, phi: 0.9 };
    const m = 4;
    const sigma2 = 2.5;
    const v = etsForecastVariance(parseEtsSpec(code), p, sigma2, m, 30);
    for (let h = 1; h <= 30; h++) expect(v[h - 1] / sigma2).toBeCloseTo(fppVarianceRatio(code, p.alpha, p.beta, p.gamma, p.phi, m, h), 9);
  });

  it('is refused for models without a closed form here', () => {
    expect(() => etsForecastVariance(parseEtsSpec('MNN'), { alpha: 0.5, beta: 0, gamma: 0, phi: 1 }, 1, 1, 3)).toThrow(RangeError);
  });
});

describe('ETS point forecasts', () => {
  it('a damped trend (φ = 0.9) levels off at ℓ + bφ/(1 − φ), each step adding φ times the last', () => {
    const f = etsPointForecast(parseEtsSpec('AAdN'), { alpha: 0.5, beta: 0.1, gamma: 0, phi: 0.9 }, { level: 100, trend: 2, seasonal: none }, 1, 400);
    expect(f[0]).toBeCloseTo(101.8, 12);
    for (let h = 2; h < 60; h++) expect((f[h] - f[h - 1]) / (f[h - 1] - f[h - 2])).toBeCloseTo(0.9, 9);
    expect(f[399]).toBeCloseTo(100 + (2 * 0.9) / 0.1, 9);
  });

  it('a fitted damped model also converges, while Holt’s linear trend does not', () => {
    const y = Array.from({ length: 40 }, (_, t) => 10 + 2 * t + Math.sin(t * 1.7));
    const damped = fitEts(y, { model: 'AAdN' });
    expect(damped.smoothing.phi).toBeGreaterThanOrEqual(0.8);
    expect(damped.smoothing.phi).toBeLessThanOrEqual(0.98);
    const far = damped.pointForecast(2000);
    expect(Math.abs(far[1999] - far[1998])).toBeLessThan(1e-9);
    const limit = damped.finalState.level + (damped.finalState.trend * damped.smoothing.phi) / (1 - damped.smoothing.phi);
    expect(far[1999]).toBeCloseTo(limit, 6);
    const linear = fitEts(y, { model: 'AAN' }).pointForecast(2000);
    expect(linear[1999] - linear[1998]).toBeGreaterThan(1);
  });

  it('seasonal forecasts repeat the final seasonal states: additively on a linear trend, multiplicatively on the trend line', () => {
    const seasonal = Float64Array.from([3, -1, -4, 2]);
    const p = { alpha: 0.3, beta: 0.05, gamma: 0.1, phi: 1 };
    const add = etsPointForecast(parseEtsSpec('AAA'), p, { level: 50, trend: 0.5, seasonal }, 4, 12);
    for (let h = 1; h <= 12; h++) expect(add[h - 1]).toBeCloseTo(50 + 0.5 * h + seasonal[(h - 1) % 4], 12);
    const factors = Float64Array.from([1.1, 0.9, 0.8, 1.2]);
    const mult = etsPointForecast(parseEtsSpec('MAM'), p, { level: 50, trend: 0.5, seasonal: factors }, 4, 12);
    for (let h = 1; h <= 12; h++) expect(mult[h - 1]).toBeCloseTo((50 + 0.5 * h) * factors[(h - 1) % 4], 12);
  });
});

describe('ETS prediction intervals', () => {
  const model = (code: string, seasonal: Float64Array) =>
    new EtsModel({
      spec: parseEtsSpec(code),
      period: 4,
      smoothing: { alpha: 0.3, beta: 0.05, gamma: 0.1, phi: 0.95 },
      initialState: { level: 50, trend: 0.5, seasonal },
      finalState: { level: 50, trend: 0.5, seasonal },
      n: 40,
      nParameters: 8,
      sigma2: code.startsWith('M') ? 0.0025 : 4,
      logLikelihood: 0,
      aic: 0,
      aicc: 0,
      bic: 0,
      fitted: new Float64Array(0),
      residuals: new Float64Array(0),
      innovations: new Float64Array(0),
      candidates: [],
    });

  it('simulated intervals of a linear model agree with its analytic ones', () => {
    const m = model('AAdA', Float64Array.from([3, -1, -4, 2]));
    const analytic = m.forecast(8);
    const simulated = m.forecast(8, { intervals: 'simulation', simulations: 20_000, seed: 1 });
    expect(analytic.intervalMethod).toBe('analytic');
    expect(simulated.intervalMethod).toBe('simulation');
    expect(simulated.mean).toEqual(analytic.mean);
    for (let i = 0; i < 2; i++)
      for (let h = 0; h < 8; h++) {
        const width = analytic.intervals[i].upper[h] - analytic.intervals[i].lower[h];
        expect(Math.abs(simulated.intervals[i].lower[h] - analytic.intervals[i].lower[h])).toBeLessThan(0.03 * width);
        expect(Math.abs(simulated.intervals[i].upper[h] - analytic.intervals[i].upper[h])).toBeLessThan(0.03 * width);
      }
    // h = 1: ŷ ± z·σ exactly.
    expect(analytic.intervals[1].upper[0]).toBeCloseTo(analytic.mean[0] + centralZ(95) * 2, 12);
  });

  it('multiplicative models get seeded simulated intervals around the point forecast, widening with h', () => {
    const m = model('MAM', Float64Array.from([1.1, 0.9, 0.8, 1.2]));
    const a = m.forecast(8, { levels: [50, 80, 95] });
    expect(a.intervalMethod).toBe('simulation');
    expect(m.forecast(8, { levels: [50, 80, 95] })).toEqual(a);
    expect(m.forecast(8, { levels: [50, 80, 95], seed: 7 }).intervals[2].upper).not.toEqual(a.intervals[2].upper);
    for (let h = 0; h < 8; h++) {
      expect(a.intervals[0].lower[h]).toBeLessThan(a.mean[h]);
      expect(a.intervals[0].upper[h]).toBeGreaterThan(a.mean[h]);
      expect(a.intervals[2].lower[h]).toBeLessThan(a.intervals[1].lower[h]);
      expect(a.intervals[2].upper[h]).toBeGreaterThan(a.intervals[1].upper[h]);
    }
    const relativeWidth = (h: number) => (a.intervals[2].upper[h] - a.intervals[2].lower[h]) / a.mean[h];
    expect(relativeWidth(7)).toBeGreaterThan(relativeWidth(0));
    // h = 1 under error M: y = μ(1 + ε), so the 95% interval is μ(1 ± 1.96σ) up to simulation noise.
    expect(a.intervals[2].upper[0] / a.mean[0]).toBeCloseTo(1 + centralZ(95) * 0.05, 2);
  });
});
