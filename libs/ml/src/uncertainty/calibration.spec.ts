import { brierScore, logLoss } from '../metrics/classification/probability-metrics';
import { deriveSeed, mulberry32, randomNormal } from '../random/prng';
import { IsotonicCalibrator, isotonicRegression } from './isotonic-regression';
import { PlattScaler } from './platt-scaling';
import { binaryPredictionConfidence, predictionConfidence } from './prediction-confidence';

const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));

/** True P(y = 1) = σ(f); the "model" reports σ(3f): right ranking, overconfident probabilities. */
function overconfident(n: number, seed: number) {
  const rng = mulberry32(seed);
  const f = Array.from({ length: n }, () => 1.5 * randomNormal(rng));
  const y = f.map((v): number => (rng() < sigmoid(v) ? 1 : 0));
  return { raw: f.map((v) => sigmoid(3 * v)), logit: f.map((v) => 3 * v), y };
}

describe('isotonicRegression (pool adjacent violators)', () => {
  it('pools violating neighbours into their mean: [1, 3, 2, 4, 3, 5] → [1, 2.5, 2.5, 3.5, 3.5, 5]', () => {
    expect(Array.from(isotonicRegression([1, 3, 2, 4, 3, 5]))).toEqual([1, 2.5, 2.5, 3.5, 3.5, 5]);
    expect(Array.from(isotonicRegression([4, 3, 2, 1]))).toEqual([2.5, 2.5, 2.5, 2.5]);
    expect(Array.from(isotonicRegression([1, 2, 2, 3]))).toEqual([1, 2, 2, 3]);
  });

  it('pools with weights (1·1 + 3·0)/4 = 0.25, and cascades merges backwards', () => {
    expect(Array.from(isotonicRegression([1, 0], [1, 3]))).toEqual([0.25, 0.25]);
    // 5 merges with 4 → 4.5 > 0 merges with 0 … → mean (3 + 5 + 4 + 0)/4 = 3.
    expect(Array.from(isotonicRegression([3, 5, 4, 0]))).toEqual([3, 3, 3, 3]);
  });

  it('returns a non-decreasing fit no farther from y than any other monotone sequence tried', () => {
    const rng = mulberry32(71);
    const y = Array.from({ length: 200 }, (_, i) => i / 50 + randomNormal(rng));
    const fit = isotonicRegression(y);
    for (let i = 1; i < fit.length; i++) expect(fit[i]).toBeGreaterThanOrEqual(fit[i - 1]);
    const sse = (f: ArrayLike<number>) => y.reduce((s, v, i) => s + (v - f[i]) ** 2, 0);
    // Perturbing a block level (keeping monotonicity) can only increase the squared error.
    const bumped = Float64Array.from(fit, (v) => v + 0.01);
    expect(sse(fit)).toBeLessThan(sse(bumped));
    expect(sse(fit)).toBeLessThan(sse(y.map((_, i) => i / 50)));
  });
});

describe('IsotonicCalibrator', () => {
  it('fits, interpolates and clips, by hand: scores [.1, .2, .3, .4], y [0, 1, 0, 1] → [0, .5, .5, 1]', () => {
    const c = IsotonicCalibrator.fit([0.3, 0.1, 0.4, 0.2], [0, 0, 1, 1]);
    expect(Array.from(c.thresholds)).toEqual([0.1, 0.2, 0.3, 0.4]);
    expect(Array.from(c.values)).toEqual([0, 0.5, 0.5, 1]);
    expect(Array.from(c.transform([0, 0.15, 0.25, 0.35, 0.4, 2]))).toEqual([0, 0.25, 0.5, 0.75, 1, 1].map((v) => expect.closeTo(v, 12)));
  });

  it('pools tied scores before fitting (scores [.5, .5], y [0, 1] → 0.5)', () => {
    const c = IsotonicCalibrator.fit([0.5, 0.5, 0.9], [0, 1, 1]);
    expect(Array.from(c.transform([0.5, 0.9]))).toEqual([0.5, 1]);
    const back = IsotonicCalibrator.fromJSON(JSON.parse(JSON.stringify(c)));
    expect(back.transform([0.7])).toEqual(c.transform([0.7]));
  });
});

