import { isEtsAdmissible } from './ets-admissibility';
import { fitEts } from './ets-fit';
import { etsPointForecast } from './ets-forecast';
import { etsFilter } from './ets-recursions';
import { parseEtsSpec } from './ets-spec';

/**
 * Holt–Winters on the airline passenger series (Box & Jenkins 1976, series G: monthly
 * international passengers, thousands, 1949–1960; R's AirPassengers), checked against a
 * straightforward transcription of the component-form recursions of FPP3 §8.3 — a different
 * parametrisation (β*, smoothing equations in y rather than in the error) of the same method.
 */
const AIR = [
  112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118, 115, 126, 141, 135, 125, 149, 170, 170, 158, 133, 114, 140,
  145, 150, 178, 163, 172, 178, 199, 199, 184, 162, 146, 166, 171, 180, 193, 181, 183, 218, 230, 242, 209, 191, 172, 194,
  196, 196, 236, 235, 229, 243, 264, 272, 237, 211, 180, 201, 204, 188, 235, 227, 234, 264, 302, 293, 259, 229, 203, 229,
  242, 233, 267, 269, 270, 315, 364, 347, 312, 274, 237, 278, 284, 277, 317, 313, 318, 374, 413, 405, 355, 306, 271, 306,
  315, 301, 356, 348, 355, 422, 465, 467, 404, 347, 305, 336, 340, 318, 362, 348, 363, 435, 491, 505, 404, 359, 310, 337,
  360, 342, 406, 396, 420, 472, 548, 559, 463, 407, 362, 405, 417, 391, 419, 461, 472, 535, 622, 606, 508, 461, 390, 432,
];
const M = 12;

interface HoltWintersRun {
  fitted: number[];
  forecasts: number[];
}

/**
 * FPP3 §8.3, component form (damped when φ < 1):
 *   ŷ_{t|t−1} = ℓ_{t−1} + φb_{t−1} (+ s_{t−m} | × s_{t−m})
 *   ℓ_t = α(y_t − s_{t−m}) + (1 − α)(ℓ_{t−1} + φb_{t−1})          [additive; y_t / s_{t−m} if multiplicative]
 *   b_t = β*(ℓ_t − ℓ_{t−1}) + (1 − β*)φb_{t−1}
 *   s_t = γ(y_t − ℓ_{t−1} − φb_{t−1}) + (1 − γ)s_{t−m}          [γ y_t/(ℓ_{t−1} + φb_{t−1}) + (1 − γ)s_{t−m}]
 *   ŷ_{T+h|T} = ℓ_T + (φ + … + φʰ)b_T (+|×) s_{T+h−m(k+1)}
 */
function holtWinters(
  y: number[],
  multiplicative: boolean,
  alpha: number,
  betaStar: number,
  gamma: number,
  phi: number,
  l0: number,
  b0: number,
  s0: number[],
  h: number,
): HoltWintersRun {
  let level = l0;
  let trend = b0;
  const season = [...s0];
  const fitted: number[] = [];
  for (let t = 0; t < y.length; t++) {
    const s = season[t];
    const base = level + phi * trend;
    fitted.push(multiplicative ? base * s : base + s);
    const newLevel = multiplicative ? (alpha * y[t]) / s + (1 - alpha) * base : alpha * (y[t] - s) + (1 - alpha) * base;
    trend = betaStar * (newLevel - level) + (1 - betaStar) * phi * trend;
    season.push(multiplicative ? (gamma * y[t]) / base + (1 - gamma) * s : gamma * (y[t] - base) + (1 - gamma) * s);
    level = newLevel;
  }
  const forecasts: number[] = [];
  let phiSum = 0;
  for (let k = 1; k <= h; k++) {
    phiSum += phi ** k;
    const s = season[y.length + ((k - 1) % M)];
    forecasts.push(multiplicative ? (level + phiSum * trend) * s : level + phiSum * trend + s);
  }
  return { fitted, forecasts };
}

/** Textbook start: ℓ₀ = first year's mean, b₀ = (second − first year's mean)/m, s from the first year. */
function textbookStart(multiplicative: boolean) {
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  const l0 = mean(AIR.slice(0, M));
  const b0 = (mean(AIR.slice(M, 2 * M)) - l0) / M;
  const s0 = AIR.slice(0, M).map((v) => (multiplicative ? v / l0 : v - l0));
  return { l0, b0, s0 };
}

function expectRelativelyClose(actual: ArrayLike<number>, expected: number[], tolerance: number) {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(tolerance * Math.abs(expected[i]));
}

