import { MlArtifactError, MlInputError, MlInputErrorCode } from '../../errors/ml-input.error';
import { checkNumberParam, readFinite, readFiniteArray, readFitSummary, readObject, type LinearFitSummary } from './fit-summary';
import { solveSymmetricPositiveDefinite } from './cholesky';
import { assertFiniteTraining, assertRowMajorMatrix, type RowMajorMatrix } from './row-major-matrix';
import { linearPredictor } from './standardized-design';

export interface LinearRegressorJSON {
  readonly version: 1;
  readonly kind: 'linear-regressor';
  readonly coefficients: number[];
  readonly intercept: number;
  readonly fit: LinearFitSummary;
}

/** ŷ = b + xᵀβ: what ordinary least squares, ridge, lasso and elastic net all produce. */
export class LinearRegressor {
  constructor(
    readonly coefficients: Float64Array,
    readonly intercept: number,
    readonly fit: LinearFitSummary,
  ) {
    if (coefficients.length === 0) throw new RangeError('a linear model needs at least one coefficient');
  }

  /** Number of input columns the model expects. */
  get features(): number {
    return this.coefficients.length;
  }

  predict(x: RowMajorMatrix): Float64Array {
    assertRowMajorMatrix(x);
    if (x.cols !== this.features) throw new RangeError(`x has ${x.cols} columns, the model expects ${this.features}`);
    return linearPredictor(x, this.coefficients, this.intercept);
  }

  toJSON(): LinearRegressorJSON {
    return { version: 1, kind: 'linear-regressor', coefficients: Array.from(this.coefficients), intercept: this.intercept, fit: { ...this.fit } };
  }

  /** Inverse of `toJSON`; throws MlArtifactError on anything else. */
  static fromJSON(json: unknown): LinearRegressor {
    const o = readObject(json, 'linear-regressor');
    const coefficients = readFiniteArray(o, 'coefficients');
    if (coefficients.length === 0) throw new MlArtifactError('coefficients must not be empty');
    return new LinearRegressor(coefficients, readFinite(o, 'intercept'), readFitSummary(o));
  }
}

export interface LinearRegressionOptions {
  /** Ridge penalty λ ≥ 0 on ‖β‖² (default 0: ordinary least squares). */
  readonly l2?: number;
  /** Fit an unpenalised intercept (default true). */
  readonly fitIntercept?: boolean;
}

/**
 * Ordinary least squares and ridge regression (Hoerl & Kennard 1970):
 * minimise Σᵢ (yᵢ − b − xᵢᵀβ)² + λ‖β‖², the convention of scikit-learn's Ridge(alpha=λ) on raw
 * (unstandardised) features. With an intercept, X and y are centred first, which removes b from
 * the penalty and solves (X̃ᵀX̃ + λI)·β = X̃ᵀỹ, then b = ȳ − x̄ᵀβ. The system is solved by an
 * equilibrated Cholesky factorisation with one refinement step (see cholesky.ts); centring also
 * keeps XᵀX far better conditioned than the raw cross-product with a column of ones.
 * Exact linear dependence among the features (XᵀX singular) with λ = 0 has no unique solution
 * and throws MlInputError on `params.l2`.
 */
export function fitLinearRegression(x: RowMajorMatrix, y: ArrayLike<number>, options: LinearRegressionOptions = {}): LinearRegressor {
  assertFiniteTraining(x, y);
  const lambda = checkNumberParam('l2', options.l2 ?? 0, 0);
  const fitIntercept = options.fitIntercept ?? true;
  const { rows: n, cols: p, data } = x;

  const xMean = new Float64Array(p);
  let yMean = 0;
  if (fitIntercept) {
    for (let i = 0; i < n; i++) {
      yMean += y[i];
      for (let j = 0; j < p; j++) xMean[j] += data[i * p + j];
    }
    yMean /= n;
    for (let j = 0; j < p; j++) xMean[j] /= n;
  }

  // Gram matrix G = X̃ᵀX̃ (upper triangle accumulated, then mirrored) and c = X̃ᵀỹ.
  const gram = new Float64Array(p * p);
  const xty = new Float64Array(p);
  const row = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) row[j] = data[i * p + j] - xMean[j];
    const yi = y[i] - yMean;
    for (let j = 0; j < p; j++) {
      const rj = row[j];
      xty[j] += rj * yi;
      for (let k = j; k < p; k++) gram[j * p + k] += rj * row[k];
    }
  }
  for (let j = 0; j < p; j++) {
    gram[j * p + j] += lambda;
    for (let k = 0; k < j; k++) gram[j * p + k] = gram[k * p + j];
  }

  const beta = solveSymmetricPositiveDefinite(gram, xty, p);
  if (beta === undefined)
    throw new MlInputError(
      MlInputErrorCode.InvalidParameter,
      'params.l2',
      'the features are linearly dependent (or constant), so least squares has no unique solution: set params.l2 > 0',
    );
  let intercept = yMean;
  for (let j = 0; j < p; j++) intercept -= xMean[j] * beta[j];
  return new LinearRegressor(beta, intercept, { algorithm: 'cholesky', lambda, l1Ratio: 0, standardized: false, iterations: 1, converged: true });
}
