import { MlInputError } from '../../errors/ml-input.error';
import { r2, rmse } from '../../metrics/regression-metrics';
import { mulberry32, randomNormal } from '../../random/prng';
import { elasticNetLambdaMax, fitElasticNet, fitLasso } from './elastic-net';
import { LinearRegressor, fitLinearRegression } from './linear-regressor';
import type { RowMajorMatrix } from './row-major-matrix';

const matrix = (rows: number[][]): RowMajorMatrix => ({ data: Float64Array.from(rows.flat()), rows: rows.length, cols: rows[0].length });

function synthetic(n: number, beta: number[], noise: number, seed: number) {
  const rng = mulberry32(seed);
  const p = beta.length;
  const data = new Float64Array(n * p);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 1;
    for (let j = 0; j < p; j++) {
      // Features on different scales, the first two correlated.
      const v = j === 1 ? 0.7 * data[i * p] + 0.7 * randomNormal(rng) : randomNormal(rng) * (1 + j);
      data[i * p + j] = v;
      s += beta[j] * v;
    }
    y[i] = s + noise * randomNormal(rng);
  }
  return { x: { data, rows: n, cols: p }, y };
}

/** Correlations (1/n)·z̃ⱼᵀr with the residual, on standardised columns: the lasso's KKT quantities. */
function standardisedCorrelations(x: RowMajorMatrix, y: ArrayLike<number>, model: LinearRegressor) {
  const { rows: n, cols: p, data } = x;
  const pred = model.predict(x);
  const out: { correlation: number; betaStd: number }[] = [];
  for (let j = 0; j < p; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += data[i * p + j];
    mean /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (data[i * p + j] - mean) ** 2;
    const sd = Math.sqrt(ss / n);
    let c = 0;
    for (let i = 0; i < n; i++) c += ((data[i * p + j] - mean) / sd) * (y[i] - pred[i]);
    out.push({ correlation: c / n, betaStd: model.coefficients[j] * sd });
  }
  return out;
}

