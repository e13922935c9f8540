/** Small descriptive statistics over typed arrays, in double precision. */

// Results get `+ 0` so that −0 (a user can send -0) becomes +0 and survives a JSON round trip.

/** Median: the middle order statistic, or the mean of the two middle ones for even n; 0 for n = 0. */
export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  const mid = n >> 1;
  return (n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2) + 0;
}

/**
 * Mean and population standard deviation σ = √(Σ(xᵢ − x̄)² / n), two-pass for accuracy.
 * A spread below 1e-12 (a constant column) is reported as σ = 1 so that standardising divides
 * by something sensible and the column becomes all zeros.
 */
export function meanAndStd(values: ArrayLike<number>): { mean: number; std: number } {
  const n = values.length;
  if (n === 0) return { mean: 0, std: 1 };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - mean;
    ss += d * d;
  }
  const std = Math.sqrt(ss / n);
  return { mean: mean + 0, std: std > 1e-12 ? std : 1 };
}
