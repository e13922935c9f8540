import { MlArtifactError, MlInputError } from '../../errors/ml-input.error';
import { mulberry32, randomNormal } from '../../random/prng';
import type { RowMajorMatrix } from './row-major-matrix';
import { SoftmaxRegression, fitSoftmaxRegression } from './softmax-regression';

/** Three classes drawn from a true softmax model over 3 features (scores Wx + b). */
function syntheticMulticlass(n: number, seed: number) {
  const w = [
    [2, 0, -1],
    [-1, 2, 0],
    [-1, -2, 1],
  ];
  const b = [0.2, 0, -0.2];
  const rng = mulberry32(seed);
  const data = new Float64Array(n * 3);
  const y = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 3; j++) data[i * 3 + j] = randomNormal(rng) * (j === 2 ? 3 : 1);
    const s = w.map((row, k) => b[k] + row.reduce((acc, v, j) => acc + v * data[i * 3 + j], 0));
    const m = Math.max(...s);
    const e = s.map((v) => Math.exp(v - m));
    const total = e.reduce((a, c) => a + c, 0);
    let u = rng() * total;
    let k = 0;
    while (k < 2 && u >= e[k]) u -= e[k++];
    y[i] = k;
  }
  return { x: { data, rows: n, cols: 3 } as RowMajorMatrix, y };
}

describe('fitSoftmaxRegression', () => {
  it('without a penalty, reproduces the class frequencies of each group of a binary feature (hand-computed MLE)', () => {
    // x = 0: labels 0,0,1,2 → (1/2, 1/4, 1/4); x = 1: labels 0,1,2,2 → (1/4, 1/4, 1/2).
    const x: RowMajorMatrix = { data: Float32Array.from([0, 0, 0, 0, 1, 1, 1, 1]), rows: 8, cols: 1 };
    const m = fitSoftmaxRegression(x, [0, 0, 1, 2, 0, 1, 2, 2], { lambda: 0, tolerance: 1e-10 });
    expect(m.fit.converged).toBe(true);
    const p = m.predictProba({ data: Float64Array.from([0, 1]), rows: 2, cols: 1 });
    expect(Array.from(p).map((v) => +v.toFixed(7))).toEqual([0.5, 0.25, 0.25, 0.25, 0.25, 0.5]);
  });

  it('gives probabilities in [0, 1] that sum to 1 per row, and predict is their argmax', () => {
    const { x, y } = syntheticMulticlass(600, 31);
    const m = fitSoftmaxRegression(x, y, { lambda: 1e-3 });
    const p = m.predictProba(x);
    const labels = m.predict(x);
    for (let i = 0; i < x.rows; i++) {
      const row = Array.from(p.subarray(i * 3, i * 3 + 3));
      expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
      for (const v of row) expect(v >= 0 && v <= 1).toBe(true);
      expect(labels[i]).toBe(row.indexOf(Math.max(...row)));
    }
  });

  it('keeps the symmetric parametrisation identified: Σ_k β_k = 0 and Σ_k b_k = 0', () => {
    const { x, y } = syntheticMulticlass(400, 32);
    const m = fitSoftmaxRegression(x, y, { lambda: 0 });
    for (let j = 0; j < 3; j++) expect(Math.abs(m.coefficients[j] + m.coefficients[3 + j] + m.coefficients[6 + j])).toBeLessThan(1e-9);
    expect(Math.abs(m.intercepts[0] + m.intercepts[1] + m.intercepts[2])).toBeLessThan(1e-9);
  });

  it('recovers the direction of the true class weights and beats the majority class on held-out data', () => {
    const { x, y } = syntheticMulticlass(4000, 33);
    const train: RowMajorMatrix = { data: x.data.subarray(0, 3000 * 3), rows: 3000, cols: 3 };
    const test: RowMajorMatrix = { data: x.data.subarray(3000 * 3), rows: 1000, cols: 3 };
    const m = fitSoftmaxRegression(train, y.subarray(0, 3000), { lambda: 1e-4 });
    expect(m.fit.converged).toBe(true);
    // Compare β_k − mean_k β_k with the centred truth (the symmetric model only knows differences).
    const truth = [
      [2, 0, -1],
      [-1, 2, 0],
      [-1, -2, 1],
    ];
    for (let j = 0; j < 3; j++) {
      const meanTrue = (truth[0][j] + truth[1][j] + truth[2][j]) / 3;
      for (let k = 0; k < 3; k++) expect(m.coefficients[k * 3 + j]).toBeCloseTo(truth[k][j] - meanTrue, 0);
    }
    const yTest = y.subarray(3000);
    const counts = [0, 0, 0];
    for (const label of y.subarray(0, 3000)) counts[label]++;
    const majority = counts.indexOf(Math.max(...counts));
    const pred = m.predict(test);
    const p = m.predictProba(test);
    let hits = 0;
    let baseHits = 0;
    let logLoss = 0;
    let baseLogLoss = 0;
    for (let i = 0; i < yTest.length; i++) {
      if (pred[i] === yTest[i]) hits++;
      if (majority === yTest[i]) baseHits++;
      logLoss -= Math.log(p[i * 3 + yTest[i]]);
      baseLogLoss -= Math.log(counts[yTest[i]] / 3000);
    }
    const n = yTest.length;
    console.log(
      `softmax held-out (n=1000, 3 classes): accuracy ${(hits / n).toFixed(3)}, log loss ${(logLoss / n).toFixed(3)} | ` +
        `majority/prior baseline: accuracy ${(baseHits / n).toFixed(3)}, log loss ${(baseLogLoss / n).toFixed(3)}`,
    );
    expect(hits / n).toBeGreaterThan(baseHits / n + 0.3);
    expect(logLoss).toBeLessThan(baseLogLoss / 2);
  });

  it('is deterministic and round-trips through JSON', () => {
    const { x, y } = syntheticMulticlass(300, 34);
    const a = fitSoftmaxRegression(x, y, { lambda: 0.01 });
    const b = fitSoftmaxRegression(x, y, { lambda: 0.01 });
    expect(b.coefficients).toEqual(a.coefficients);
    const back = SoftmaxRegression.fromJSON(JSON.parse(JSON.stringify(a)));
    expect(back.predictProba(x)).toEqual(a.predictProba(x));
    expect(back.fit).toEqual(a.fit);
    expect(() => SoftmaxRegression.fromJSON({ ...a.toJSON(), intercepts: [0, 0] })).toThrow(MlArtifactError);
  });

  it('refuses labels that are not 0 … K−1 with every class present', () => {
    const x: RowMajorMatrix = { data: Float64Array.from([0, 1, 2, 3]), rows: 4, cols: 1 };
    expect(() => fitSoftmaxRegression(x, [0, 1, 0, 1.5])).toThrow(MlInputError);
    expect(() => fitSoftmaxRegression(x, [0, 2, 0, 2])).toThrow(MlInputError);
    expect(() => fitSoftmaxRegression(x, [0, 1, 0, 1], { classes: 3 })).toThrow(MlInputError);
    expect(() => fitSoftmaxRegression(x, [0, 0, 0, 0])).toThrow(MlInputError);
  });
});
