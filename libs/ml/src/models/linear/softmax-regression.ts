import { MlArtifactError, MlInputError, MlInputErrorCode } from '../../errors/ml-input.error';
import {
  checkIntegerParam,
  checkNumberParam,
  readFiniteArray,
  readFitSummary,
  readObject,
  type LinearFitSummary,
} from './fit-summary';
import { minimizeLbfgs } from './lbfgs';
import { softmaxInPlace } from './logistic-functions';
import { assertFiniteTraining, assertRowMajorMatrix, type RowMajorMatrix } from './row-major-matrix';
import { standardizeDesign, unstandardize } from './standardized-design';

export interface SoftmaxRegressionJSON {
  readonly version: 1;
  readonly kind: 'softmax-regression';
  readonly classes: number;
  /** classes × features, row-major: class k's coefficients are [k·features, (k+1)·features). */
  readonly coefficients: number[];
  readonly intercepts: number[];
  readonly fit: LinearFitSummary;
}

/** Multinomial logistic regression: P(y = k | x) = e^(b_k + xᵀβ_k) / Σ_c e^(b_c + xᵀβ_c), labels 0 … K−1. */
export class SoftmaxRegression {
  readonly features: number;

  constructor(
    readonly classes: number,
    /** K × p, row-major. */
    readonly coefficients: Float64Array,
    readonly intercepts: Float64Array,
    readonly fit: LinearFitSummary,
  ) {
    if (!(Number.isInteger(classes) && classes >= 2)) throw new RangeError('a softmax model needs at least 2 classes');
    if (intercepts.length !== classes) throw new RangeError('one intercept per class is needed');
    if (coefficients.length === 0 || coefficients.length % classes !== 0) throw new RangeError('coefficients must hold classes × features values');
    this.features = coefficients.length / classes;
  }

  /** Class scores b_k + xᵀβ_k, rows × K row-major. */
  decisionFunction(x: RowMajorMatrix): Float64Array {
    assertRowMajorMatrix(x);
    const { rows, cols, data } = x;
    if (cols !== this.features) throw new RangeError(`x has ${cols} columns, the model expects ${this.features}`);
    const k = this.classes;
    const out = new Float64Array(rows * k);
    for (let i = 0; i < rows; i++) {
      for (let c = 0; c < k; c++) {
        let s = this.intercepts[c];
        const w = c * cols;
        for (let j = 0; j < cols; j++) s += data[i * cols + j] * this.coefficients[w + j];
        out[i * k + c] = s;
      }
    }
    return out;
  }

  /** Class probabilities, rows × K row-major; each row sums to 1. */
  predictProba(x: RowMajorMatrix): Float64Array {
    const scores = this.decisionFunction(x);
    for (let i = 0; i < x.rows; i++) softmaxInPlace(scores, i * this.classes, this.classes);
    return scores;
  }

  /** Most probable class per row (the lowest label on a tie). */
  predict(x: RowMajorMatrix): Uint32Array {
    const scores = this.decisionFunction(x);
    const k = this.classes;
    const out = new Uint32Array(x.rows);
    for (let i = 0; i < x.rows; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (scores[i * k + c] > scores[i * k + best]) best = c;
      out[i] = best;
    }
    return out;
  }

  toJSON(): SoftmaxRegressionJSON {
    return {
      version: 1,
      kind: 'softmax-regression',
      classes: this.classes,
      coefficients: Array.from(this.coefficients),
      intercepts: Array.from(this.intercepts),
      fit: { ...this.fit },
    };
  }

  static fromJSON(json: unknown): SoftmaxRegression {
    const o = readObject(json, 'softmax-regression');
    const classes = o.classes;
    if (!(typeof classes === 'number' && Number.isInteger(classes) && classes >= 2)) throw new MlArtifactError('classes must be an integer ≥ 2');
    const coefficients = readFiniteArray(o, 'coefficients');
    if (coefficients.length === 0 || coefficients.length % classes !== 0) throw new MlArtifactError('coefficients must hold classes × features values');
    return new SoftmaxRegression(classes, coefficients, readFiniteArray(o, 'intercepts', classes), readFitSummary(o));
  }
}

export interface SoftmaxRegressionOptions {
  /** L2 penalty λ ≥ 0 per observation (default 1e-4). */
  readonly lambda?: number;
  /** Number of classes K; default max(y) + 1. Every class 0 … K−1 must occur in y. */
  readonly classes?: number;
  /** Penalise coefficients of standardised features (default true). */
  readonly standardize?: boolean;
  /** Most L-BFGS iterations (default 500). */
  readonly maxIterations?: number;
  /** Converged when the largest gradient component is at most this (default 1e-7). */
  readonly tolerance?: number;
  /** L-BFGS correction pairs (default 10). */
  readonly memory?: number;
}

