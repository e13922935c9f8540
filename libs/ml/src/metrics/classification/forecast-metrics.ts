import { checkSameLength } from './check-inputs';

/**
 * Scale-free errors for forecasts. All are returned as fractions (0.1 = 10 %), as
 * scikit-learn's mean_absolute_percentage_error does, not multiplied by 100.
 */

/**
 * Mean absolute percentage error: (1/n) Σᵢ |yᵢ − ŷᵢ| / max(|yᵢ|, ε), ε = 2.2e-16 (scikit-learn's
 * guard): an actual value of 0 gives an enormous term rather than a division by zero, which is
 * MAPE's known flaw — prefer sMAPE or MASE for series that touch 0.
 */
export function mape(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const n = checkSameLength('mape', yTrue, yPred);
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.abs(yTrue[i] - yPred[i]) / Math.max(Math.abs(yTrue[i]), Number.EPSILON);
  return s / n;
}

/**
 * Symmetric MAPE in the form used by the M3/M4 competitions (Makridakis & Hibon 2000):
 * (1/n) Σᵢ 2|yᵢ − ŷᵢ| / (|yᵢ| + |ŷᵢ|), a term being 0 when yᵢ = ŷᵢ = 0. Bounded in [0, 2].
 */
export function smape(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const n = checkSameLength('smape', yTrue, yPred);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const denominator = Math.abs(yTrue[i]) + Math.abs(yPred[i]);
    if (denominator > 0) s += (2 * Math.abs(yTrue[i] - yPred[i])) / denominator;
  }
  return s / n;
}

/**
 * Mean absolute scaled error (Hyndman & Koehler 2006): MAE of the forecast divided by the
 * in-sample MAE of the seasonal naive forecast on the training series,
 * MASE = mean|yₜ − ŷₜ| / ((1/(T − m)) Σ_{t=m}^{T−1} |trainₜ − train_{t−m}|), m = seasonality.
 * Below 1 the forecast beats the naive one-season-back forecast. A training series with no
 * change at lag m has scale 0 and gives Infinity (or NaN for a perfect forecast), as IEEE
 * division does; it needs more than m training values.
 */
export function mase(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, trainSeries: ArrayLike<number>, seasonality = 1): number {
  const n = checkSameLength('mase', yTrue, yPred);
  if (!(Number.isInteger(seasonality) && seasonality >= 1)) throw new RangeError('mase: seasonality must be a positive integer');
  const t = trainSeries.length;
  if (t <= seasonality) throw new RangeError(`mase: the training series needs more than ${seasonality} values`);
  let scale = 0;
  for (let i = seasonality; i < t; i++) scale += Math.abs(trainSeries[i] - trainSeries[i - seasonality]);
  scale /= t - seasonality;
  let error = 0;
  for (let i = 0; i < n; i++) error += Math.abs(yTrue[i] - yPred[i]);
  return error / n / scale;
}
