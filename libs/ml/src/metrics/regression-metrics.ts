/**
 * Regression error measures over a target y and a prediction ŷ of equal length n ≥ 1,
 * accumulated in double precision. A length mismatch or empty input is a programming error
 * and throws a RangeError.
 */

export interface RegressionMetrics {
  readonly mae: number;
  readonly rmse: number;
  readonly r2: number;
}

function checkLengths(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  if (actual.length !== predicted.length)
    throw new RangeError(`actual has ${actual.length} values, predicted has ${predicted.length}`);
  if (actual.length === 0) throw new RangeError('metrics need at least one value');
  return actual.length;
}

/** Mean absolute error: MAE = (1/n) Σ |yᵢ − ŷᵢ|. */
export function mae(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  const n = checkLengths(actual, predicted);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.abs(actual[i] - predicted[i]);
  return sum / n;
}

/** Root mean squared error: RMSE = √((1/n) Σ (yᵢ − ŷᵢ)²). */
export function rmse(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  const n = checkLengths(actual, predicted);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = actual[i] - predicted[i];
    sum += d * d;
  }
  return Math.sqrt(sum / n);
}

/**
 * Coefficient of determination: R² = 1 − SS_res / SS_tot with SS_res = Σ (yᵢ − ŷᵢ)² and
 * SS_tot = Σ (yᵢ − ȳ)². 1 is a perfect fit, 0 is as good as predicting ȳ, negative is worse.
 * A constant target (SS_tot = 0) gives 1 for a perfect prediction and 0 otherwise, as
 * scikit-learn's r2_score does with force_finite=True.
 */
export function r2(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  const n = checkLengths(actual, predicted);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += actual[i];
  mean /= n;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < n; i++) {
    const r = actual[i] - predicted[i];
    const t = actual[i] - mean;
    ssRes += r * r;
    ssTot += t * t;
  }
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}

export function regressionMetrics(actual: ArrayLike<number>, predicted: ArrayLike<number>): RegressionMetrics {
  return { mae: mae(actual, predicted), rmse: rmse(actual, predicted), r2: r2(actual, predicted) };
}