/**
 * Multinomial (softmax) logistic regression with L2 penalty and unpenalised intercepts:
 *
 *   minimise −(1/n) Σᵢ log p_{i,yᵢ} + (λ/2) Σ_k ‖β_k‖²,  p_{ik} = softmax_k(b_k + zᵢᵀβ_k)
 *
 * over all K coefficient vectors (scikit-learn's symmetric parametrisation, not K−1 against a
 * reference class), on centred and by default standardised features z, by L-BFGS from zero.
 * The gradient is (1/n)·Z̃ᵀ(P − Y) + λβ. The gradient summed over classes is always zero
 * (Σ_k (p_{ik} − y_{ik}) = 0), so every iterate keeps Σ_k b_k = 0 and Σ_k β_k = 0: even at λ = 0,
 * where the likelihood cannot tell a common shift of all classes, the fit is unique.
 * With K = 2 and penalty λ this is binary logistic regression with penalty λ/2 and β = β₁ − β₀.
 */
export function fitSoftmaxRegression(x: RowMajorMatrix, y: ArrayLike<number>, options: SoftmaxRegressionOptions = {}): SoftmaxRegression {
  assertFiniteTraining(x, y);
  const lambda = checkNumberParam('lambda', options.lambda ?? 1e-4, 0);
  const standardize = options.standardize ?? true;
  const maxIterations = checkIntegerParam('maxIterations', options.maxIterations ?? 500, 1, 100_000);
  const tolerance = checkNumberParam('tolerance', options.tolerance ?? 1e-7, 0);
  const memory = checkIntegerParam('memory', options.memory ?? 10, 1, 100);
  const labels = classLabels(y, options.classes);
  const k = labels.classes;

  const design = standardizeDesign(x, standardize);
  const { n, p, z } = design;
  const stride = p + 1; // θ per class: [b_k, β_k1 … β_kp]
  const scores = new Float64Array(n * k);

  const objective = (theta: Float64Array, grad: Float64Array): number => {
    for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) scores[i * k + c] = theta[c * stride];
    for (let j = 0; j < p; j++) {
      const col = j * n;
      for (let c = 0; c < k; c++) {
        const w = theta[c * stride + 1 + j];
        if (w === 0) continue;
        for (let i = 0; i < n; i++) scores[i * k + c] += z[col + i] * w;
      }
    }
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const yi = labels.y[i];
      const s = scores[i * k + yi];
      loss += softmaxInPlace(scores, i * k, k) - s;
      scores[i * k + yi] -= 1; // scores now hold P − Y
    }
    grad.fill(0);
    for (let c = 0; c < k; c++) {
      let g0 = 0;
      for (let i = 0; i < n; i++) g0 += scores[i * k + c];
      grad[c * stride] = g0 / n;
    }
    for (let j = 0; j < p; j++) {
      const col = j * n;
      for (let c = 0; c < k; c++) {
        let g = 0;
        for (let i = 0; i < n; i++) g += scores[i * k + c] * z[col + i];
        grad[c * stride + 1 + j] = g / n;
      }
    }
    let penalty = 0;
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < p; j++) {
        const w = theta[c * stride + 1 + j];
        penalty += w * w;
        grad[c * stride + 1 + j] += lambda * w;
      }
    }
    return loss / n + (lambda / 2) * penalty;
  };

  const result = minimizeLbfgs(objective, new Float64Array(k * stride), { memory, maxIterations, gradientTolerance: tolerance, relativeTolerance: 0 });
  const coefficients = new Float64Array(k * p);
  const intercepts = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    const original = unstandardize(design, result.x.subarray(c * stride + 1, (c + 1) * stride), result.x[c * stride]);
    coefficients.set(original.coefficients, c * p);
    intercepts[c] = original.intercept;
  }
  return new SoftmaxRegression(k, coefficients, intercepts, {
    algorithm: 'lbfgs',
    lambda,
    l1Ratio: 0,
    standardized: standardize,
    iterations: result.iterations,
    converged: result.converged,
  });
}

function classLabels(y: ArrayLike<number>, classes: number | undefined): { y: Uint32Array; classes: number } {
  const labels = new Uint32Array(y.length);
  let max = 0;
  for (let i = 0; i < y.length; i++) {
    if (!(Number.isInteger(y[i]) && y[i] >= 0)) throw new MlInputError(MlInputErrorCode.InvalidParameter, 'y', `y must hold class labels 0, 1, 2, …; value ${i} is ${y[i]}`);
    labels[i] = y[i];
    max = Math.max(max, y[i]);
  }
  const k = classes === undefined ? max + 1 : checkIntegerParam('classes', classes, 2, 1_000_000);
  if (k < 2) throw new MlInputError(MlInputErrorCode.InvalidParameter, 'y', 'y must contain at least 2 classes');
  if (max >= k) throw new MlInputError(MlInputErrorCode.InvalidParameter, 'y', `y holds label ${max}, but classes is ${k}`);
  const seen = new Uint8Array(k);
  for (let i = 0; i < labels.length; i++) seen[labels[i]] = 1;
  const missing = seen.indexOf(0);
  if (missing !== -1)
    throw new MlInputError(MlInputErrorCode.InvalidParameter, 'y', `class ${missing} never occurs in y: its intercept would go to −∞`);
  return { y: labels, classes: k };
}
