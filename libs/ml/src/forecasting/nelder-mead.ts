/**
 * Derivative-free minimisation by the Nelder–Mead simplex method (Nelder & Mead, Computer
 * Journal 7, 1965) with the standard coefficients of Lagarias, Reeds, Wright & Wright (SIAM J.
 * Optim. 9, 1998): reflection 1, expansion 2, contraction ½, shrink ½.
 *
 * Nelder–Mead can stall on a degenerate simplex short of a minimum, so once it has converged it
 * is restarted from a fresh simplex around the best point (the remedy of Kelley, "Iterative
 * Methods for Optimization", 1999, §8.1), until a restart no longer improves the value by more
 * than the tolerance or the restart or evaluation budget is spent.
 *
 * Box constraints, if given, are enforced by projecting every trial point onto the box; a
 * simplex flattened against a face is what the restarts are there to repair.
 *
 * Non-finite objective values are treated as +∞, which lets callers express constraints by
 * returning Infinity outside the feasible set (the start must be feasible). The objective
 * receives a scratch array that is overwritten afterwards: copy it if you need to keep it.
 */

export interface NelderMeadOptions {
  /** Initial simplex edge along each coordinate (one number for all). Default 1. */
  readonly step?: number | ArrayLike<number>;
  /** Evaluation budget over all restarts. Default 200·(dimension + 1). */
  readonly maxEvaluations?: number;
  /** Converged when max_i |f_i − f_best| ≤ fTolerance·(1 + |f_best|) … Default 1e-8. */
  readonly fTolerance?: number;
  /** …and every vertex is within xTolerance of the best in each coordinate. Default 1e-6. */
  readonly xTolerance?: number;
  /** Restarts after the first convergence. Default 2. */
  readonly restarts?: number;
  /** Box constraints: every trial point is projected onto [lower, upper]. Default unbounded. */
  readonly lower?: ArrayLike<number>;
  readonly upper?: ArrayLike<number>;
}

export interface NelderMeadResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly evaluations: number;
  /** False when the evaluation budget ran out before the tolerance was met. */
  readonly converged: boolean;
}

