import { MlInputError, MlInputErrorCode } from '../../errors/ml-input.error';
import type { GbdtObjective } from './gbdt-params';

/**
 * A twice-differentiable loss ℓ(y, F) over the raw score F, as second-order boosting needs
 * (Friedman 2001; Chen & Guestrin 2016): per row the gradient g = ∂ℓ/∂F and hessian
 * h = ∂²ℓ/∂F². Raw scores and gradients of the K outputs are laid out as follows:
 * `raw[i·K + k]` (row-major, as predictions are returned) and `grad[k·n + i]` (output-major, so
 * that output k's tree reads one contiguous block).
 */
export interface GbdtLoss {
  /** Raw-score outputs K: 1, or the number of classes for multiclass. */
  readonly outputs: number;
  /** The constant raw score minimising the loss on y, per output. */
  initialScores(y: ArrayLike<number>): Float64Array;
  gradients(y: ArrayLike<number>, raw: Float64Array, grad: Float64Array, hess: Float64Array): void;
  /** Mean loss: squared error, log loss, or cross-entropy. */
  loss(y: ArrayLike<number>, raw: Float64Array): number;
}

/** Hessians below this are raised to it, so that a saturated leaf cannot divide by zero. */
const MIN_HESSIAN = 1e-16;
/** Class frequencies are clipped to [ε, 1 − ε] before taking logs. */
const PRIOR_EPS = 1e-15;

/** Squared error ℓ = ½(F − y)²: g = F − y, h = 1; F₀ = mean(y). Reports the mean of (F − y)². */
export const squaredError: GbdtLoss = {
  outputs: 1,
  initialScores(y) {
    let sum = 0;
    for (let i = 0; i < y.length; i++) sum += y[i];
    return Float64Array.of(sum / y.length);
  },
  gradients(y, raw, grad, hess) {
    for (let i = 0; i < y.length; i++) {
      grad[i] = raw[i] - y[i];
      hess[i] = 1;
    }
  },
  loss(y, raw) {
    let sum = 0;
    for (let i = 0; i < y.length; i++) sum += (raw[i] - y[i]) ** 2;
    return sum / y.length;
  },
};

/**
 * Logistic loss on log-odds F with p = σ(F) = 1 / (1 + e^−F): ℓ = log(1 + e^F) − yF,
 * g = p − y, h = p(1 − p); F₀ = log(ȳ / (1 − ȳ)).
 */
export const logisticLoss: GbdtLoss = {
  outputs: 1,
  initialScores(y) {
    let sum = 0;
    for (let i = 0; i < y.length; i++) sum += y[i];
    const p = Math.min(1 - PRIOR_EPS, Math.max(PRIOR_EPS, sum / y.length));
    return Float64Array.of(Math.log(p / (1 - p)));
  },
  gradients(y, raw, grad, hess) {
    for (let i = 0; i < y.length; i++) {
      const p = sigmoid(raw[i]);
      grad[i] = p - y[i];
      hess[i] = Math.max(p * (1 - p), MIN_HESSIAN);
    }
  },
  loss(y, raw) {
    let sum = 0;
    for (let i = 0; i < y.length; i++) sum += softplus(raw[i]) - y[i] * raw[i];
    return sum / y.length;
  },
};

/**
 * Softmax cross-entropy over K logits (Friedman 2001, §4.6), one tree per class per round:
 * p_k = e^{F_k} / Σ_j e^{F_j}, ℓ = −log p_y, g_k = p_k − [y = k], h_k = p_k(1 − p_k) (the
 * diagonal of the Hessian, as LightGBM and scikit-learn use); F₀,k = log(class frequency).
 */
export function softmaxLoss(classes: number): GbdtLoss {
  return {
    outputs: classes,
    initialScores(y) {
      const counts = new Float64Array(classes);
      for (let i = 0; i < y.length; i++) counts[y[i]]++;
      return counts.map((c) => Math.log(Math.max(PRIOR_EPS, c / y.length)));
    },
    gradients(y, raw, grad, hess) {
      const n = y.length;
      const p = new Float64Array(classes);
      for (let i = 0; i < n; i++) {
        softmaxInto(raw, i * classes, classes, p);
        for (let k = 0; k < classes; k++) {
          grad[k * n + i] = p[k] - (y[i] === k ? 1 : 0);
          hess[k * n + i] = Math.max(p[k] * (1 - p[k]), MIN_HESSIAN);
        }
      }
    },
    loss(y, raw) {
      let sum = 0;
      for (let i = 0; i < y.length; i++) sum += logSumExp(raw, i * classes, classes) - raw[i * classes + y[i]];
      return sum / y.length;
    },
  };
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** log(1 + e^z), without overflow for large z. */
function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

function logSumExp(a: Float64Array, offset: number, k: number): number {
  let max = -Infinity;
  for (let j = 0; j < k; j++) max = Math.max(max, a[offset + j]);
  let sum = 0;
  for (let j = 0; j < k; j++) sum += Math.exp(a[offset + j] - max);
  return max + Math.log(sum);
}

/** Writes softmax(a[offset .. offset + k)) into out. */
export function softmaxInto(a: ArrayLike<number>, offset: number, k: number, out: Float64Array, outOffset = 0): void {
  let max = -Infinity;
  for (let j = 0; j < k; j++) max = Math.max(max, a[offset + j]);
  let sum = 0;
  for (let j = 0; j < k; j++) {
    const e = Math.exp(a[offset + j] - max);
    out[outOffset + j] = e;
    sum += e;
  }
  for (let j = 0; j < k; j++) out[outOffset + j] /= sum;
}

/**
 * The loss for an objective, after checking the labels: finite numbers for regression, 0 or 1
 * for binary, integers in [0, K) for multiclass (K given or the largest label + 1).
 */
export function lossFor(objective: GbdtObjective, y: ArrayLike<number>, nClasses: number | null): GbdtLoss {
  const refuse = (why: string): never => {
    throw new MlInputError(MlInputErrorCode.TargetNotNumeric, 'y', why);
  };
  switch (objective) {
    case 'regression':
      for (let i = 0; i < y.length; i++) if (!Number.isFinite(y[i])) refuse(`y[${i}] is ${y[i]}; regression needs finite targets`);
      return squaredError;
    case 'binary':
      for (let i = 0; i < y.length; i++) if (y[i] !== 0 && y[i] !== 1) refuse(`y[${i}] is ${y[i]}; binary labels must be 0 or 1`);
      return logisticLoss;
    case 'multiclass': {
      let max = 0;
      for (let i = 0; i < y.length; i++) {
        if (!Number.isInteger(y[i]) || y[i] < 0) refuse(`y[${i}] is ${y[i]}; class labels must be integers from 0`);
        max = Math.max(max, y[i]);
      }
      const classes = nClasses ?? Math.max(2, max + 1);
      if (max >= classes) refuse(`label ${max} is not below nClasses = ${classes}`);
      return softmaxLoss(classes);
    }
  }
}