describe('PlattScaler', () => {
  it("uses Platt's smoothed targets: scores [−1, 1], y [0, 1] → targets 1/3, 2/3 → a = ln 2, b = 0", () => {
    const p = PlattScaler.fit([-1, 1], [0, 1]);
    expect(p.slope).toBeCloseTo(Math.LN2, 9);
    expect(p.intercept).toBeCloseTo(0, 9);
    expect(Array.from(p.transform([-1, 1])).map((v) => +v.toFixed(9))).toEqual([+(1 / 3).toFixed(9), +(2 / 3).toFixed(9)]);
  });

  it('recovers a true logistic link σ(1.5·f − 0.5) from 5000 scores', () => {
    const rng = mulberry32(72);
    const f = Array.from({ length: 5000 }, () => 2 * randomNormal(rng));
    const y = f.map((v) => (rng() < sigmoid(1.5 * v - 0.5) ? 1 : 0));
    const p = PlattScaler.fit(f, y);
    expect(p.slope).toBeCloseTo(1.5, 0);
    expect(Math.abs(p.slope - 1.5)).toBeLessThan(0.15);
    expect(Math.abs(p.intercept + 0.5)).toBeLessThan(0.15);
    expect(PlattScaler.fromJSON(JSON.parse(JSON.stringify(p))).transform([0.3])).toEqual(p.transform([0.3]));
  });
});

describe('calibrating an overconfident classifier on held-out data', () => {
  it('Platt and isotonic both lower the Brier score and log loss of fresh predictions', () => {
    const cal = overconfident(2000, deriveSeed(1, 'calibration'));
    const test = overconfident(5000, deriveSeed(2, 'calibration'));
    const platt = PlattScaler.fit(cal.logit, cal.y).transform(test.logit);
    const isotonic = IsotonicCalibrator.fit(cal.raw, cal.y).transform(test.raw);
    const rate = cal.y.reduce((a, b) => a + b, 0) / cal.y.length;
    const prior = test.y.map(() => rate);
    const row = (name: string, p: ArrayLike<number>) => `${name}: Brier ${brierScore(test.y, p).toFixed(4)}, log loss ${logLoss(test.y, p).toFixed(4)}`;
    console.log(['raw σ(3f)', 'Platt', 'isotonic', 'base rate'].map((n, i) => row(n, [test.raw, platt, isotonic, prior][i])).join(' | '));
    for (const p of [platt, isotonic]) {
      expect(brierScore(test.y, p)).toBeLessThan(brierScore(test.y, test.raw) - 0.005);
      expect(logLoss(test.y, p)).toBeLessThan(logLoss(test.y, test.raw) - 0.05);
      expect(brierScore(test.y, p)).toBeLessThan(brierScore(test.y, prior));
    }
    // Platt's slope undoes the factor 3: about 1/3.
    expect(PlattScaler.fit(cal.logit, cal.y).slope).toBeCloseTo(1 / 3, 1);
  });
});

describe('predictionConfidence', () => {
  it('by hand for p = (0.7, 0.2, 0.1) and for a uniform row', () => {
    const p = [0.7, 0.2, 0.1, 1 / 3, 1 / 3, 1 / 3];
    expect(Array.from(predictionConfidence(p, 3))).toEqual([0.7, 1 / 3]);
    const margin = predictionConfidence(p, 3, 'margin');
    expect(margin[0]).toBeCloseTo(0.5, 15);
    expect(margin[1]).toBe(0);
    const h = -(0.7 * Math.log(0.7) + 0.2 * Math.log(0.2) + 0.1 * Math.log(0.1));
    const entropy = predictionConfidence(p, 3, 'entropy');
    expect(entropy[0]).toBeCloseTo(1 - h / Math.log(3), 15);
    expect(entropy[1]).toBeCloseTo(0, 15);
    expect(Array.from(binaryPredictionConfidence([0.9, 0.5, 0.2]))).toEqual([0.9, 0.5, 0.8]);
  });

  it('ranks predictions: the more confident half of calibrated predictions is more often right', () => {
    const test = overconfident(4000, deriveSeed(3, 'calibration'));
    const p = test.logit.map((t) => sigmoid(t / 3)); // calibrated
    const confidence = binaryPredictionConfidence(p);
    const order = Array.from(confidence.keys()).sort((a, b) => confidence[a] - confidence[b]);
    const accuracyOf = (rows: number[]) => rows.filter((i) => (p[i] >= 0.5 ? 1 : 0) === test.y[i]).length / rows.length;
    const low = accuracyOf(order.slice(0, 2000));
    const high = accuracyOf(order.slice(2000));
    const meanHigh = order.slice(2000).reduce((s, i) => s + confidence[i], 0) / 2000;
    console.log(`confidence: accuracy ${low.toFixed(3)} on the less confident half, ${high.toFixed(3)} on the more confident half (mean confidence ${meanHigh.toFixed(3)})`);
    expect(high).toBeGreaterThan(low + 0.15);
    expect(Math.abs(high - meanHigh)).toBeLessThan(0.03); // calibrated: confidence ≈ accuracy
  });
});