describe('Holt–Winters worked example: airline passengers 1949–1960', () => {
  it('has the classic data (144 months summing to 40,363)', () => {
    expect(AIR).toHaveLength(144);
    expect(AIR.reduce((s, v) => s + v, 0)).toBe(40363);
  });

  it.each([
    ['additive', 'AAA', false, 1],
    ['multiplicative', 'MAM', true, 1],
    ['damped additive', 'AAdA', false, 0.95],
    ['damped multiplicative', 'MAdM', true, 0.95],
  ] as const)('%s Holt–Winters (α = 0.3, β* = 0.1, γ = 0.2): fitted values and 24 forecasts agree to 1e-10', (_name, code, multiplicative, phi) => {
    const { l0, b0, s0 } = textbookStart(multiplicative);
    const reference = holtWinters(AIR, multiplicative, 0.3, 0.1, 0.2, phi, l0, b0, s0, 24);
    const spec = parseEtsSpec(code);
    const smoothing = { alpha: 0.3, beta: 0.3 * 0.1, gamma: 0.2, phi };
    const run = etsFilter(AIR, spec, smoothing, { level: l0, trend: b0, seasonal: Float64Array.from(s0) }, M);
    expectRelativelyClose(run.fitted, reference.fitted, 1e-10);
    expectRelativelyClose(etsPointForecast(spec, smoothing, run.finalState, M, 24), reference.forecasts, 1e-10);
  });

  it('a few values by hand: ℓ₀ = 1520/12, b₀ = (1676 − 1520)/144, first fit (ℓ₀ + b₀)·112/ℓ₀', () => {
    const { l0, b0, s0 } = textbookStart(true);
    expect(l0).toBeCloseTo(1520 / 12, 12); // Σ 1949 = 1520
    expect(b0).toBeCloseTo((1676 - 1520) / 144, 12); // Σ 1950 = 1676
    const run = etsFilter(AIR, parseEtsSpec('MAM'), { alpha: 0.3, beta: 0.03, gamma: 0.2, phi: 1 }, { level: l0, trend: b0, seasonal: Float64Array.from(s0) }, M);
    expect(run.fitted[0]).toBeCloseTo((l0 + b0) * (112 / l0), 12);
  });
});

describe('ETS optimiser on the airline data: no worse than a grid over the usual region', () => {
  const alphas = Array.from({ length: 19 }, (_, i) => 0.05 * (i + 1));
  const betaStars = [0.001, 0.01, 0.05, 0.1, 0.2, 0.4, 0.7];
  const gammaStars = [0.001, 0.01, 0.05, 0.1, 0.2, 0.4, 0.7, 0.95];

  it.each([
    ['ETS(A,A,A): sum of squared errors', 'AAA'],
    ['ETS(M,A,M): n log Σ(e/μ)² + 2 Σ log μ', 'MAM'],
  ] as const)('%s', (_name, code) => {
    const model = fitEts(AIR, { model: code, period: M });
    const { level, trend, seasonal } = model.initialState;
    const multiplicative = code === 'MAM';
    const criterion = (fitted: number[]) =>
      multiplicative
        ? AIR.length * Math.log(fitted.reduce((s, f, t) => s + ((AIR[t] - f) / f) ** 2, 0)) + 2 * fitted.reduce((s, f) => s + Math.log(f), 0)
        : fitted.reduce((s, f, t) => s + (AIR[t] - f) ** 2, 0);
    const fittedCriterion = criterion(Array.from(model.fitted));
    let gridBest = Infinity;
    let gridPoints = 0;
    for (const alpha of alphas)
      for (const betaStar of betaStars)
        for (const gammaStar of gammaStars) {
          const gamma = gammaStar * (1 - alpha);
          if (!isEtsAdmissible(model.spec, { alpha, beta: alpha * betaStar, gamma, phi: 1 }, M)) continue;
          gridPoints++;
          const run = holtWinters(AIR, multiplicative, alpha, betaStar, gamma, 1, level, trend, Array.from(seasonal), 0);
          gridBest = Math.min(gridBest, criterion(run.fitted));
        }
    console.log(`${model.name} on AirPassengers: optimiser ${fittedCriterion.toFixed(4)} vs best of ${gridPoints} grid points ${gridBest.toFixed(4)}`);
    expect(gridPoints).toBeGreaterThan(500);
    expect(fittedCriterion).toBeLessThanOrEqual(gridBest + 1e-9 * Math.abs(gridBest));
  });
});

describe('ETS(A,N,N) with optimised initial state on FPP2 §7.1 (oil, 1996–2013)', () => {
  const oil = [445.3641, 453.195, 454.4096, 422.3789, 456.0371, 440.3866, 425.1944, 486.2052, 500.4291, 521.2759, 508.9476, 488.8889, 509.8706, 456.7229, 473.8166, 525.9509, 549.8338, 542.3405];

  it("lands on forecast::ses's published estimates (α = 0.8339, ℓ₀ = 446.59) with no larger SSE", () => {
    const model = fitEts(oil, { model: 'ANN', initialStates: 'optimized' });
    const published = etsFilter(oil, parseEtsSpec('ANN'), { alpha: 0.8338901, beta: 0, gamma: 0, phi: 1 }, { level: 446.5867935, trend: 0, seasonal: new Float64Array(0) });
    const sse = model.residuals.reduce((s, e) => s + e * e, 0);
    expect(sse).toBeLessThanOrEqual(published.sumSquares * (1 + 1e-6));
    expect(model.smoothing.alpha).toBeCloseTo(0.8339, 2);
    expect(Math.abs(model.initialState.level - 446.59)).toBeLessThan(0.5);
    expect(model.pointForecast(3)[0]).toBeCloseTo(542.68, 0);
  });
});
