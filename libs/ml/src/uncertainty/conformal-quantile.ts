/**
 * The split-conformal quantile of n calibration scores at miscoverage α = 1 − level: the
 * k-th smallest score with k = ⌈(n + 1)(1 − α)⌉, i.e. the empirical quantile at the
 * finite-sample-corrected level ⌈(n + 1)(1 − α)⌉ / n (Vovk, Gammerman & Shafer 2005;
 * Lei, G'Sell, Rinaldo, Tibshirani & Wasserman 2018, "Distribution-free predictive inference
 * for regression", JASA, Alg. 2). If the calibration and test points are exchangeable, a new
 * score is ≤ this value with probability at least 1 − α (and below 1 − α + 1/(n + 1) when scores
 * have no ties). When k > n, i.e. n < 1/α − 1, no finite value has that guarantee: Infinity.
 */
export function conformalQuantile(scores: ArrayLike<number>, level: number): number {
  checkLevel(level);
  const n = scores.length;
  if (n === 0) throw new RangeError('conformalQuantile: needs at least one calibration score');
  for (let i = 0; i < n; i++) if (Number.isNaN(scores[i])) throw new RangeError(`conformalQuantile: score ${i} is NaN`);
  // The small slack keeps rounding in (n + 1)·level (e.g. 100 × 0.8 = 80.00000000000001) from adding a rank.
  const k = Math.ceil((n + 1) * level - 1e-9);
  if (k > n) return Infinity;
  const sorted = Float64Array.from(scores).sort();
  return sorted[Math.max(k, 1) - 1];
}

export function checkLevel(level: number): void {
  if (!(level > 0 && level < 1)) throw new RangeError(`coverage level must be in (0, 1), got ${level}`);
}
