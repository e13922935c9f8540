import { checkSameLength } from './check-inputs';

/**
 * Pinball (quantile) loss at level τ ∈ (0, 1) (Koenker & Bassett 1978):
 * (1/n) Σᵢ [τ·max(yᵢ − qᵢ, 0) + (1 − τ)·max(qᵢ − yᵢ, 0)]. Minimised in expectation by the
 * τ-quantile of y; at τ = ½ it is half the mean absolute error.
 */
export function pinballLoss(yTrue: ArrayLike<number>, quantile: ArrayLike<number>, tau: number): number {
  if (!(tau > 0 && tau < 1)) throw new RangeError(`pinballLoss: tau must be in (0, 1), got ${tau}`);
  const n = checkSameLength('pinballLoss', yTrue, quantile, 'quantile');
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = yTrue[i] - quantile[i];
    s += d >= 0 ? tau * d : (tau - 1) * d;
  }
  return s / n;
}

/** Empirical coverage (1/n) Σᵢ 1[loᵢ ≤ yᵢ ≤ hiᵢ] of prediction intervals (closed at both ends). */
export function intervalCoverage(yTrue: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>): number {
  const n = checkSameLength('intervalCoverage', yTrue, lower, 'lower');
  checkSameLength('intervalCoverage', yTrue, upper, 'upper');
  let inside = 0;
  for (let i = 0; i < n; i++) if (lower[i] <= yTrue[i] && yTrue[i] <= upper[i]) inside++;
  return inside / n;
}

/** Mean width (1/n) Σᵢ (hiᵢ − loᵢ): the price paid for coverage. */
export function meanIntervalWidth(lower: ArrayLike<number>, upper: ArrayLike<number>): number {
  const n = checkSameLength('meanIntervalWidth', lower, upper, 'upper');
  let s = 0;
  for (let i = 0; i < n; i++) s += upper[i] - lower[i];
  return s / n;
}
