import { intervalCoverage, meanIntervalWidth } from '../metrics/classification/interval-metrics';
import { fitLinearRegression } from '../models/linear/linear-regressor';
import type { RowMajorMatrix } from '../models/linear/row-major-matrix';
import { deriveSeed, mulberry32, randomNormal } from '../random/prng';
import { conformalQuantile } from './conformal-quantile';
import { ConformalizedQuantileRegressor, SplitConformalRegressor } from './split-conformal-regressor';

/** y = 1 + 2x₁ − x₂ + 0.5x₃ + ε, ε ~ N(0, σ²) with constant σ (no heteroscedasticity). */
function linearData(n: number, rng: () => number, sigma = 1): { x: RowMajorMatrix; y: Float64Array } {
  const data = new Float64Array(n * 3);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 3; j++) data[i * 3 + j] = randomNormal(rng);
    y[i] = 1 + 2 * data[i * 3] - data[i * 3 + 1] + 0.5 * data[i * 3 + 2] + sigma * randomNormal(rng);
  }
  return { x: { data, rows: n, cols: 3 }, y };
}

describe('conformalQuantile', () => {
  it('takes the ⌈(n + 1)(1 − α)⌉-th smallest score (hand: scores 1 … 10)', () => {
    const scores = [7, 3, 10, 1, 5, 9, 2, 8, 4, 6];
    expect(conformalQuantile(scores, 0.8)).toBe(9); // ⌈11 × 0.8⌉ = ⌈8.8⌉ = 9
    expect(conformalQuantile(scores, 0.5)).toBe(6); // ⌈5.5⌉ = 6
    expect(conformalQuantile(scores, 0.95)).toBe(Infinity); // ⌈10.45⌉ = 11 > n: no finite guarantee
  });

  it('does not add a rank through floating-point rounding: n = 99 at 0.8 is exactly the 80th', () => {
    const scores = Array.from({ length: 99 }, (_, i) => i + 1);
    expect(conformalQuantile(scores, 0.8)).toBe(80);
    expect(conformalQuantile(scores, 0.9)).toBe(90);
  });
});

describe('SplitConformalRegressor', () => {
  it('calibrates half-widths from absolute residuals, by hand', () => {
    // Residuals |y − ŷ| = [0.5, 0, 1, 1] → sorted [0, 0.5, 1, 1].
    const c = SplitConformalRegressor.calibrate([1, 2, 3, 4], [1.5, 2, 2, 5], [0.4, 0.5]);
    expect(c.halfWidth(0.4)).toBe(0.5); // k = ⌈5 × 0.4⌉ = 2
    expect(c.halfWidth(0.5)).toBe(1); // k = ⌈2.5⌉ = 3
    const { lower, upper } = c.interval([10, 20], 0.4);
    expect(Array.from(lower)).toEqual([9.5, 19.5]);
    expect(Array.from(upper)).toEqual([10.5, 20.5]);
    expect(() => c.interval([1], 0.9)).toThrow(RangeError);
  });

  it('round-trips through JSON, infinite widths included', () => {
    const c = SplitConformalRegressor.calibrate([1, 2, 3], [1, 2, 4]);
    expect(c.levels).toEqual([0.8, 0.95]);
    expect(c.halfWidth(0.95)).toBe(Infinity);
    const back = SplitConformalRegressor.fromJSON(JSON.parse(JSON.stringify(c)));
    expect(back.halfWidth(0.8)).toBe(c.halfWidth(0.8));
    expect(back.halfWidth(0.95)).toBe(Infinity);
  });

  it('covers fresh test data at the nominal 80 % and 95 % (±3 points, mean over 20 seeds), an OLS model on homoscedastic data', () => {
    const levels = [0.8, 0.95];
    const seeds = 20;
    const coverage = [0, 0];
    const width = [0, 0];
    const naiveCoverage = [0, 0];
    for (let s = 0; s < seeds; s++) {
      const rng = mulberry32(deriveSeed(s, 'conformal-coverage'));
      const train = linearData(200, rng);
      const calibration = linearData(500, rng);
      const test = linearData(2000, rng);
      const model = fitLinearRegression(train.x, train.y);
      const conformal = SplitConformalRegressor.calibrate(calibration.y, model.predict(calibration.x), levels);
      const predicted = model.predict(test.x);
      // Naive baseline: ŷ ± z·(training residual sd), no finite-sample or overfitting correction.
      const trainPred = model.predict(train.x);
      let ss = 0;
      for (let i = 0; i < train.y.length; i++) ss += (train.y[i] - trainPred[i]) ** 2;
      const sd = Math.sqrt(ss / train.y.length);
      levels.forEach((level, l) => {
        const { lower, upper } = conformal.interval(predicted, level);
        coverage[l] += intervalCoverage(test.y, lower, upper) / seeds;
        width[l] += meanIntervalWidth(lower, upper) / seeds;
        const z = level === 0.8 ? 1.2815515655446004 : 1.959963984540054;
        const lo = predicted.map((p) => p - z * sd);
        const hi = predicted.map((p) => p + z * sd);
        naiveCoverage[l] += intervalCoverage(test.y, lo, hi) / seeds;
      });
    }
    levels.forEach((level, l) => {
      console.log(
        `split conformal, nominal ${level}: empirical coverage ${coverage[l].toFixed(4)}, mean width ${width[l].toFixed(3)} ` +
          `(oracle width ${(2 * (level === 0.8 ? 1.2816 : 1.96)).toFixed(3)}) | naive ±z·σ̂_train coverage ${naiveCoverage[l].toFixed(4)}`,
      );
      expect(Math.abs(coverage[l] - level)).toBeLessThanOrEqual(0.03);
    });
  });
});

