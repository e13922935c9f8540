/**
 * Limited-memory BFGS (Liu & Nocedal 1989; Nocedal & Wright, Numerical Optimization, 2nd ed.,
 * Alg. 7.4 two-loop recursion and Alg. 7.5) for smooth unconstrained minimisation.
 *
 * The line search backtracks from the unit step until the Armijo condition
 * f(x + t·d) ≤ f(x) + 10⁻⁴·t·∇fᵀd holds (the first iteration starts from t = 1/‖∇f‖∞ since no
 * curvature is known yet). A pair (s, y) is stored only when sᵀy > 10⁻¹⁰·‖s‖·‖y‖, which keeps the
 * inverse-Hessian approximation positive definite without a Wolfe curvature search; on the
 * convex objectives used here that is enough. Fully deterministic: no randomness anywhere.
 */

/** Returns f(x) and writes ∇f(x) into `gradient`. */
export type ObjectiveWithGradient = (x: Float64Array, gradient: Float64Array) => number;

export interface LbfgsOptions {
  /** Correction pairs kept (default 10). */
  readonly memory?: number;
  /** Most iterations (default 500). */
  readonly maxIterations?: number;
  /** Converged when ‖∇f‖∞ ≤ this (default 1e-6). */
  readonly gradientTolerance?: number;
  /** Also converged when |f_k − f_{k+1}| ≤ this · max(1, |f_k|) (default 1e-12). */
  readonly relativeTolerance?: number;
}

export interface LbfgsResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly iterations: number;
  readonly converged: boolean;
}

export function minimizeLbfgs(objective: ObjectiveWithGradient, x0: ArrayLike<number>, options: LbfgsOptions = {}): LbfgsResult {
  const m = options.memory ?? 10;
  const maxIterations = options.maxIterations ?? 500;
  const gtol = options.gradientTolerance ?? 1e-6;
  const ftol = options.relativeTolerance ?? 1e-12;
  const dim = x0.length;

  let x = Float64Array.from(x0);
  let g = new Float64Array(dim);
  let f = objective(x, g);
  if (!Number.isFinite(f)) throw new RangeError('L-BFGS: the objective is not finite at the starting point');
  const sHistory: Float64Array[] = [];
  const yHistory: Float64Array[] = [];
  const rhoHistory: number[] = [];
  const alphas = new Float64Array(m);
  const d = new Float64Array(dim);
  let xNew = new Float64Array(dim);
  let gNew = new Float64Array(dim);

  let iterations = 0;
  let converged = maxAbs(g) <= gtol;
  while (!converged && iterations < maxIterations) {
    iterations++;
    // Two-loop recursion: d = −H·g.
    for (let i = 0; i < dim; i++) d[i] = -g[i];
    const k = sHistory.length;
    for (let h = k - 1; h >= 0; h--) {
      alphas[h] = rhoHistory[h] * dot(sHistory[h], d);
      axpy(-alphas[h], yHistory[h], d);
    }
    if (k > 0) {
      const gamma = dot(sHistory[k - 1], yHistory[k - 1]) / dot(yHistory[k - 1], yHistory[k - 1]);
      for (let i = 0; i < dim; i++) d[i] *= gamma;
    }
    for (let h = 0; h < k; h++) {
      const beta = rhoHistory[h] * dot(yHistory[h], d);
      axpy(alphas[h] - beta, sHistory[h], d);
    }
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // Not a descent direction (only possible through rounding): restart from steepest descent.
      sHistory.length = yHistory.length = rhoHistory.length = 0;
      for (let i = 0; i < dim; i++) d[i] = -g[i];
      slope = dot(g, d);
    }

    let t = sHistory.length === 0 ? Math.min(1, 1 / maxAbs(g)) : 1;
    let fNew = Infinity;
    let accepted = false;
    for (let attempt = 0; attempt < 60 && !accepted; attempt++) {
      for (let i = 0; i < dim; i++) xNew[i] = x[i] + t * d[i];
      fNew = objective(xNew, gNew);
      accepted = Number.isFinite(fNew) && fNew <= f + 1e-4 * t * slope;
      t *= 0.5;
    }
    // No step decreases f by a representable amount: as close as floating point allows, but
    // reported as not converged unless the gradient test passed.
    if (!accepted) break;

    const s = new Float64Array(dim);
    const y = new Float64Array(dim);
    for (let i = 0; i < dim; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
    }
    const sy = dot(s, y);
    if (sy > 1e-10 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (sHistory.length === m) {
        sHistory.shift();
        yHistory.shift();
        rhoHistory.shift();
      }
      sHistory.push(s);
      yHistory.push(y);
      rhoHistory.push(1 / sy);
    }
    const fOld = f;
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    f = fNew;
    converged = maxAbs(g) <= gtol || Math.abs(fOld - f) <= ftol * Math.max(1, Math.abs(fOld));
  }
  return { x, value: f, iterations, converged };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += a * x[i];
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}
