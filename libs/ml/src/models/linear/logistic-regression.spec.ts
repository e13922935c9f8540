import { MlInputError } from '../../errors/ml-input.error';
import { mulberry32, randomNormal } from '../../random/prng';
import { LogisticRegression, fitLogisticRegression } from './logistic-regression';
import type { RowMajorMatrix } from './row-major-matrix';
import { fitSoftmaxRegression } from './softmax-regression';

/** x ~ N(0, I)·scale, y ~ Bernoulli(σ(b + xᵀβ)). */
function syntheticLogistic(n: number, beta: number[], intercept: number, seed: number, scales?: number[]) {
  const rng = mulberry32(seed);
  const p = beta.length;
  const data = new Float64Array(n * p);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let eta = intercept;
    for (let j = 0; j < p; j++) {
      const v = randomNormal(rng) * (scales?.[j] ?? 1);
      data[i * p + j] = v;
      eta += beta[j] * v;
    }
    y[i] = rng() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  }
  return { x: { data, rows: n, cols: p } as RowMajorMatrix, y };
}

const rowsOf = (x: RowMajorMatrix, from: number, to: number): RowMajorMatrix => ({
  data: x.data.subarray(from * x.cols, to * x.cols),
  rows: to - from,
  cols: x.cols,
});

function meanLogLoss(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s -= y[i] === 1 ? Math.log(p[i]) : Math.log(1 - p[i]);
  return s / y.length;
}

function accuracyOf(y: ArrayLike<number>, yHat: ArrayLike<number>): number {
  let hits = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === yHat[i]) hits++;
  return hits / y.length;
}

/** Gradient of the mean log loss with respect to standardised coefficients: (1/n)·z̃ⱼᵀ(p − y). */
function standardisedGradient(x: RowMajorMatrix, y: ArrayLike<number>, model: LogisticRegression) {
  const { rows: n, cols: p, data } = x;
  const prob = model.predictProba(x);
  return Array.from({ length: p }, (_, j) => {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += data[i * p + j];
    mean /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (data[i * p + j] - mean) ** 2;
    const sd = Math.sqrt(ss / n);
    let g = 0;
    for (let i = 0; i < n; i++) g += ((data[i * p + j] - mean) / sd) * (prob[i] - y[i]);
    return { gradient: g / n, betaStd: model.coefficients[j] * sd };
  });
}

