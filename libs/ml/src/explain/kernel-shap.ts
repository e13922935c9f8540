/**
 * KernelSHAP: Lundberg & Lee, "A unified approach to interpreting model predictions",
 * NeurIPS 2017, §4.1 (Theorem 2). Model-agnostic SHAP values for any prediction function.
 *
 * A coalition z ∈ {0,1}^M of the M features is valued at
 *   v(z) = (1/N) Σ_b f(x_z, b_{¬z}),
 * the mean prediction over N background rows b with the features in z taken from x (the
 * interventional, "features independent" expectation). The Shapley values are the solution of
 * the weighted least-squares problem
 *   min_φ Σ_z π(z) (v(z) − φ₀ − Σ_i z_i φ_i)²,   π(z) = (M − 1) / (C(M, |z|) · |z| · (M − |z|)),
 * with φ₀ = v(0) = mean f(background) and the efficiency constraint Σ_i φ_i = f(x) − φ₀
 * imposed exactly (the empty and full coalitions carry infinite weight). We eliminate the last
 * feature, φ_M = Δ − Σ_{i<M} φ_i, and solve the normal equations of the remaining M − 1 by
 * Cholesky.
 *
 * When 2^M − 2 ≤ nSamples every coalition is used with its kernel weight and the result is the
 * exact Shapley value of v. Otherwise nSamples coalitions are drawn as in the shap package:
 * a size s with probability ∝ C(M, s) π(s) = (M − 1) / (s (M − s)), a uniform subset of that
 * size, and its complement alongside (paired sampling); drawn in proportion to the kernel, all
 * get equal weight. Features whose value equals every background row's cannot change v and
 * get exactly 0, and are left out of M, as in shap.
 *
 * Row r's coalitions come from a generator seeded by (seed, r), so a row's explanation does not
 * depend on which other rows are explained with it.
 */
import { deriveSeed, mulberry32, randomInt, type Rng } from '../random/prng';
import { predictChecked, type PredictFn, type RowMatrix } from './predict-fn';
import type { ShapValues } from './tree-shap';

export interface KernelShapOptions {
  /** Rows standing for "feature unknown"; 50–200 rows (or k-means centres) is typical. */
  readonly background: RowMatrix;
  /** Coalitions per explained row, default 2M + 2048 as in shap. */
  readonly nSamples?: number;
  readonly seed?: number;
  /** Largest number of rows passed to one predict call. */
  readonly maxBatchRows?: number;
}

export function kernelShap(predict: PredictFn, x: Float32Array, rows: number, cols: number, options: KernelShapOptions): ShapValues {
  const { background } = options;
  const seed = options.seed ?? 42;
  const maxBatchRows = options.maxBatchRows ?? 65_536;
  if (x.length !== rows * cols) throw new RangeError(`x has ${x.length} values, expected ${rows} × ${cols}`);
  if (background.rows < 1 || background.x.length !== background.rows * cols)
    throw new RangeError(`background must be a non-empty ${cols}-column matrix`);
  const nSamples = options.nSamples ?? 2 * cols + 2048;
  if (!Number.isInteger(nSamples) || nSamples < 1) throw new RangeError('nSamples must be a positive integer');

  const nb = background.rows;
  const backgroundPrediction = predictChecked(predict, background.x, nb);
  let baseValue = 0;
  for (let b = 0; b < nb; b++) baseValue += backgroundPrediction[b];
  baseValue /= nb;

  const own = predictChecked(predict, x, rows);
  const values = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const row = x.subarray(r * cols, (r + 1) * cols);
    const varying = varyingFeatures(row, background.x, nb, cols);
    const m = varying.length;
    const delta = own[r] - baseValue;
    const phi = values.subarray(r * cols, (r + 1) * cols);
    if (m === 0) continue;
    if (m === 1) {
      phi[varying[0]] = delta;
      continue;
    }
    const rng = mulberry32(deriveSeed(seed, `kernel-shap:${r}`));
    const { masks, weights } = coalitions(m, nSamples, rng);
    const v = coalitionValues(predict, row, background, varying, masks, maxBatchRows);
    const solved = constrainedLeastSquares(masks, weights, v, m, baseValue, delta);
    for (let i = 0; i < m; i++) phi[varying[i]] = solved[i];
  }
  return { values, baseValue, rows, cols };
}

/** Features where some background row differs from x (NaN equals NaN). */
function varyingFeatures(row: Float32Array, bx: Float32Array, nb: number, cols: number): number[] {
  const out: number[] = [];
  for (let j = 0; j < cols; j++) {
    const v = row[j];
    for (let b = 0; b < nb; b++) {
      const w = bx[b * cols + j];
      if (v !== w && !(v !== v && w !== w)) {
        out.push(j);
        break;
      }
    }
  }
  return out;
}

