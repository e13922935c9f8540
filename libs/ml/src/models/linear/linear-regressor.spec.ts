import { MlArtifactError, MlInputError } from '../../errors/ml-input.error';
import { mae, r2, rmse } from '../../metrics/regression-metrics';
import { mulberry32, randomNormal } from '../../random/prng';
import { LinearRegressor, fitLinearRegression } from './linear-regressor';
import type { RowMajorMatrix } from './row-major-matrix';

const matrix = (rows: number[][]): RowMajorMatrix => ({ data: Float64Array.from(rows.flat()), rows: rows.length, cols: rows[0].length });

/** y = b + xᵀβ + ε, x and ε Gaussian; columns 0 and 1 correlated (ρ ≈ 0.8) to make the solve non-trivial. */
function synthetic(n: number, beta: number[], intercept: number, noise: number, seed: number) {
  const rng = mulberry32(seed);
  const p = beta.length;
  const data = new Float64Array(n * p);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = intercept;
    for (let j = 0; j < p; j++) {
      const v = j === 1 ? 0.8 * data[i * p] + 0.6 * randomNormal(rng) : randomNormal(rng) * (j + 1);
      data[i * p + j] = v;
      s += beta[j] * v;
    }
    y[i] = s + noise * randomNormal(rng);
  }
  return { x: { data, rows: n, cols: p }, y };
}

function rowsOf(x: RowMajorMatrix, from: number, to: number): RowMajorMatrix {
  return { data: x.data.subarray(from * x.cols, to * x.cols), rows: to - from, cols: x.cols };
}

