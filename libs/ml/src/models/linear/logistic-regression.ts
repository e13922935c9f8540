import { MlArtifactError, MlInputError, MlInputErrorCode } from '../../errors/ml-input.error';
import {
  checkIntegerParam,
  checkNumberParam,
  readFinite,
  readFiniteArray,
  readFitSummary,
  readObject,
  type LinearFitSummary,
} from './fit-summary';
import { sigmoid } from './logistic-functions';
import { irlsCoordinateDescent, newtonL2 } from './logistic-solvers';
import { assertFiniteTraining, assertRowMajorMatrix, type RowMajorMatrix } from './row-major-matrix';
import { linearPredictor, standardizeDesign, unstandardize } from './standardized-design';

export interface LogisticRegressionJSON {
  readonly version: 1;
  readonly kind: 'logistic-regression';
  readonly coefficients: number[];
  readonly intercept: number;
  readonly fit: LinearFitSummary;
}

/** Binary logistic regression: P(y = 1 | x) = σ(b + xᵀβ). */
export class LogisticRegression {
  constructor(
    readonly coefficients: Float64Array,
    readonly intercept: number,
    readonly fit: LinearFitSummary,
  ) {
    if (coefficients.length === 0) throw new RangeError('a linear model needs at least one coefficient');
  }

  get features(): number {
    return this.coefficients.length;
  }

  /** Log-odds η = b + xᵀβ per row. */
  decisionFunction(x: RowMajorMatrix): Float64Array {
    assertRowMajorMatrix(x);
    if (x.cols !== this.features) throw new RangeError(`x has ${x.cols} columns, the model expects ${this.features}`);
    return linearPredictor(x, this.coefficients, this.intercept);
  }

  /** P(y = 1 | x) per row. */
  predictProba(x: RowMajorMatrix): Float64Array {
    const eta = this.decisionFunction(x);
    for (let i = 0; i < eta.length; i++) eta[i] = sigmoid(eta[i]);
    return eta;
  }

  /** 1 where P(y = 1 | x) ≥ threshold (default 0.5), else 0. */
  predict(x: RowMajorMatrix, threshold = 0.5): Uint8Array {
    const p = this.predictProba(x);
    const out = new Uint8Array(p.length);
    for (let i = 0; i < p.length; i++) out[i] = p[i] >= threshold ? 1 : 0;
    return out;
  }

  toJSON(): LogisticRegressionJSON {
    return { version: 1, kind: 'logistic-regression', coefficients: Array.from(this.coefficients), intercept: this.intercept, fit: { ...this.fit } };
  }

  static fromJSON(json: unknown): LogisticRegression {
    const o = readObject(json, 'logistic-regression');
    const coefficients = readFiniteArray(o, 'coefficients');
    if (coefficients.length === 0) throw new MlArtifactError('coefficients must not be empty');
    return new LogisticRegression(coefficients, readFinite(o, 'intercept'), readFitSummary(o));
  }
}

export type LogisticPenalty = 'l2' | 'l1' | 'elasticnet';

export interface LogisticRegressionOptions {
  /** Default 'l2'. */
  readonly penalty?: LogisticPenalty;
  /**
   * Penalty strength λ ≥ 0 per observation (default 1e-4). scikit-learn's C on the same
   * standardised features corresponds to λ = 1 / (C·n).
   */
  readonly lambda?: number;
  /** α, the share of λ on the L1 norm, for penalty 'elasticnet' (default 0.5). */
  readonly l1Ratio?: number;
  /** Penalise coefficients of standardised features (default true). */
  readonly standardize?: boolean;
  /** Most Newton (or outer IRLS) iterations (default 100). */
  readonly maxIterations?: number;
  /** Convergence threshold on the objective (default 1e-12; see the fitting functions). */
  readonly tolerance?: number;
}

