import { mae, r2, regressionMetrics, rmse } from './regression-metrics';

describe('regression metrics', () => {
  // y = [3, −0.5, 2, 7], ŷ = [2.5, 0, 2, 8]; residuals 0.5, −0.5, 0, −1; ȳ = 2.875.
  const y = [3, -0.5, 2, 7];
  const yHat = [2.5, 0, 2, 8];

  it('MAE = (0.5 + 0.5 + 0 + 1) / 4 = 0.5', () => {
    expect(mae(y, yHat)).toBe(0.5);
  });

  it('RMSE = √((0.25 + 0.25 + 0 + 1) / 4) = √0.375', () => {
    expect(rmse(y, yHat)).toBeCloseTo(Math.sqrt(0.375), 15);
    expect(rmse(y, yHat)).toBeCloseTo(0.6123724356957945, 15);
  });

  it('R² = 1 − 1.5 / 29.1875 (SS_tot = 0.125² + 3.375² + 0.875² + 4.125²)', () => {
    expect(r2(y, yHat)).toBeCloseTo(1 - 1.5 / 29.1875, 15);
    expect(r2(y, yHat)).toBeCloseTo(0.9486081370449679, 12); // scikit-learn's r2_score docstring example
  });

  it('works on typed arrays and agrees with the combined helper', () => {
    const m = regressionMetrics(Float64Array.from(y), Float32Array.from(yHat));
    expect(m).toEqual({ mae: 0.5, rmse: rmse(y, yHat), r2: r2(y, yHat) });
  });

  it('R² is 0 for predicting the mean, negative for worse, 1 for perfect', () => {
    expect(r2([1, 2, 3], [2, 2, 2])).toBe(0);
    expect(r2([1, 2, 3], [3, 2, 1])).toBe(1 - 8 / 2);
    expect(r2([1, 2, 3], [1, 2, 3])).toBe(1);
  });

  it('R² of a constant target is 1 when predicted exactly and 0 otherwise (no division by zero)', () => {
    expect(r2([4, 4], [4, 4])).toBe(1);
    expect(r2([4, 4], [4, 5])).toBe(0);
  });

  it('refuses mismatched or empty inputs', () => {
    expect(() => mae([1, 2], [1])).toThrow(RangeError);
    expect(() => rmse([], [])).toThrow(RangeError);
  });
});