describe('fitElasticNet / fitLasso (coordinate descent)', () => {
  // Three orthogonal ±1 columns (mean 0, population sd 1), so each coefficient is a closed form:
  // lasso β̂ⱼ = S(cⱼ, λ), elastic net β̂ⱼ = S(cⱼ, λα) / (1 + λ(1−α)), cⱼ = (1/n)·xⱼᵀy.
  // y = [3,1,4,1,5,9,2,6]: c = [−13/8, 5/8, −3/8] = [−1.625, 0.625, −0.375], ȳ = 31/8.
  const x = matrix([
    [1, 1, 1],
    [1, 1, -1],
    [1, -1, 1],
    [1, -1, -1],
    [-1, 1, 1],
    [-1, 1, -1],
    [-1, -1, 1],
    [-1, -1, -1],
  ]);
  const y = [3, 1, 4, 1, 5, 9, 2, 6];

  it('lasso on an orthonormal design equals soft-thresholding: λ = 0.5 → β = [−1.125, 0.125, 0]', () => {
    const m = fitLasso(x, y, { lambda: 0.5 });
    expect(m.coefficients[0]).toBeCloseTo(-1.125, 12);
    expect(m.coefficients[1]).toBeCloseTo(0.125, 12);
    expect(m.coefficients[2]).toBe(0);
    expect(m.intercept).toBeCloseTo(3.875, 12);
    expect(m.fit.converged).toBe(true);
  });

  it('elastic net on the same design: λ = 0.5, α = 0.5 → β = S(c, 0.25)/1.25 = [−1.1, 0.3, −0.1]', () => {
    const m = fitElasticNet(x, y, { lambda: 0.5, l1Ratio: 0.5 });
    expect(m.coefficients[0]).toBeCloseTo(-1.1, 12);
    expect(m.coefficients[1]).toBeCloseTo(0.3, 12);
    expect(m.coefficients[2]).toBeCloseTo(-0.1, 12);
  });

  it('λ_max = max|cⱼ|/α is the first λ with every coefficient zero', () => {
    expect(elasticNetLambdaMax(x, y, { l1Ratio: 1 })).toBeCloseTo(1.625, 14);
    expect(elasticNetLambdaMax(x, y, { l1Ratio: 0.5 })).toBeCloseTo(3.25, 14);
    expect(Array.from(fitLasso(x, y, { lambda: 1.625 }).coefficients)).toEqual([0, 0, 0]);
    expect(Array.from(fitLasso(x, y, { lambda: 1.6 }).coefficients).filter((b) => b !== 0)).toHaveLength(1);
  });

  it('λ = 0 reproduces ordinary least squares on correlated features of different scales', () => {
    const { x: xs, y: ys } = synthetic(300, [2, -1, 0.5, 0.25], 1, 11);
    const ols = fitLinearRegression(xs, ys);
    const cd = fitElasticNet(xs, ys, { lambda: 0 });
    expect(cd.fit.converged).toBe(true);
    for (let j = 0; j < 4; j++) expect(cd.coefficients[j]).toBeCloseTo(ols.coefficients[j], 6);
    expect(cd.intercept).toBeCloseTo(ols.intercept, 6);
  });

  it('the lasso zeroes irrelevant features and keeps the relevant ones, with the KKT conditions met', () => {
    const { x: xs, y: ys } = synthetic(400, [3, -2, 0, 0, 0], 1, 12);
    const lambda = 0.2;
    const m = fitLasso(xs, ys, { lambda });
    console.log(`lasso λ=${lambda}: coefficients [${Array.from(m.coefficients, (b) => b.toFixed(3)).join(', ')}] (true [3, −2, 0, 0, 0])`);
    // Shrunk towards 0 (more so for the correlated pair), but clearly there with the right signs.
    expect(m.coefficients[0]).toBeGreaterThan(2);
    expect(m.coefficients[0]).toBeLessThan(3);
    expect(m.coefficients[1]).toBeLessThan(-1);
    expect(m.coefficients[1]).toBeGreaterThan(-2);
    expect(Array.from(m.coefficients.subarray(2))).toEqual([0, 0, 0]);
    // Stationarity of (1/2n)‖r‖² + λ‖β̃‖₁: (1/n)z̃ⱼᵀr = λ·sign(β̃ⱼ) where β̃ⱼ ≠ 0, |·| ≤ λ where β̃ⱼ = 0.
    for (const { correlation, betaStd } of standardisedCorrelations(xs, ys, m)) {
      if (betaStd !== 0) expect(correlation).toBeCloseTo(lambda * Math.sign(betaStd), 6);
      else expect(Math.abs(correlation)).toBeLessThanOrEqual(lambda + 1e-9);
    }
  });

  it('standardising makes the fit invariant to the units of a feature', () => {
    const { x: xs, y: ys } = synthetic(200, [1, -1, 0.5], 0.5, 13);
    const scaled = Float64Array.from(xs.data);
    for (let i = 0; i < xs.rows; i++) scaled[i * 3 + 2] *= 1000;
    const a = fitElasticNet(xs, ys, { lambda: 0.1, l1Ratio: 0.7 });
    const b = fitElasticNet({ ...xs, data: scaled }, ys, { lambda: 0.1, l1Ratio: 0.7 });
    expect(b.coefficients[2] * 1000).toBeCloseTo(a.coefficients[2], 8);
    expect(rmse(a.predict(xs), b.predict({ ...xs, data: scaled }))).toBeLessThan(1e-9);
    const raw = fitElasticNet({ ...xs, data: scaled }, ys, { lambda: 0.1, l1Ratio: 0.7, standardize: false });
    expect(raw.fit.standardized).toBe(false);
    expect(Math.abs(raw.coefficients[2] * 1000 - a.coefficients[2])).toBeGreaterThan(1e-3);
  });

  it('beats the mean baseline on held-out data; JSON round trip predicts identically', () => {
    const { x: xs, y: ys } = synthetic(1000, [3, -2, 0, 0, 0.5], 1, 14);
    const split = 800;
    const train = { data: xs.data.subarray(0, split * 5), rows: split, cols: 5 };
    const test = { data: xs.data.subarray(split * 5), rows: 1000 - split, cols: 5 };
    const m = fitElasticNet(train, ys.subarray(0, split), { lambda: 0.05, l1Ratio: 0.9 });
    const yTest = ys.subarray(split);
    const pred = m.predict(test);
    const mean = ys.subarray(0, split).reduce((a, b) => a + b, 0) / split;
    const base = new Float64Array(yTest.length).fill(mean);
    console.log(
      `elastic net held-out: RMSE ${rmse(yTest, pred).toFixed(3)}, R² ${r2(yTest, pred).toFixed(3)} | mean baseline: RMSE ${rmse(yTest, base).toFixed(3)}`,
    );
    expect(r2(yTest, pred)).toBeGreaterThan(0.8);
    const back = LinearRegressor.fromJSON(JSON.parse(JSON.stringify(m)));
    expect(back.predict(test)).toEqual(pred);
    expect(back.fit.algorithm).toBe('coordinate-descent');
  });

  it('refuses bad parameters', () => {
    expect(() => fitElasticNet(x, y, { lambda: -1 })).toThrow(MlInputError);
    expect(() => fitElasticNet(x, y, { lambda: 1, l1Ratio: 1.5 })).toThrow(MlInputError);
    expect(() => fitElasticNet(x, y, { lambda: Number.NaN })).toThrow(MlInputError);
  });
});