/** Row-major `count × m` 0/1 masks and their regression weights. */
function coalitions(m: number, nSamples: number, rng: Rng): { masks: Uint8Array; weights: Float64Array } {
  if (m <= 30 && 2 ** m - 2 <= nSamples) {
    const count = 2 ** m - 2;
    const masks = new Uint8Array(count * m);
    const weights = new Float64Array(count);
    for (let c = 0; c < count; c++) {
      const bits = c + 1;
      let size = 0;
      for (let i = 0; i < m; i++) {
        const on = (bits >>> i) & 1;
        masks[c * m + i] = on;
        size += on;
      }
      weights[c] = (m - 1) / (binomial(m, size) * size * (m - size));
    }
    return { masks, weights };
  }
  const pairs = Math.ceil(nSamples / 2);
  const masks = new Uint8Array(2 * pairs * m);
  // Cumulative size distribution ∝ (M − 1) / (s (M − s)), s = 1..M−1.
  const cumulative = new Float64Array(m - 1);
  let total = 0;
  for (let s = 1; s < m; s++) {
    total += 1 / (s * (m - s));
    cumulative[s - 1] = total;
  }
  const order = Array.from({ length: m }, (_, i) => i);
  for (let p = 0; p < pairs; p++) {
    const u = rng() * total;
    let size = 1;
    while (size < m - 1 && cumulative[size - 1] <= u) size++;
    for (let i = 0; i < size; i++) {
      const j = i + randomInt(rng, m - i);
      [order[i], order[j]] = [order[j], order[i]];
    }
    const a = 2 * p * m;
    const b = a + m;
    for (let i = 0; i < m; i++) masks[b + i] = 1;
    for (let i = 0; i < size; i++) {
      masks[a + order[i]] = 1;
      masks[b + order[i]] = 0;
    }
  }
  return { masks, weights: new Float64Array(2 * pairs).fill(1) };
}

function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}

/** v(z) for every mask: the mean prediction over background rows with the masked-in features from x. */
function coalitionValues(
  predict: PredictFn,
  row: Float32Array,
  background: RowMatrix,
  varying: readonly number[],
  masks: Uint8Array,
  maxBatchRows: number,
): Float64Array {
  const m = varying.length;
  const cols = row.length;
  const nb = background.rows;
  const count = masks.length / m;
  const v = new Float64Array(count);
  const perBatch = Math.max(1, Math.floor(maxBatchRows / nb));
  for (let c0 = 0; c0 < count; c0 += perBatch) {
    const c1 = Math.min(count, c0 + perBatch);
    const batchRows = (c1 - c0) * nb;
    const batch = new Float32Array(batchRows * cols);
    for (let c = c0; c < c1; c++) {
      for (let b = 0; b < nb; b++) {
        const at = ((c - c0) * nb + b) * cols;
        batch.set(background.x.subarray(b * cols, (b + 1) * cols), at);
        for (let i = 0; i < m; i++) if (masks[c * m + i]) batch[at + varying[i]] = row[varying[i]];
      }
    }
    const out = predictChecked(predict, batch, batchRows);
    for (let c = c0; c < c1; c++) {
      let sum = 0;
      for (let b = 0; b < nb; b++) sum += out[(c - c0) * nb + b];
      v[c] = sum / nb;
    }
  }
  return v;
}

/**
 * φ minimising Σ_c w_c (v_c − φ₀ − z_c·φ)² subject to Σφ = Δ, via φ_M = Δ − Σ_{i<M} φ_i:
 * regress y_c = v_c − φ₀ − z_{c,M} Δ on (z_{c,i} − z_{c,M})_{i<M}.
 */
function constrainedLeastSquares(masks: Uint8Array, weights: Float64Array, v: Float64Array, m: number, phi0: number, delta: number): Float64Array {
  const n = m - 1;
  const a = new Float64Array(n * n);
  const rhs = new Float64Array(n);
  const z = new Float64Array(n);
  for (let c = 0; c < weights.length; c++) {
    const last = masks[c * m + n];
    for (let i = 0; i < n; i++) z[i] = masks[c * m + i] - last;
    const y = v[c] - phi0 - last * delta;
    const w = weights[c];
    for (let i = 0; i < n; i++) {
      if (z[i] === 0) continue;
      const wz = w * z[i];
      rhs[i] += wz * y;
      for (let j = 0; j <= i; j++) a[i * n + j] += wz * z[j];
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[j * n + i] = a[i * n + j];
  const phi = new Float64Array(m);
  const solved = solveSpd(a, rhs, n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    phi[i] = solved[i];
    sum += solved[i];
  }
  phi[n] = delta - sum;
  return phi;
}

/**
 * Solves A·u = b for symmetric positive semi-definite A by Cholesky. Too few sampled coalitions
 * can leave A singular; then a ridge of 1e-10 · mean diagonal is added, which keeps the
 * unidentified directions near 0 instead of failing.
 */
function solveSpd(a: Float64Array, b: Float64Array, n: number): Float64Array {
  let ridge = 0;
  for (let attempt = 0; attempt < 2; attempt++) {
    const l = cholesky(a, n, ridge);
    if (l) {
      const u = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let s = b[i];
        for (let k = 0; k < i; k++) s -= l[i * n + k] * u[k];
        u[i] = s / l[i * n + i];
      }
      for (let i = n - 1; i >= 0; i--) {
        let s = u[i];
        for (let k = i + 1; k < n; k++) s -= l[k * n + i] * u[k];
        u[i] = s / l[i * n + i];
      }
      return u;
    }
    let trace = 0;
    for (let i = 0; i < n; i++) trace += a[i * n + i];
    ridge = 1e-10 * (trace / n || 1);
  }
  throw new RangeError('KernelSHAP: the coalition design is singular; increase nSamples');
}

function cholesky(a: Float64Array, n: number, ridge: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j] + (i === j ? ridge : 0);
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        if (!(s > 1e-14 * (Math.abs(a[i * n + i]) + ridge) && s > 0)) return null;
        l[i * n + i] = Math.sqrt(s);
      } else l[i * n + j] = s / l[j * n + j];
    }
  }
  return l;
}
