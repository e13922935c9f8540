import { fitGbdt, treeCount, type FlatForest, type GbdtModel } from '../models/gbdt';
import { mulberry32, randomNormal } from '../random/prng';
import { treeShap } from './tree-shap';

/**
 * The definition, by brute force (Lundberg et al. 2018, Algorithm 1 and eq. 1): v(S) is the
 * cover-weighted expectation of the trees with the features in S fixed to x, and φ_i averages
 * v(S ∪ {i}) − v(S) over all S with the Shapley weights |S|!(M − |S| − 1)!/M!.
 */
function bruteForceShap(model: GbdtModel, x: Float32Array, classIndex = 0): Float64Array {
  const f = model.forest;
  const m = model.nFeatures;
  const expectation = (node: number, known: number): number => {
    const split = f.feature[node];
    if (split < 0) return f.value[node];
    const left = f.leftChild[node];
    if (known & (1 << split)) {
      const v = x[split];
      const goesLeft = Number.isNaN(v) ? f.defaultLeft[node] === 1 : v <= f.threshold[node];
      return expectation(goesLeft ? left : left + 1, known);
    }
    return (f.cover[left] * expectation(left, known) + f.cover[left + 1] * expectation(left + 1, known)) / f.cover[node];
  };
  const value = (known: number) => {
    let sum = model.baseScore[classIndex];
    for (let t = classIndex; t < treeCount(f); t += model.outputs) sum += expectation(f.treeStart[t], known);
    return sum;
  };
  const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));
  const phi = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    for (let s = 0; s < 1 << m; s++) {
      if (s & (1 << i)) continue;
      let size = 0;
      for (let j = 0; j < m; j++) size += (s >> j) & 1;
      phi[i] += ((factorial(size) * factorial(m - size - 1)) / factorial(m)) * (value(s | (1 << i)) - value(s));
    }
  }
  return phi;
}

function dataset(rows: number, seed: number) {
  const rng = mulberry32(seed);
  const cols = 4;
  const x = Float32Array.from({ length: rows * cols }, (_, i) => (i % cols === 3 ? 1 : rng() < 0.08 ? NaN : randomNormal(rng)));
  const y = Float64Array.from({ length: rows }, (_, r) => {
    const a = x[r * cols] || 0;
    const b = x[r * cols + 1] || 0;
    return 2 * a + Math.sin(3 * b) + a * (x[r * cols + 2] || 0) + 0.1 * randomNormal(rng);
  });
  return { x, y, rows, cols };
}

function depthOf(forest: FlatForest): number {
  const depth = new Int32Array(forest.feature.length);
  let deepest = 0;
  for (let i = 0; i < depth.length; i++)
    if (forest.leftChild[i] >= 0) deepest = Math.max(deepest, (depth[forest.leftChild[i]] = depth[forest.leftChild[i] + 1] = depth[i] + 1));
  return deepest;
}