/**
 * Binary logistic regression with an unpenalised intercept, y ∈ {0, 1}:
 *
 *   minimise (1/n) Σᵢ [log(1 + e^ηᵢ) − yᵢηᵢ] + λ·[α‖β‖₁ + (1−α)/2·‖β‖²],  ηᵢ = b + zᵢᵀβ
 *
 * on centred and (by default) standardised features z, coefficients returned on the original
 * scale. α = 0 for 'l2', 1 for 'l1', `l1Ratio` for 'elasticnet'.
 *
 * - 'l2' (α = 0) is smooth and strictly convex in β: damped Newton–Raphson (= IRLS), solving
 *   H·d = ∇f with H = (1/n)·X̃ᵀWX̃ + λ·diag(0, I), W = diag(pᵢ(1−pᵢ)), by Cholesky, with an Armijo
 *   backtracking line search. Once half the squared Newton decrement ∇fᵀH⁻¹∇f / 2 — the
 *   predicted decrease of the objective — falls to `tolerance` (Boyd & Vandenberghe,
 *   Convex Optimization, §9.5), one last full step is taken (quadratic convergence makes it
 *   exact to rounding) and the fit stops.
 * - 'l1' / 'elasticnet': glmnet's proximal Newton scheme (Friedman, Hastie & Tibshirani 2010,
 *   §3): each outer step forms the IRLS quadratic approximation — working response
 *   zᵢ = ηᵢ + (yᵢ − pᵢ)/wᵢ, weights wᵢ = pᵢ(1−pᵢ) floored at 1e-5 — and minimises the penalised
 *   weighted least squares (1/2n)Σᵢ wᵢ(zᵢ − b − xᵢᵀβ)² + λP(β) by cyclic coordinate descent with
 *   soft-thresholding. If a step increases the true objective it is halved back towards the
 *   previous iterate (glmnet's safeguard). Stops when an outer step changes the objective by at
 *   most `tolerance`·max(1, |f|).
 *
 * Deterministic: starts from β = 0, b = logit(ȳ); no randomness.
 */
export function fitLogisticRegression(x: RowMajorMatrix, y: ArrayLike<number>, options: LogisticRegressionOptions = {}): LogisticRegression {
  assertFiniteTraining(x, y);
  const penalty = options.penalty ?? 'l2';
  if (penalty !== 'l2' && penalty !== 'l1' && penalty !== 'elasticnet')
    throw new MlInputError(MlInputErrorCode.InvalidParameter, 'params.penalty', "params.penalty must be 'l2', 'l1' or 'elasticnet'");
  const lambda = checkNumberParam('lambda', options.lambda ?? 1e-4, 0);
  const alpha = penalty === 'l2' ? 0 : penalty === 'l1' ? 1 : checkNumberParam('l1Ratio', options.l1Ratio ?? 0.5, 0, 1);
  const standardize = options.standardize ?? true;
  const maxIterations = checkIntegerParam('maxIterations', options.maxIterations ?? 100, 1, 100_000);
  const tolerance = checkNumberParam('tolerance', options.tolerance ?? 1e-12, 0);
  const labels = binaryLabels(y);

  const design = standardizeDesign(x, standardize);
  const fit =
    alpha === 0
      ? newtonL2(design, labels, lambda, maxIterations, tolerance)
      : irlsCoordinateDescent(design, labels, lambda, alpha, maxIterations, tolerance);
  const { coefficients, intercept } = unstandardize(design, fit.beta, fit.intercept);
  return new LogisticRegression(coefficients, intercept, {
    algorithm: alpha === 0 ? 'newton' : 'irls-coordinate-descent',
    lambda,
    l1Ratio: alpha,
    standardized: standardize,
    iterations: fit.iterations,
    converged: fit.converged,
  });
}

function binaryLabels(y: ArrayLike<number>): Uint8Array {
  const labels = new Uint8Array(y.length);
  let positives = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new MlInputError(MlInputErrorCode.InvalidParameter, 'y', `y must hold 0 or 1; value ${i} is ${y[i]}`);
    labels[i] = y[i];
    positives += y[i];
  }
  if (positives === 0 || positives === y.length)
    throw new MlInputError(MlInputErrorCode.InvalidParameter, 'y', 'y must contain both classes (0 and 1)');
  return labels;
}