export function nelderMead(
  objective: (x: Float64Array) => number,
  start: ArrayLike<number>,
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const n = start.length;
  if (n === 0) throw new RangeError('Nelder–Mead needs at least one coordinate');
  const steps = new Float64Array(n).fill(typeof options.step === 'number' ? options.step : 1);
  if (options.step !== undefined && typeof options.step !== 'number') steps.set(options.step);
  const maxEvaluations = options.maxEvaluations ?? 200 * (n + 1);
  const fTol = options.fTolerance ?? 1e-8;
  const xTol = options.xTolerance ?? 1e-6;
  const maxRestarts = options.restarts ?? 2;
  const lower = Float64Array.from(options.lower ?? new Array<number>(n).fill(-Infinity));
  const upper = Float64Array.from(options.upper ?? new Array<number>(n).fill(Infinity));

  const simplex = new Float64Array((n + 1) * n);
  const values = new Float64Array(n + 1);
  const order = new Int32Array(n + 1);
  const centroid = new Float64Array(n);
  const reflected = new Float64Array(n);
  const trial = new Float64Array(n);
  const scratch = new Float64Array(n);
  let evaluations = 0;

  const evaluate = (x: Float64Array): number => {
    evaluations++;
    for (let i = 0; i < n; i++) x[i] = Math.min(upper[i], Math.max(lower[i], x[i]));
    scratch.set(x);
    const v = objective(scratch);
    return Number.isFinite(v) ? v : Infinity;
  };

  const best = Float64Array.from(start);
  let bestValue = evaluate(best);
  let converged = false;

  for (let restart = 0; restart <= maxRestarts; restart++) {
    const valueBefore = bestValue;
    // Simplex: the best point and one step along each axis (backwards where forwards is infeasible).
    simplex.set(best, 0);
    values[0] = bestValue;
    for (let i = 0; i < n; i++) {
      const row = (i + 1) * n;
      simplex.set(best, row);
      simplex[row + i] += steps[i];
      values[i + 1] = evaluate(simplex.subarray(row, row + n));
      if (!(values[i + 1] < Infinity)) {
        simplex[row + i] = best[i] - steps[i];
        values[i + 1] = evaluate(simplex.subarray(row, row + n));
      }
    }
    for (let i = 0; i <= n; i++) order[i] = i;

    converged = false;
    while (evaluations < maxEvaluations) {
      sortByValue(order, values);
      const b = order[0];
      const w = order[n];
      const fBest = values[b];
      const fWorst = values[w];
      const fSecond = values[order[n - 1]];
      if (fWorst - fBest <= fTol * (1 + Math.abs(fBest)) && spread(simplex, order, n) <= xTol) {
        converged = true;
        break;
      }
      centroid.fill(0);
      for (let k = 0; k < n; k++) {
        const row = order[k] * n;
        for (let i = 0; i < n; i++) centroid[i] += simplex[row + i];
      }
      for (let i = 0; i < n; i++) centroid[i] /= n;
      const worstRow = w * n;

      for (let i = 0; i < n; i++) reflected[i] = 2 * centroid[i] - simplex[worstRow + i];
      const fR = evaluate(reflected);
      if (fR < fBest) {
        for (let i = 0; i < n; i++) trial[i] = 3 * centroid[i] - 2 * simplex[worstRow + i];
        const fE = evaluate(trial);
        if (fE < fR) replace(simplex, values, w, trial, fE, n);
        else replace(simplex, values, w, reflected, fR, n);
        continue;
      }
      if (fR < fSecond) {
        replace(simplex, values, w, reflected, fR, n);
        continue;
      }
      if (fR < fWorst) {
        for (let i = 0; i < n; i++) trial[i] = 0.5 * (centroid[i] + reflected[i]);
        const fC = evaluate(trial);
        if (fC <= fR) {
          replace(simplex, values, w, trial, fC, n);
          continue;
        }
      } else {
        for (let i = 0; i < n; i++) trial[i] = 0.5 * (centroid[i] + simplex[worstRow + i]);
        const fC = evaluate(trial);
        if (fC < fWorst) {
          replace(simplex, values, w, trial, fC, n);
          continue;
        }
      }
      const bestRow = b * n;
      for (let k = 1; k <= n; k++) {
        const row = order[k] * n;
        for (let i = 0; i < n; i++) simplex[row + i] = 0.5 * (simplex[bestRow + i] + simplex[row + i]);
        values[order[k]] = evaluate(simplex.subarray(row, row + n));
      }
    }

    sortByValue(order, values);
    if (values[order[0]] < bestValue) {
      bestValue = values[order[0]];
      best.set(simplex.subarray(order[0] * n, order[0] * n + n));
    }
    const improvement = valueBefore - bestValue;
    if (restart > 0 && improvement <= fTol * (1 + Math.abs(bestValue))) break;
    if (!converged) break;
  }
  return { x: best, value: bestValue, evaluations, converged };
}

function replace(simplex: Float64Array, values: Float64Array, vertex: number, x: Float64Array, v: number, n: number): void {
  simplex.set(x, vertex * n);
  values[vertex] = v;
}

/** Insertion sort of vertex indices by value (n + 1 is small). */
function sortByValue(order: Int32Array, values: Float64Array): void {
  for (let i = 1; i < order.length; i++) {
    const idx = order[i];
    const v = values[idx];
    let j = i - 1;
    while (j >= 0 && values[order[j]] > v) {
      order[j + 1] = order[j];
      j--;
    }
    order[j + 1] = idx;
  }
}

/** Largest coordinate distance of any vertex from the best one. */
function spread(simplex: Float64Array, order: Int32Array, n: number): number {
  const bestRow = order[0] * n;
  let s = 0;
  for (let k = 1; k <= n; k++) {
    const row = order[k] * n;
    for (let i = 0; i < n; i++) s = Math.max(s, Math.abs(simplex[row + i] - simplex[bestRow + i]));
  }
  return s;
}