describe('treeShap', () => {
  it('gives a stump the hand-computed values: leaf value minus the cover-weighted mean', () => {
    // y = (0, 10, 10, 10): F₀ = 7.5; split at 1.5; leaves ν·(−G/(H + λ)) = 0.5·(−7.5/2) = −1.875 (cover 1)
    // and 0.5·(7.5/4) = 0.9375 (cover 3). E = 7.5 + (−1.875 + 3·0.9375)/4 = 7.734375.
    const x = Float32Array.of(1, 5, 2, -3, 3, 0, 4, 8); // feature 1 is noise the stump ignores
    const model = fitGbdt(x, 4, 2, Float64Array.of(0, 10, 10, 10), { maxIterations: 1, maxLeaves: 2, minSamplesLeaf: 1, learningRate: 0.5, lambda: 1 });
    expect(model.forest.feature[0]).toBe(0);
    expect(model.forest.threshold[0]).toBe(1.5);
    const shap = treeShap(model, Float32Array.of(1, 100, 4, -100), 2);
    expect(shap.baseValue).toBeCloseTo(7.734375, 12);
    expect(shap.values[0]).toBeCloseTo(-2.109375, 12);
    expect(shap.values[1]).toBe(0);
    expect(shap.values[2]).toBeCloseTo(0.703125, 12);
    expect(shap.values[3]).toBe(0);
  });

  it('equals the brute-force Shapley values of the path-dependent game, repeated features and NaN included', () => {
    const d = dataset(800, 1);
    const model = fitGbdt(d.x, d.rows, d.cols, d.y, { maxIterations: 8, maxLeaves: 12, minSamplesLeaf: 5 });
    const f = model.forest;
    // Some path must test the same feature twice, exercising UNWIND.
    let repeated = false;
    const walk = (node: number, seen: Set<number>): void => {
      if (f.feature[node] < 0) return;
      if (seen.has(f.feature[node])) repeated = true;
      const next = new Set(seen).add(f.feature[node]);
      walk(f.leftChild[node], next);
      walk(f.leftChild[node] + 1, next);
    };
    for (let t = 0; t < model.treeCount; t++) walk(f.treeStart[t], new Set());
    expect(repeated).toBe(true);
    expect(depthOf(f)).toBeGreaterThanOrEqual(4);

    const rows = 40;
    const x = d.x.subarray(0, rows * d.cols);
    const shap = treeShap(model, x, rows);
    let worst = 0;
    for (let r = 0; r < rows; r++) {
      const expected = bruteForceShap(model, x.subarray(r * d.cols, (r + 1) * d.cols));
      for (let j = 0; j < d.cols; j++) worst = Math.max(worst, Math.abs(shap.values[r * d.cols + j] - expected[j]));
    }
    expect(worst).toBeLessThan(1e-10);
  });

  it('is additive for every row (Σφ + E = raw score within 1e-6) and gives an unsplit feature exactly 0', () => {
    const d = dataset(3000, 2);
    const model = fitGbdt(d.x, d.rows, d.cols, d.y, { maxIterations: 100, maxLeaves: 31 });
    const rows = 500;
    const x = d.x.subarray(0, rows * d.cols);
    const shap = treeShap(model, x, rows);
    const raw = model.predictRaw(x, rows);
    let worst = 0;
    for (let r = 0; r < rows; r++) {
      let sum = shap.baseValue;
      for (let j = 0; j < d.cols; j++) sum += shap.values[r * d.cols + j];
      worst = Math.max(worst, Math.abs(sum - raw[r]));
      expect(shap.values[r * d.cols + 3]).toBe(0); // constant column: never split
    }
    expect(worst).toBeLessThan(1e-6);
    expect(Array.from(model.forest.feature).includes(3)).toBe(false);
  });

  it('explains a binary model in log-odds: Σφ + E = log(p / (1 − p))', () => {
    const d = dataset(2000, 3);
    const labels = Float64Array.from(d.y, (v) => (v > 0 ? 1 : 0));
    const model = fitGbdt(d.x, d.rows, d.cols, labels, { objective: 'binary', maxIterations: 50 });
    const rows = 200;
    const x = d.x.subarray(0, rows * d.cols);
    const shap = treeShap(model, x, rows);
    const p = model.predict(x, rows);
    for (let r = 0; r < rows; r++) {
      let sum = shap.baseValue;
      for (let j = 0; j < d.cols; j++) sum += shap.values[r * d.cols + j];
      expect(sum).toBeCloseTo(Math.log(p[r] / (1 - p[r])), 6);
    }
  });

  it('explains one class logit of a multiclass model and asks which', () => {
    const d = dataset(1500, 4);
    const labels = Int32Array.from(d.y, (v) => (v < -1 ? 0 : v < 1 ? 1 : 2));
    const model = fitGbdt(d.x, d.rows, d.cols, labels, { objective: 'multiclass', maxIterations: 20 });
    expect(() => treeShap(model, d.x, d.rows)).toThrow(RangeError);
    const rows = 30;
    const x = d.x.subarray(0, rows * d.cols);
    const raw = model.predictRaw(x, rows);
    for (const k of [0, 2]) {
      const shap = treeShap(model, x, rows, { classIndex: k });
      const expected = bruteForceShap(model, x.subarray(0, d.cols), k);
      for (let j = 0; j < d.cols; j++) expect(shap.values[j]).toBeCloseTo(expected[j], 10);
      for (let r = 0; r < rows; r++) {
        let sum = shap.baseValue;
        for (let j = 0; j < d.cols; j++) sum += shap.values[r * d.cols + j];
        expect(sum).toBeCloseTo(raw[r * 3 + k], 6);
      }
    }
  });
});
