import { mulberry32, randomNormal } from '../random/prng';
import { kernelShap } from './kernel-shap';
import type { PredictFn } from './predict-fn';

function matrix(rows: number, cols: number, seed: number): Float32Array {
  const rng = mulberry32(seed);
  return Float32Array.from({ length: rows * cols }, () => randomNormal(rng));
}

function linear(w: readonly number[], c: number): PredictFn {
  return (x, rows) => {
    const out = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      let s = c;
      for (let j = 0; j < w.length; j++) s += w[j] * x[r * w.length + j];
      out[r] = s;
    }
    return out;
  };
}

/** Interventional Shapley values by enumerating every subset: v(S) = mean_b f(x_S, b_¬S). */
function bruteForce(predict: PredictFn, row: Float32Array, background: Float32Array, nb: number): Float64Array {
  const m = row.length;
  const v = new Float64Array(1 << m);
  for (let s = 0; s < 1 << m; s++) {
    const batch = background.slice();
    for (let b = 0; b < nb; b++) for (let j = 0; j < m; j++) if (s & (1 << j)) batch[b * m + j] = row[j];
    const out = predict(batch, nb);
    for (let b = 0; b < nb; b++) v[s] += out[b] / nb;
  }
  const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));
  const phi = new Float64Array(m);
  for (let i = 0; i < m; i++)
    for (let s = 0; s < 1 << m; s++) {
      if (s & (1 << i)) continue;
      let size = 0;
      for (let j = 0; j < m; j++) size += (s >> j) & 1;
      phi[i] += ((factorial(size) * factorial(m - size - 1)) / factorial(m)) * (v[s | (1 << i)] - v[s]);
    }
  return phi;
}

function columnMeans(x: Float32Array, rows: number, cols: number): number[] {
  const out = new Array<number>(cols).fill(0);
  for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) out[j] += x[r * cols + j] / rows;
  return out;
}

describe('kernelShap', () => {
  it.each([
    ['every coalition (M = 5)', 5, undefined],
    ['sampled coalitions (M = 12, 300 samples)', 12, 300],
  ])('recovers w_i (x_i − E[x_i]) for a linear model with %s, additivity exact', (_, cols, nSamples) => {
    const w = Array.from({ length: cols }, (_, j) => (j % 2 ? -1 : 1) * (j + 1) * 0.5);
    const predict = linear(w, 3);
    const background = matrix(40, cols, 1);
    const x = matrix(6, cols, 2);
    const shap = kernelShap(predict, x, 6, cols, { background: { x: background, rows: 40 }, nSamples });
    const mean = columnMeans(background, 40, cols);
    const fx = predict(x, 6);
    expect(shap.baseValue).toBeCloseTo(mean.reduce((s, m, j) => s + w[j] * m, 3), 10);
    for (let r = 0; r < 6; r++) {
      let sum = 0;
      for (let j = 0; j < cols; j++) {
        const phi = shap.values[r * cols + j];
        expect(phi).toBeCloseTo(w[j] * (x[r * cols + j] - mean[j]), 6);
        sum += phi;
      }
      expect(Math.abs(sum + shap.baseValue - fx[r])).toBeLessThan(1e-9);
    }
  });

  it('equals the exact interventional Shapley values of a non-linear model when every coalition fits the budget', () => {
    // Three- and four-way interactions: with only pairwise ones, any symmetric weighting would do.
    const predict: PredictFn = (x, rows) =>
      Float64Array.from({ length: rows }, (_, r) => {
        const v = (j: number) => x[r * 4 + j];
        return v(0) * v(1) * v(2) + Math.sin(v(2)) + (v(3) > 0 ? 2 : 0) + Math.max(v(0), v(1), v(3)) * v(2);
      });
    const background = matrix(25, 4, 3);
    const x = matrix(5, 4, 4);
    const shap = kernelShap(predict, x, 5, 4, { background: { x: background, rows: 25 } });
    for (let r = 0; r < 5; r++) {
      const expected = bruteForce(predict, x.subarray(r * 4, r * 4 + 4), background, 25);
      for (let j = 0; j < 4; j++) expect(shap.values[r * 4 + j]).toBeCloseTo(expected[j], 9);
    }
  });

  it('approximates them from sampled coalitions when there are too many (M = 10, 1,000 samples)', () => {
    const cols = 10;
    const predict: PredictFn = (x, rows) =>
      Float64Array.from({ length: rows }, (_, r) => {
        const v = (j: number) => x[r * cols + j];
        return v(0) * v(1) * v(2) + Math.sin(v(2)) + (v(3) > 0 ? 2 : 0) + 0.5 * v(4) - v(5) * v(6) * v(1) + Math.max(v(0), v(4), v(5));
      });
    const background = matrix(10, cols, 5);
    const row = matrix(1, cols, 6);
    const shap = kernelShap(predict, row, 1, cols, { background: { x: background, rows: 10 }, nSamples: 1000 });
    const expected = bruteForce(predict, row, background, 10);
    const scale = Math.max(...Array.from(expected, Math.abs));
    let worst = 0;
    for (let j = 0; j < cols; j++) worst = Math.max(worst, Math.abs(shap.values[j] - expected[j]));
    console.log(`KernelSHAP, 1,000 sampled coalitions of 10 features: worst error ${(worst / scale).toFixed(4)} of the largest |φ|`);
    expect(worst).toBeLessThan(0.02 * scale); // uniform sizes instead of kernel-weighted ones give ≈ 0.03
    for (const unused of [7, 8, 9]) expect(Math.abs(shap.values[unused])).toBeLessThan(0.02 * scale);
  });

  it('gives exactly 0 to a feature equal to every background value, and is reproducible row by row', () => {
    const predict = linear([1, 2, 3], 0);
    const background = matrix(10, 3, 7);
    for (let b = 0; b < 10; b++) background[b * 3 + 1] = 4;
    const x = matrix(3, 3, 8);
    x[1] = 4;
    const all = kernelShap(predict, x, 3, 3, { background: { x: background, rows: 10 }, seed: 1 });
    expect(all.values[1]).toBe(0);
    const last = kernelShap(predict, x.subarray(6, 9), 1, 3, { background: { x: background, rows: 10 }, seed: 1 });
    expect(Array.from(last.values)).toEqual(Array.from(all.values.subarray(6, 9)));
  });
});
