import { r2, rmse } from '../metrics/regression-metrics';
import { fitGbdt } from '../models/gbdt';
import { mulberry32, randomNormal } from '../random/prng';
import { permutationImportance } from './permutation-importance';

describe('permutationImportance', () => {
  const rng = mulberry32(1);
  const rows = 1500;
  const cols = 3;
  // y depends on x0 only; x1 is pure noise; x2 is constant.
  const x = Float32Array.from({ length: rows * cols }, (_, i) => (i % cols === 2 ? 7 : randomNormal(rng)));
  const y = Float64Array.from({ length: rows }, (_, r) => 3 * x[r * cols] + 0.5 * randomNormal(rng));
  const model = fitGbdt(x.subarray(0, 1000 * cols), 1000, cols, y.subarray(0, 1000), { maxIterations: 80 });
  const evalX = x.subarray(1000 * cols);
  const evalY = y.subarray(1000);
  const predict = (m: Float32Array, n: number) => model.predict(m, n);

  it('ranks the informative feature far above pure noise, and gives a constant column exactly 0', () => {
    const result = permutationImportance({ predict, x: evalX, rows: 500, cols, y: evalY, score: r2, higherIsBetter: true, nRepeats: 5, seed: 3 });
    expect(result.baselineScore).toBeGreaterThan(0.9);
    expect(result.mean[0]).toBeGreaterThan(1); // R² falls from ≈0.97 to below 0 without x0
    expect(Math.abs(result.mean[1])).toBeLessThan(0.05);
    expect(result.mean[0]).toBeGreaterThan(20 * Math.abs(result.mean[1]));
    expect(result.mean[2]).toBe(0);
    expect(result.std[2]).toBe(0);
    expect(result.drops).toHaveLength(cols * 5);
  });

  it('counts a rise in a loss as a drop when higherIsBetter is false', () => {
    const result = permutationImportance({ predict, x: evalX, rows: 500, cols, y: evalY, score: rmse, higherIsBetter: false, nRepeats: 3 });
    expect(result.mean[0]).toBeGreaterThan(2);
    expect(result.mean[0]).toBeGreaterThan(result.mean[1]);
  });

  it('reports mean and population std of drops, on a case small enough to check by hand', () => {
    // f(x) = x0, y = x0 = (0, 1): a shuffle either keeps the order (MSE 0) or swaps it (MSE 1).
    const mse = (a: ArrayLike<number>, p: ArrayLike<number>) => ((a[0] - p[0]) ** 2 + (a[1] - p[1]) ** 2) / 2;
    const result = permutationImportance({
      predict: (m) => Float64Array.of(m[0], m[1]),
      x: Float32Array.of(0, 1),
      rows: 2,
      cols: 1,
      y: Float64Array.of(0, 1),
      score: mse,
      higherIsBetter: false,
      nRepeats: 40,
      seed: 5,
    });
    const drops = Array.from(result.drops);
    expect(drops.every((d) => d === 0 || d === 1)).toBe(true);
    const swapped = drops.filter((d) => d === 1).length / 40;
    expect(swapped).toBeGreaterThan(0.2);
    expect(swapped).toBeLessThan(0.8);
    expect(result.mean[0]).toBeCloseTo(swapped, 12);
    expect(result.std[0]).toBeCloseTo(Math.sqrt(swapped * (1 - swapped)), 12);
  });

  it('is reproducible under a seed, and a feature’s permutations do not depend on the other columns', () => {
    const options = { predict, x: evalX, rows: 500, cols, y: evalY, score: r2, higherIsBetter: true, nRepeats: 4, seed: 9 };
    const a = permutationImportance(options);
    expect(permutationImportance(options).drops).toEqual(a.drops);
    expect(permutationImportance({ ...options, seed: 10 }).drops).not.toEqual(a.drops);
    // A fourth column the model never reads leaves the first three features' drops unchanged.
    const wider = new Float32Array(500 * 4);
    for (let r = 0; r < 500; r++) wider.set(evalX.subarray(r * cols, (r + 1) * cols), r * 4);
    const b = permutationImportance({
      ...options,
      x: wider,
      cols: 4,
      predict: (m, n) => {
        const narrow = new Float32Array(n * cols);
        for (let r = 0; r < n; r++) narrow.set(m.subarray(r * 4, r * 4 + cols), r * cols);
        return model.predict(narrow, n);
      },
    });
    expect(b.drops.subarray(0, cols * 4)).toEqual(a.drops);
    expect(b.mean[3]).toBe(0);
  });
});