describe('fitLogisticRegression', () => {
  // One binary feature. x = 0: 1 of 4 positive; x = 1: 3 of 4 positive. The unpenalised MLE
  // reproduces the group rates: b = logit(1/4) = −ln 3, b + β = logit(3/4) = ln 3, so β = 2 ln 3.
  const x2: RowMajorMatrix = { data: Float64Array.from([0, 0, 0, 0, 1, 1, 1, 1]), rows: 8, cols: 1 };
  const y2 = [1, 0, 0, 0, 1, 1, 1, 0];

  it('Newton (L2, λ = 0) gives the hand-computed MLE b = −ln 3, β = 2 ln 3', () => {
    const m = fitLogisticRegression(x2, y2, { lambda: 0 });
    expect(m.intercept).toBeCloseTo(-Math.log(3), 10);
    expect(m.coefficients[0]).toBeCloseTo(2 * Math.log(3), 10);
    expect(m.fit).toMatchObject({ algorithm: 'newton', converged: true });
    expect(Array.from(m.predictProba(x2)).map((p) => +p.toFixed(10))).toEqual([0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75]);
  });

  it('IRLS + coordinate descent (L1 path, λ = 0) reaches the same MLE', () => {
    const m = fitLogisticRegression(x2, y2, { penalty: 'l1', lambda: 0 });
    expect(m.fit.algorithm).toBe('irls-coordinate-descent');
    expect(m.intercept).toBeCloseTo(-Math.log(3), 8);
    expect(m.coefficients[0]).toBeCloseTo(2 * Math.log(3), 8);
  });

  it('recovers the sign and rough magnitude of the true coefficients, and beats the base rate held out', () => {
    const truth = [1.5, -1, 0.5, 0];
    const { x, y } = syntheticLogistic(5000, truth, -0.5, 21, [1, 2, 1, 1]);
    const train = rowsOf(x, 0, 4000);
    const test = rowsOf(x, 4000, 5000);
    const m = fitLogisticRegression(train, y.subarray(0, 4000), { lambda: 1e-4 });
    expect(m.fit.converged).toBe(true);
    // Standard errors here are about 0.03–0.05, so 20 % + 0.05 is a 3–4 σ band.
    for (let j = 0; j < 3; j++) {
      expect(Math.sign(m.coefficients[j])).toBe(Math.sign(truth[j]));
      expect(Math.abs(m.coefficients[j] - truth[j])).toBeLessThan(0.2 * Math.abs(truth[j]) + 0.05);
    }
    expect(Math.abs(m.coefficients[3])).toBeLessThan(0.1);
    expect(m.intercept).toBeCloseTo(-0.5, 0);

    const yTest = y.subarray(4000);
    const rate = y.subarray(0, 4000).reduce((a, b) => a + b, 0) / 4000;
    const majority = rate >= 0.5 ? 1 : 0;
    const pTest = m.predictProba(test);
    const acc = accuracyOf(yTest, m.predict(test));
    const baseAcc = accuracyOf(yTest, new Uint8Array(yTest.length).fill(majority));
    const ll = meanLogLoss(yTest, pTest);
    const baseLl = meanLogLoss(yTest, new Float64Array(yTest.length).fill(rate));
    console.log(
      `logistic held-out (n=1000): accuracy ${acc.toFixed(3)}, log loss ${ll.toFixed(3)} | majority/base-rate baseline: accuracy ${baseAcc.toFixed(3)}, log loss ${baseLl.toFixed(3)}; ` +
        `β̂ = [${Array.from(m.coefficients, (b) => b.toFixed(2)).join(', ')}] vs [${truth.join(', ')}]`,
    );
    expect(acc).toBeGreaterThan(baseAcc + 0.15);
    expect(ll).toBeLessThan(baseLl - 0.15);
  });

  it('L2 shrinks the coefficients monotonically as λ grows', () => {
    const { x, y } = syntheticLogistic(600, [1, -1, 0.5], 0, 22);
    const norms = [0, 0.01, 0.1, 1, 10, 1000].map((lambda) => Math.hypot(...fitLogisticRegression(x, y, { lambda }).coefficients));
    for (let k = 1; k < norms.length; k++) expect(norms[k]).toBeLessThan(norms[k - 1]);
    expect(norms[norms.length - 1]).toBeLessThan(1e-3);
  });

  it('L1 zeroes irrelevant features exactly and meets the KKT conditions', () => {
    const { x, y } = syntheticLogistic(2000, [1.2, -0.8, 0, 0, 0, 0], 0.3, 23, [1, 1, 3, 1, 0.2, 1]);
    const lambda = 0.02;
    const m = fitLogisticRegression(x, y, { penalty: 'l1', lambda });
    console.log(`L1 logistic λ=${lambda}: β̂ = [${Array.from(m.coefficients, (b) => b.toFixed(3)).join(', ')}] (true [1.2, −0.8, 0, 0, 0, 0])`);
    expect(m.fit.converged).toBe(true);
    expect(m.coefficients[0]).toBeGreaterThan(0.8);
    expect(m.coefficients[1]).toBeLessThan(-0.5);
    expect(Array.from(m.coefficients.subarray(2))).toEqual([0, 0, 0, 0]);
    for (const { gradient, betaStd } of standardisedGradient(x, y, m)) {
      if (betaStd !== 0) expect(gradient).toBeCloseTo(-lambda * Math.sign(betaStd), 6);
      else expect(Math.abs(gradient)).toBeLessThanOrEqual(lambda + 1e-8);
    }
  });

  it('elastic net keeps the signal; an L1 penalty at λ_max leaves only the intercept logit(ȳ)', () => {
    const { x, y } = syntheticLogistic(800, [1, -1, 0, 0], 0, 24);
    const en = fitLogisticRegression(x, y, { penalty: 'elasticnet', lambda: 0.05, l1Ratio: 0.5 });
    expect(en.fit.l1Ratio).toBe(0.5);
    expect(en.coefficients[0]).toBeGreaterThan(0);
    expect(en.coefficients[1]).toBeLessThan(0);
    // λ_max = maxⱼ |(1/n) z̃ⱼᵀ(y − ȳ)| for the lasso.
    const ybar = y.reduce((a, b) => a + b, 0) / y.length;
    const base = new LogisticRegression(new Float64Array(4), Math.log(ybar / (1 - ybar)), en.fit);
    const lambdaMax = Math.max(...standardisedGradient(x, y, base).map((g) => Math.abs(g.gradient)));
    const m = fitLogisticRegression(x, y, { penalty: 'l1', lambda: lambdaMax * 1.0001 });
    expect(Array.from(m.coefficients)).toEqual([0, 0, 0, 0]);
    expect(m.intercept).toBeCloseTo(Math.log(ybar / (1 - ybar)), 10);
  });

  it('softmax regression with K = 2 and penalty λ equals binary logistic regression with λ/2', () => {
    const { x, y } = syntheticLogistic(500, [1, -2, 0.5], 0.4, 25);
    const binary = fitLogisticRegression(x, y, { lambda: 0.01 });
    const softmax = fitSoftmaxRegression(x, y, { lambda: 0.02, tolerance: 1e-10 });
    const p1 = binary.predictProba(x);
    const p2 = softmax.predictProba(x);
    for (let i = 0; i < x.rows; i++) expect(p2[i * 2 + 1]).toBeCloseTo(p1[i], 7);
    for (let j = 0; j < 3; j++) expect(softmax.coefficients[3 + j] - softmax.coefficients[j]).toBeCloseTo(binary.coefficients[j], 6);
  });

  it('terminates with finite coefficients on perfectly separable data without a penalty', () => {
    const x: RowMajorMatrix = { data: Float64Array.from([-2, -1, 1, 2]), rows: 4, cols: 1 };
    const m = fitLogisticRegression(x, [0, 0, 1, 1], { lambda: 0 });
    expect(Number.isFinite(m.coefficients[0]) && Number.isFinite(m.intercept)).toBe(true);
    expect(Array.from(m.predict(x))).toEqual([0, 0, 1, 1]);
  });

  it('round-trips through JSON; refuses bad labels and parameters', () => {
    const { x, y } = syntheticLogistic(200, [1, -1], 0, 26);
    const m = fitLogisticRegression(x, y, { penalty: 'l1', lambda: 0.01 });
    const back = LogisticRegression.fromJSON(JSON.parse(JSON.stringify(m)));
    expect(back.predictProba(x)).toEqual(m.predictProba(x));
    expect(back.fit).toEqual(m.fit);
    expect(() => fitLogisticRegression(x, new Uint8Array(200))).toThrow(MlInputError);
    expect(() => fitLogisticRegression(x, Array.from(y, (v) => v * 2))).toThrow(MlInputError);
    expect(() => fitLogisticRegression(x, y, { lambda: -1 })).toThrow(MlInputError);
    expect(() => fitLogisticRegression(x, y, { penalty: 'l3' as 'l1' })).toThrow(MlInputError);
  });
});