describe('ConformalizedQuantileRegressor', () => {
  it('corrects the band by the conformal quantile of E = max(lo − y, y − hi), by hand', () => {
    // y = 0; bands [−1, 1], [−2, 2], [1, 2], [−0.5, 0.5] → E = [−1, −2, 1, −0.5] → sorted [−2, −1, −0.5, 1].
    const cqr = ConformalizedQuantileRegressor.calibrate([0, 0, 0, 0], [-1, -2, 1, -0.5], [1, 2, 2, 0.5], 0.6);
    expect(cqr.correction).toBe(-0.5); // k = ⌈5 × 0.6⌉ = 3: the band was too wide, it narrows
    const { lower, upper } = cqr.interval([0], [4]);
    expect([lower[0], upper[0]]).toEqual([0.5, 3.5]);
    expect(ConformalizedQuantileRegressor.fromJSON(JSON.parse(JSON.stringify(cqr))).correction).toBe(-0.5);
  });

  it('repairs a quantile band that is too narrow under heteroscedastic noise (80 %, ±3 points over 20 seeds)', () => {
    // y = x + (0.5 + |x|)·ε. The "quantile model" knows the shape of the spread but is half as wide as it should be.
    const z = 1.2815515655446004;
    const band = (x: number) => 0.5 * z * (0.5 + Math.abs(x));
    const sample = (n: number, rng: () => number) => {
      const x = Array.from({ length: n }, () => 2 * randomNormal(rng));
      return { y: x.map((v) => v + (0.5 + Math.abs(v)) * randomNormal(rng)), lo: x.map((v) => v - band(v)), hi: x.map((v) => v + band(v)) };
    };
    let raw = 0;
    let repaired = 0;
    for (let s = 0; s < 20; s++) {
      const rng = mulberry32(deriveSeed(s, 'cqr'));
      const cal = sample(500, rng);
      const test = sample(2000, rng);
      const cqr = ConformalizedQuantileRegressor.calibrate(cal.y, cal.lo, cal.hi, 0.8);
      const { lower, upper } = cqr.interval(test.lo, test.hi);
      raw += intervalCoverage(test.y, test.lo, test.hi) / 20;
      repaired += intervalCoverage(test.y, lower, upper) / 20;
    }
    console.log(`CQR, nominal 0.8: raw quantile band coverage ${raw.toFixed(4)} → conformalised ${repaired.toFixed(4)}`);
    expect(raw).toBeLessThan(0.6);
    expect(Math.abs(repaired - 0.8)).toBeLessThanOrEqual(0.03);
  });
});