describe('fitLinearRegression (OLS / ridge)', () => {
  // x = [1, 2, 3, 4], y = [2, 3, 5, 4]: x̄ = 2.5, ȳ = 3.5, Sxy = 4, Sxx = 5.
  const x = matrix([[1], [2], [3], [4]]);
  const y = [2, 3, 5, 4];

  it('OLS on a hand-computed dataset: slope Sxy/Sxx = 0.8, intercept ȳ − 0.8·x̄ = 1.5', () => {
    const m = fitLinearRegression(x, y);
    expect(m.coefficients[0]).toBeCloseTo(0.8, 14);
    expect(m.intercept).toBeCloseTo(1.5, 14);
    expect(Array.from(m.predict(x))).toEqual([2.3, 3.1, 3.9, 4.7].map((v) => expect.closeTo(v, 13)));
  });

  it('ridge with an unpenalised intercept: slope Sxy/(Sxx + λ) = 4/(5 + λ), intercept ȳ − slope·x̄', () => {
    for (const lambda of [0.5, 1, 5, 20]) {
      const m = fitLinearRegression(x, y, { l2: lambda });
      const slope = 4 / (5 + lambda);
      expect(m.coefficients[0]).toBeCloseTo(slope, 14);
      expect(m.intercept).toBeCloseTo(3.5 - 2.5 * slope, 14);
    }
  });

  it('without intercept: slope Σxy/Σx² = 39/30', () => {
    const m = fitLinearRegression(x, y, { fitIntercept: false });
    expect(m.coefficients[0]).toBeCloseTo(1.3, 14);
    expect(m.intercept).toBe(0);
  });

  it('equals the closed form β = (X̃ᵀX̃)⁻¹X̃ᵀỹ with two correlated features (2×2 inverse by hand)', () => {
    // X = [[1,0],[0,1],[1,1],[2,2]], y = [1,2,4,5]: x̄ = (1, 1), ȳ = 3.
    // Centred: x̃₁ = [0,−1,0,1], x̃₂ = [−1,0,0,1], ỹ = [−2,−1,1,2].
    // X̃ᵀX̃ = [[2, 1], [1, 2]] (det 3), X̃ᵀỹ = [3, 4]; β = [[2, −1], [−1, 2]]·[3, 4] / 3 = [2/3, 5/3];
    // b = ȳ − x̄ᵀβ = 3 − 7/3 = 2/3.
    const m = fitLinearRegression(matrix([[1, 0], [0, 1], [1, 1], [2, 2]]), [1, 2, 4, 5]);
    expect(m.coefficients[0]).toBeCloseTo(2 / 3, 14);
    expect(m.coefficients[1]).toBeCloseTo(5 / 3, 14);
    expect(m.intercept).toBeCloseTo(2 / 3, 14);
  });

  it('recovers noise-free coefficients exactly, from float32 input too', () => {
    const { x: xs, y: ys } = synthetic(50, [2, -3, 0.5], 1, 0, 3);
    const m = fitLinearRegression(xs, ys);
    expect(Array.from(m.coefficients).map((v) => +v.toFixed(10))).toEqual([2, -3, 0.5]);
    expect(m.intercept).toBeCloseTo(1, 10);
    const x32 = { ...xs, data: Float32Array.from(xs.data) };
    const y32 = m.predict(x32);
    expect(y32).toBeInstanceOf(Float64Array);
    expect(mae(ys, y32)).toBeLessThan(1e-5);
  });

  it('ridge shrinks the coefficients monotonically towards 0 as λ grows, the intercept towards ȳ', () => {
    const { x: xs, y: ys } = synthetic(200, [2, -3, 0.5], 1, 1, 4);
    const yMean = ys.reduce((a, b) => a + b, 0) / ys.length;
    const norms: number[] = [];
    let last: LinearRegressor | undefined;
    for (const l2 of [0, 1, 10, 100, 1e3, 1e4, 1e9]) {
      last = fitLinearRegression(xs, ys, { l2 });
      norms.push(Math.hypot(...last.coefficients));
    }
    for (let k = 1; k < norms.length; k++) expect(norms[k]).toBeLessThan(norms[k - 1]);
    expect(norms[norms.length - 1]).toBeLessThan(1e-5);
    expect(last!.intercept).toBeCloseTo(yMean, 4);
  });

  it('beats the mean baseline on held-out synthetic data, close to the noise level', () => {
    const { x: xs, y: ys } = synthetic(1000, [2, -3, 0.5, 0], 1, 1, 5);
    const train = rowsOf(xs, 0, 800);
    const test = rowsOf(xs, 800, 1000);
    const yTrain = ys.subarray(0, 800);
    const yTest = ys.subarray(800);
    const model = fitLinearRegression(train, yTrain);
    const pred = model.predict(test);
    const mean = yTrain.reduce((a, b) => a + b, 0) / yTrain.length;
    const baseline = new Float64Array(yTest.length).fill(mean);
    console.log(
      `OLS held-out (n=200, noise σ=1): RMSE ${rmse(yTest, pred).toFixed(3)}, R² ${r2(yTest, pred).toFixed(3)} | ` +
        `mean baseline: RMSE ${rmse(yTest, baseline).toFixed(3)}, R² ${r2(yTest, baseline).toFixed(3)}`,
    );
    expect(rmse(yTest, pred)).toBeLessThan(1.15);
    expect(rmse(yTest, pred)).toBeLessThan(rmse(yTest, baseline) / 2);
    // Signal variance ≈ 5.65 against noise 1: the best possible R² is about 0.85.
    expect(r2(yTest, pred)).toBeGreaterThan(0.8);
  });

  it('refuses collinear features without a penalty, and fits them with one', () => {
    const xs = matrix([[1, 2], [2, 4], [3, 6], [4, 8]]);
    expect(() => fitLinearRegression(xs, y)).toThrow(MlInputError);
    const m = fitLinearRegression(xs, y, { l2: 1 });
    // Ridge splits the effect between the copies in proportion to their scale: β₂ = 2β₁.
    expect(m.coefficients[1]).toBeCloseTo(2 * m.coefficients[0], 12);
  });

  it('refuses bad parameters and malformed input', () => {
    expect(() => fitLinearRegression(x, y, { l2: -1 })).toThrow(MlInputError);
    expect(() => fitLinearRegression(x, [1, 2])).toThrow(RangeError);
    expect(() => fitLinearRegression(matrix([[1], [NaN]]), [1, 2])).toThrow(RangeError);
    expect(() => fitLinearRegression({ data: new Float64Array(3), rows: 2, cols: 2 }, [1, 2])).toThrow(RangeError);
  });

  it('round-trips through JSON and predicts identically', () => {
    const { x: xs, y: ys } = synthetic(100, [2, -3, 0.5], 1, 1, 6);
    const m = fitLinearRegression(xs, ys, { l2: 0.3 });
    const back = LinearRegressor.fromJSON(JSON.parse(JSON.stringify(m)));
    expect(back.predict(xs)).toEqual(m.predict(xs));
    expect(back.fit).toEqual({ algorithm: 'cholesky', lambda: 0.3, l1Ratio: 0, standardized: false, iterations: 1, converged: true });
    expect(() => LinearRegressor.fromJSON({ ...m.toJSON(), kind: 'logistic-regression' })).toThrow(MlArtifactError);
    expect(() => LinearRegressor.fromJSON({ ...m.toJSON(), coefficients: [1, null] })).toThrow(MlArtifactError);
    expect(() => m.predict(matrix([[1, 2]]))).toThrow(RangeError);
  });
});
