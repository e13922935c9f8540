import { solveSymmetricPositiveDefinite } from './cholesky';
import { sigmoid, softplus } from './logistic-functions';
import { softThreshold, type StandardizedDesign } from './standardized-design';

/**
 * The two solvers behind fitLogisticRegression, on a centred (and usually standardised)
 * design, documented there: damped Newton for the smooth L2 problem, and glmnet's IRLS with
 * coordinate descent for L1 / elastic-net penalties.
 */

export interface InnerFit {
  readonly beta: Float64Array;
  readonly intercept: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/** ηᵢ = b + zᵢᵀβ over the column-major design. */
function linearScores({ n, p, z }: StandardizedDesign, beta: Float64Array, intercept: number, out: Float64Array): void {
  out.fill(intercept);
  for (let j = 0; j < p; j++) {
    const bj = beta[j];
    if (bj === 0) continue;
    const col = j * n;
    for (let i = 0; i < n; i++) out[i] += z[col + i] * bj;
  }
}

/** (1/n)Σ[softplus(η) − yη] + λ[α‖β‖₁ + (1−α)/2‖β‖²]. */
function penalisedObjective(eta: Float64Array, y: Uint8Array, beta: Float64Array, lambda: number, alpha: number): number {
  let loss = 0;
  for (let i = 0; i < eta.length; i++) loss += softplus(eta[i]) - y[i] * eta[i];
  let l1 = 0;
  let l2 = 0;
  for (let j = 0; j < beta.length; j++) {
    l1 += Math.abs(beta[j]);
    l2 += beta[j] * beta[j];
  }
  return loss / eta.length + lambda * (alpha * l1 + ((1 - alpha) / 2) * l2);
}

function initialIntercept(y: Uint8Array): number {
  let m = 0;
  for (let i = 0; i < y.length; i++) m += y[i];
  m /= y.length;
  return Math.log(m / (1 - m));
}

export function newtonL2(design: StandardizedDesign, y: Uint8Array, lambda: number, maxIterations: number, tolerance: number): InnerFit {
  const { n, p, z } = design;
  const dim = p + 1;
  // θ = (b, β₁ … β_p); the intercept sits at index 0.
  const theta = new Float64Array(dim);
  theta[0] = initialIntercept(y);
  const eta = new Float64Array(n);
  const prob = new Float64Array(n);
  const w = new Float64Array(n);
  const grad = new Float64Array(dim);
  const hessian = new Float64Array(dim * dim);
  const beta = (t: Float64Array) => t.subarray(1);
  linearScores(design, beta(theta), theta[0], eta);
  let f = penalisedObjective(eta, y, beta(theta), lambda, 0);

  let iterations = 0;
  let converged = false;
  while (!converged && iterations < maxIterations) {
    iterations++;
    for (let i = 0; i < n; i++) {
      prob[i] = sigmoid(eta[i]);
      w[i] = prob[i] * (1 - prob[i]);
    }
    grad.fill(0);
    hessian.fill(0);
    let sw = 0;
    for (let i = 0; i < n; i++) {
      grad[0] += prob[i] - y[i];
      sw += w[i];
    }
    hessian[0] = sw;
    for (let j = 0; j < p; j++) {
      const col = j * n;
      let g = 0;
      let h0 = 0;
      for (let i = 0; i < n; i++) {
        g += (prob[i] - y[i]) * z[col + i];
        h0 += w[i] * z[col + i];
      }
      grad[j + 1] = g;
      hessian[j + 1] = h0;
      for (let k = j; k < p; k++) {
        const colK = k * n;
        let h = 0;
        for (let i = 0; i < n; i++) h += w[i] * z[col + i] * z[colK + i];
        hessian[(j + 1) * dim + k + 1] = h;
      }
    }
    for (let a = 0; a < dim; a++) {
      grad[a] /= n;
      for (let b = a; b < dim; b++) hessian[a * dim + b] /= n;
      if (a > 0) {
        grad[a] += lambda * theta[a];
        hessian[a * dim + a] += lambda;
      }
      for (let b = 0; b < a; b++) hessian[a * dim + b] = hessian[b * dim + a];
    }

    const step = solveWithJitter(hessian, grad, dim);
    if (step === undefined) break;
    const decrement = dot(grad, step); // ∇fᵀH⁻¹∇f
    if (decrement / 2 <= tolerance) {
      // Below what f can resolve, a line search would only see rounding noise; this close to
      // the optimum the full Newton step squares the error.
      for (let a = 0; a < dim; a++) theta[a] -= step[a];
      converged = true;
      break;
    }
    let t = 1;
    let accepted = false;
    const next = new Float64Array(dim);
    for (let attempt = 0; attempt < 50 && !accepted; attempt++) {
      for (let a = 0; a < dim; a++) next[a] = theta[a] - t * step[a];
      linearScores(design, beta(next), next[0], eta);
      const fNext = penalisedObjective(eta, y, beta(next), lambda, 0);
      accepted = fNext <= f - 1e-4 * t * decrement;
      if (accepted) f = fNext;
      t /= 2;
    }
    if (!accepted) break; // no representable decrease: stuck short of the tolerance
    theta.set(next);
  }
  return { beta: Float64Array.from(beta(theta)), intercept: theta[0], iterations, converged };
}

/** Cholesky solve, retried with a growing ridge on the diagonal if H is numerically singular (separable data, λ = 0). */
function solveWithJitter(hessian: Float64Array, grad: Float64Array, dim: number): Float64Array | undefined {
  const step = solveSymmetricPositiveDefinite(hessian, grad, dim);
  if (step !== undefined) return step;
  let maxDiag = 0;
  for (let a = 0; a < dim; a++) maxDiag = Math.max(maxDiag, hessian[a * dim + a]);
  for (let jitter = 1e-10 * Math.max(maxDiag, 1e-300); jitter <= maxDiag; jitter *= 100) {
    const h = Float64Array.from(hessian);
    for (let a = 0; a < dim; a++) h[a * dim + a] += jitter;
    const s = solveSymmetricPositiveDefinite(h, grad, dim);
    if (s !== undefined) return s;
  }
  return undefined;
}

/** glmnet keeps IRLS weights away from 0 so that the working response stays finite. */
const MIN_WEIGHT = 1e-5;
const MAX_INNER_CYCLES = 10_000;

export function irlsCoordinateDescent(
  design: StandardizedDesign,
  y: Uint8Array,
  lambda: number,
  alpha: number,
  maxIterations: number,
  tolerance: number,
): InnerFit {
  const { n, p, z } = design;
  const l1 = lambda * alpha;
  const l2 = lambda * (1 - alpha);
  let beta = new Float64Array(p);
  let intercept = initialIntercept(y);
  const eta = new Float64Array(n);
  const w = new Float64Array(n);
  const r = new Float64Array(n);
  const v = new Float64Array(p);
  linearScores(design, beta, intercept, eta);
  let f = penalisedObjective(eta, y, beta, lambda, alpha);

  let iterations = 0;
  let converged = false;
  while (!converged && iterations < maxIterations) {
    iterations++;
    // Quadratic approximation at the current iterate; r is the working residual z − η.
    let sw = 0;
    for (let i = 0; i < n; i++) {
      const pi = sigmoid(eta[i]);
      w[i] = Math.max(pi * (1 - pi), MIN_WEIGHT);
      r[i] = (y[i] - pi) / w[i];
      sw += w[i];
    }
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += w[i] * z[j * n + i] * z[j * n + i];
      v[j] = s / n;
    }
    const nextBeta = Float64Array.from(beta);
    let nextIntercept = intercept;
    for (let cycle = 0; cycle < MAX_INNER_CYCLES; cycle++) {
      let maxChange = 0;
      let wr = 0;
      for (let i = 0; i < n; i++) wr += w[i] * r[i];
      const db = wr / sw;
      if (db !== 0) {
        nextIntercept += db;
        for (let i = 0; i < n; i++) r[i] -= db;
        maxChange = (sw / n) * db * db;
      }
      for (let j = 0; j < p; j++) {
        const denominator = v[j] + l2;
        if (v[j] === 0 || denominator === 0) continue;
        const col = j * n;
        let g = 0;
        for (let i = 0; i < n; i++) g += w[i] * z[col + i] * r[i];
        const old = nextBeta[j];
        const updated = softThreshold(g / n + v[j] * old, l1) / denominator;
        const delta = updated - old;
        if (delta !== 0) {
          nextBeta[j] = updated;
          for (let i = 0; i < n; i++) r[i] -= delta * z[col + i];
          maxChange = Math.max(maxChange, v[j] * delta * delta);
        }
      }
      if (maxChange <= 1e-16) break;
    }

    // Safeguard: halve the step back towards the previous iterate until the objective does not rise.
    let fNext = Infinity;
    for (let halving = 0; halving < 30; halving++) {
      linearScores(design, nextBeta, nextIntercept, eta);
      fNext = penalisedObjective(eta, y, nextBeta, lambda, alpha);
      if (fNext <= f + 1e-15 * Math.abs(f)) break;
      for (let j = 0; j < p; j++) nextBeta[j] = (nextBeta[j] + beta[j]) / 2;
      nextIntercept = (nextIntercept + intercept) / 2;
    }
    if (!(fNext <= f + 1e-15 * Math.abs(f))) {
      linearScores(design, beta, intercept, eta);
      break;
    }
    converged = f - fNext <= tolerance * Math.max(1, Math.abs(f));
    beta = nextBeta;
    intercept = nextIntercept;
    f = fNext;
  }
  return { beta, intercept, iterations, converged };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
