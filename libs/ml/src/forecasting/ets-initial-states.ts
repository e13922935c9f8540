/**
 * Heuristic initial states for ETS (Hyndman, Koehler, Ord & Snyder 2008, §2.6.1; the same
 * procedure as forecast::ets's `initstate`):
 *
 * 1. Seasonal (needs ≥ 2 full seasons): a classical decomposition of the first
 *    min(n, 3m) observations — a centred 2×m moving average (m even) or m-term average (m odd)
 *    as the trend, the series minus (season A) or divided by (season M) that trend, averaged per
 *    season, then normalised to sum 0 (A) or to average 1 (M).
 * 2. Level and trend: on the first min(max(10, 2m), n) seasonally adjusted observations, the
 *    mean (trend N) or the least-squares line against t = 1, 2, … with ℓ₀ its intercept at t = 0
 *    and b₀ its slope (trend A/Ad).
 */
import type { EtsSeasonType, EtsTrendType } from './ets-spec';
import type { EtsState } from './ets-recursions';

export function heuristicInitialState(
  y: Float64Array,
  trend: EtsTrendType,
  season: EtsSeasonType,
  period: number,
): EtsState {
  const n = y.length;
  const seasonal = season === 'N' ? new Float64Array(0) : classicalSeasonalIndices(y, period, season === 'M');
  const m = seasonal.length;
  const count = Math.min(Math.max(10, 2 * m), n);
  const adjusted = new Float64Array(count);
  for (let t = 0; t < count; t++) {
    if (m === 0) adjusted[t] = y[t];
    else adjusted[t] = season === 'M' ? y[t] / seasonal[t % m] : y[t] - seasonal[t % m];
  }
  if (trend === 'N') {
    let sum = 0;
    for (let t = 0; t < count; t++) sum += adjusted[t];
    return { level: sum / count, trend: 0, seasonal };
  }
  // Least squares of adjusted[t−1] on t = 1..count.
  const tMean = (count + 1) / 2;
  let yMean = 0;
  for (let t = 0; t < count; t++) yMean += adjusted[t];
  yMean /= count;
  let sxy = 0;
  let sxx = 0;
  for (let t = 0; t < count; t++) {
    const dx = t + 1 - tMean;
    sxy += dx * (adjusted[t] - yMean);
    sxx += dx * dx;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  return { level: yMean - slope * tMean, trend: slope, seasonal };
}

/**
 * Seasonal indices by classical decomposition over the first min(n, 3m) points, returned in
 * time order: index j is the seasonal state for observation j (j < m), i.e. s_{1−m+j}.
 */
export function classicalSeasonalIndices(y: Float64Array, m: number, multiplicative: boolean): Float64Array {
  const n = Math.min(y.length, 3 * m);
  if (n < 2 * m) throw new RangeError(`seasonal initial states need two full seasons (${2 * m} values)`);
  const half = Math.floor(m / 2);
  const sums = new Float64Array(m);
  const counts = new Float64Array(m);
  for (let t = half; t < n - half; t++) {
    let trendValue = 0;
    if (m % 2 === 0) {
      trendValue = 0.5 * (y[t - half] + y[t + half]);
      for (let k = t - half + 1; k < t + half; k++) trendValue += y[k];
    } else {
      for (let k = t - half; k <= t + half; k++) trendValue += y[k];
    }
    trendValue /= m;
    sums[t % m] += multiplicative ? y[t] / trendValue : y[t] - trendValue;
    counts[t % m]++;
  }
  const out = new Float64Array(m);
  let total = 0;
  for (let j = 0; j < m; j++) {
    out[j] = sums[j] / counts[j];
    total += out[j];
  }
  const centre = total / m;
  for (let j = 0; j < m; j++) out[j] = multiplicative ? Math.max(out[j] / centre, 1e-2) : out[j] - centre;
  return out;
}
