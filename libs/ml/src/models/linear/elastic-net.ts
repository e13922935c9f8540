import { checkIntegerParam, checkNumberParam } from './fit-summary';
import { LinearRegressor } from './linear-regressor';
import { assertFiniteTraining, type RowMajorMatrix } from './row-major-matrix';
import { softThreshold, standardizeDesign, unstandardize, type StandardizedDesign } from './standardized-design';

export interface ElasticNetOptions {
  /** Overall penalty strength λ ≥ 0. */
  readonly lambda: number;
  /** α ∈ [0, 1], the share of λ on the L1 norm (default 0.5; 1 is the lasso, 0 ridge). */
  readonly l1Ratio?: number;
  /** Penalise coefficients of standardised features, as glmnet does by default (default true). */
  readonly standardize?: boolean;
  /** Most full passes over the coefficients (default 10 000). */
  readonly maxIterations?: number;
  /**
   * Stop when no coordinate update changed the objective by more than `tolerance` times the
   * null deviance (1/n)Σ(yᵢ − ȳ)², glmnet's `thresh` criterion (default 1e-14, much tighter than
   * glmnet's 1e-7: with correlated features the last digits converge slowly, and passes are cheap).
   */
  readonly tolerance?: number;
}

/**
 * Elastic net by cyclic coordinate descent (Friedman, Hastie & Tibshirani 2010, "Regularization
 * Paths for Generalized Linear Models via Coordinate Descent", J. Stat. Softw. 33(1), §2):
 *
 *   minimise (1/2n) Σᵢ (yᵢ − b − zᵢᵀβ)² + λ·[α‖β‖₁ + (1−α)/2·‖β‖²]
 *
 * on centred (and by default standardised) features z. Each coordinate has the closed-form
 * update β̃ⱼ ← S((1/n)Σᵢ zᵢⱼ rᵢ + vⱼβ̃ⱼ, λα) / (vⱼ + λ(1−α)) with vⱼ = (1/n)Σᵢ zᵢⱼ² (1 for a
 * standardised column), rᵢ the current residual and S the soft-threshold; the residual is
 * updated in O(n) after each change ("naive updates", §2.2). The unpenalised intercept is ȳ on
 * the centred design. Coefficients are returned on the original feature scale. Coordinates are
 * visited in column order from β = 0, so the result is deterministic.
 * λ = 0 gives least squares (slowly, when features are correlated: prefer fitLinearRegression).
 */
export function fitElasticNet(x: RowMajorMatrix, y: ArrayLike<number>, options: ElasticNetOptions): LinearRegressor {
  assertFiniteTraining(x, y);
  const lambda = checkNumberParam('lambda', options.lambda, 0);
  const alpha = checkNumberParam('l1Ratio', options.l1Ratio ?? 0.5, 0, 1);
  const standardize = options.standardize ?? true;
  const maxIterations = checkIntegerParam('maxIterations', options.maxIterations ?? 10_000, 1, 1_000_000);
  const tolerance = checkNumberParam('tolerance', options.tolerance ?? 1e-14, 0);

  const design = standardizeDesign(x, standardize);
  const { n, p, z } = design;
  let yMean = 0;
  for (let i = 0; i < n; i++) yMean += y[i];
  yMean /= n;
  const r = new Float64Array(n);
  let nullDeviance = 0;
  for (let i = 0; i < n; i++) {
    r[i] = y[i] - yMean;
    nullDeviance += r[i] * r[i];
  }
  nullDeviance /= n;
  const v = columnSquaredNorms(design);
  const l1 = lambda * alpha;
  const l2 = lambda * (1 - alpha);
  const beta = new Float64Array(p);

  let iterations = 0;
  let converged = nullDeviance === 0;
  while (!converged && iterations < maxIterations) {
    iterations++;
    let maxChange = 0;
    for (let j = 0; j < p; j++) {
      const denominator = v[j] + l2;
      if (v[j] === 0 || denominator === 0) continue;
      const col = j * n;
      let g = 0;
      for (let i = 0; i < n; i++) g += z[col + i] * r[i];
      const old = beta[j];
      const updated = softThreshold(g / n + v[j] * old, l1) / denominator;
      const delta = updated - old;
      if (delta !== 0) {
        beta[j] = updated;
        for (let i = 0; i < n; i++) r[i] -= delta * z[col + i];
        maxChange = Math.max(maxChange, v[j] * delta * delta);
      }
    }
    converged = maxChange <= tolerance * nullDeviance;
  }

  const { coefficients, intercept } = unstandardize(design, beta, yMean);
  return new LinearRegressor(coefficients, intercept, {
    algorithm: 'coordinate-descent',
    lambda,
    l1Ratio: alpha,
    standardized: standardize,
    iterations,
    converged,
  });
}

/** The lasso: elastic net with all of λ on the L1 norm (α = 1). */
export function fitLasso(x: RowMajorMatrix, y: ArrayLike<number>, options: Omit<ElasticNetOptions, 'l1Ratio'>): LinearRegressor {
  return fitElasticNet(x, y, { ...options, l1Ratio: 1 });
}

/**
 * The smallest λ at which every coefficient is zero: λ_max = maxⱼ |(1/n) Σᵢ zᵢⱼ(yᵢ − ȳ)| / α
 * (Friedman et al. 2010, §2.5), the start of a regularisation path. Infinite for α = 0.
 */
export function elasticNetLambdaMax(
  x: RowMajorMatrix,
  y: ArrayLike<number>,
  options: { readonly l1Ratio?: number; readonly standardize?: boolean } = {},
): number {
  assertFiniteTraining(x, y);
  const alpha = checkNumberParam('l1Ratio', options.l1Ratio ?? 0.5, 0, 1);
  if (alpha === 0) return Infinity;
  const { n, p, z } = standardizeDesign(x, options.standardize ?? true);
  let yMean = 0;
  for (let i = 0; i < n; i++) yMean += y[i];
  yMean /= n;
  let max = 0;
  for (let j = 0; j < p; j++) {
    let g = 0;
    for (let i = 0; i < n; i++) g += z[j * n + i] * (y[i] - yMean);
    max = Math.max(max, Math.abs(g / n));
  }
  return max / alpha;
}

function columnSquaredNorms({ n, p, z }: StandardizedDesign): Float64Array {
  const v = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += z[j * n + i] * z[j * n + i];
    v[j] = s / n;
  }
  return v;
}
