import type { RowMajorMatrix } from './row-major-matrix';

/**
 * The training matrix centred (and optionally scaled) column by column, stored column-major so
 * that coordinate descent reads each feature as contiguous memory:
 * zᵢⱼ = (xᵢⱼ − x̄ⱼ) / sⱼ with sⱼ the population standard deviation √((1/n) Σᵢ (xᵢⱼ − x̄ⱼ)²),
 * or sⱼ = 1 when not standardising or when the column is constant.
 * Centring is what keeps the intercept out of the penalty: on centred columns the intercept
 * decouples from the slopes.
 */
export interface StandardizedDesign {
  readonly n: number;
  readonly p: number;
  /** Column-major n×p: column j is z[j·n .. (j+1)·n). */
  readonly z: Float64Array;
  readonly mean: Float64Array;
  readonly scale: Float64Array;
}

export function standardizeDesign(x: RowMajorMatrix, standardize: boolean): StandardizedDesign {
  const { rows: n, cols: p, data } = x;
  const z = new Float64Array(n * p);
  const mean = new Float64Array(p);
  const scale = new Float64Array(p).fill(1);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) mean[j] += data[i * p + j];
  for (let j = 0; j < p; j++) mean[j] /= n;
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) z[j * n + i] = data[i * p + j] - mean[j];
  if (standardize) {
    for (let j = 0; j < p; j++) {
      let ss = 0;
      for (let i = 0; i < n; i++) ss += z[j * n + i] * z[j * n + i];
      const sd = Math.sqrt(ss / n);
      // Same floor as the tabular preprocessor: a constant column stays all zeros.
      if (sd > 1e-12) {
        scale[j] = sd;
        for (let i = 0; i < n; i++) z[j * n + i] /= sd;
      }
    }
  }
  return { n, p, z, mean, scale };
}

/**
 * Maps a fit on the standardised design back to the original features:
 * βⱼ = β̃ⱼ / sⱼ and b = b̃ − Σⱼ x̄ⱼ βⱼ, so that b + xᵀβ = b̃ + zᵀβ̃ for every x.
 */
export function unstandardize(
  design: StandardizedDesign,
  betaStd: ArrayLike<number>,
  interceptStd: number,
): { coefficients: Float64Array; intercept: number } {
  const coefficients = new Float64Array(design.p);
  let intercept = interceptStd;
  for (let j = 0; j < design.p; j++) {
    coefficients[j] = betaStd[j] / design.scale[j];
    intercept -= design.mean[j] * coefficients[j];
  }
  return { coefficients, intercept };
}

/** ηᵢ = b + Σⱼ xᵢⱼ βⱼ for every row of x, accumulated in double precision. */
export function linearPredictor(x: RowMajorMatrix, coefficients: Float64Array, intercept: number): Float64Array {
  const { rows, cols, data } = x;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = intercept;
    const o = i * cols;
    for (let j = 0; j < cols; j++) s += data[o + j] * coefficients[j];
    out[i] = s;
  }
  return out;
}

/** Soft-thresholding operator S(z, γ) = sign(z)·max(|z| − γ, 0), the proximal map of γ‖·‖₁. */
export function softThreshold(z: number, gamma: number): number {
  if (z > gamma) return z - gamma;
  if (z < -gamma) return z + gamma;
  return 0;
}
