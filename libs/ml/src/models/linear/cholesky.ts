/**
 * Symmetric positive definite solves by Cholesky factorisation A = L·Lᵀ (Golub & Van Loan,
 * Matrix Computations, 4th ed., Alg. 4.2.1), in double precision.
 *
 * Before factorising, A is equilibrated symmetrically, Ã = D·A·D with D = diag(1/√aᵢᵢ), so every
 * pivot is compared on the same scale whatever the units of the features; the answer is mapped
 * back by x = D·x̃. One step of iterative refinement (r = b − A·x, x += A⁻¹·r) then recovers most
 * of the accuracy lost to rounding when A is ill-conditioned.
 */

/** Pivots of the equilibrated matrix (unit diagonal) below this mean A is numerically singular. */
const MIN_PIVOT = 1e-11;

/**
 * Factorises the n×n row-major matrix `a` in place: on success its lower triangle holds L and
 * the function returns true. Returns false as soon as a pivot falls to `minPivot` or below.
 */
export function choleskyInPlace(a: Float64Array, n: number, minPivot = 0): boolean {
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    let d = a[rowJ + j];
    for (let k = 0; k < j; k++) d -= a[rowJ + k] * a[rowJ + k];
    if (!(d > minPivot)) return false;
    const ljj = Math.sqrt(d);
    a[rowJ + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const rowI = i * n;
      let s = a[rowI + j];
      for (let k = 0; k < j; k++) s -= a[rowI + k] * a[rowJ + k];
      a[rowI + j] = s / ljj;
    }
  }
  return true;
}

/** Solves L·Lᵀ·x = b in place in `b`, with L the lower triangle left by `choleskyInPlace`. */
export function choleskySolveInPlace(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * b[k];
    b[i] = s / l[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * b[k];
    b[i] = s / l[i * n + i];
  }
}

/**
 * x with A·x = b for a symmetric positive definite n×n row-major `a` (left unchanged), or
 * undefined when A is not numerically positive definite (a non-positive diagonal entry, or a
 * pivot of the equilibrated matrix at or below 1e-11, i.e. a condition number beyond ~1e11).
 */
export function solveSymmetricPositiveDefinite(a: Float64Array, b: ArrayLike<number>, n: number): Float64Array | undefined {
  if (a.length !== n * n || b.length !== n) throw new RangeError(`expected an ${n}×${n} matrix and ${n} right-hand side values`);
  const scale = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = a[i * n + i];
    if (!(d > 0) || !Number.isFinite(d)) return undefined;
    scale[i] = 1 / Math.sqrt(d);
  }
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) l[i * n + j] = a[i * n + j] * scale[i] * scale[j];
  if (!choleskyInPlace(l, n, MIN_PIVOT)) return undefined;

  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = b[i] * scale[i];
  choleskySolveInPlace(l, n, x);
  for (let i = 0; i < n; i++) x[i] *= scale[i];

  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let j = 0; j < n; j++) s -= a[i * n + j] * x[j];
    r[i] = s * scale[i];
  }
  choleskySolveInPlace(l, n, r);
  for (let i = 0; i < n; i++) x[i] += r[i] * scale[i];
  return x;
}
