import { checkProbabilityMatrix, checkSameLength } from './check-inputs';

/**
 * Scores of predicted probabilities. Probabilities are clipped to [ε, 1 − ε] (default
 * ε = 1e-15) before taking logarithms, so a confident wrong prediction costs −log ε ≈ 34.5
 * nats instead of infinity. Rows are not renormalised.
 */
export const DEFAULT_LOG_LOSS_EPSILON = 1e-15;

/** Binary log loss (cross-entropy): −(1/n) Σᵢ [yᵢ log pᵢ + (1 − yᵢ) log(1 − pᵢ)], y ∈ {0, 1}, p = P(y = 1). */
export function logLoss(yTrue: ArrayLike<number>, p: ArrayLike<number>, epsilon = DEFAULT_LOG_LOSS_EPSILON): number {
  const n = checkSameLength('logLoss', yTrue, p, 'probabilities');
  let s = 0;
  for (let i = 0; i < n; i++) {
    const q = clip(p[i], epsilon);
    if (yTrue[i] === 1) s -= Math.log(q);
    else if (yTrue[i] === 0) s -= Math.log(1 - q);
    else throw new RangeError(`logLoss: label ${i} is ${yTrue[i]}, expected 0 or 1`);
  }
  return s / n;
}

/** Multiclass log loss: −(1/n) Σᵢ log p_{i,yᵢ}, labels 0 … K−1, `proba` n × K row-major. */
export function multiclassLogLoss(yTrue: ArrayLike<number>, proba: ArrayLike<number>, classes: number, epsilon = DEFAULT_LOG_LOSS_EPSILON): number {
  const n = checkProbabilityMatrix('multiclassLogLoss', yTrue, proba, classes);
  let s = 0;
  for (let i = 0; i < n; i++) s -= Math.log(clip(proba[i * classes + yTrue[i]], epsilon));
  return s / n;
}

/** Brier score (Brier 1950) for a binary outcome: (1/n) Σᵢ (pᵢ − yᵢ)², y ∈ {0, 1}; 0 is perfect, 0.25 is always saying ½. */
export function brierScore(yTrue: ArrayLike<number>, p: ArrayLike<number>): number {
  const n = checkSameLength('brierScore', yTrue, p, 'probabilities');
  let s = 0;
  for (let i = 0; i < n; i++) {
    if (yTrue[i] !== 0 && yTrue[i] !== 1) throw new RangeError(`brierScore: label ${i} is ${yTrue[i]}, expected 0 or 1`);
    s += (p[i] - yTrue[i]) ** 2;
  }
  return s / n;
}

/** Brier's original multiclass score: (1/n) Σᵢ Σₖ (p_{ik} − 1[yᵢ = k])², in [0, 2]. */
export function multiclassBrierScore(yTrue: ArrayLike<number>, proba: ArrayLike<number>, classes: number): number {
  const n = checkProbabilityMatrix('multiclassBrierScore', yTrue, proba, classes);
  let s = 0;
  for (let i = 0; i < n; i++) for (let k = 0; k < classes; k++) s += (proba[i * classes + k] - (yTrue[i] === k ? 1 : 0)) ** 2;
  return s / n;
}

function clip(p: number, epsilon: number): number {
  return Math.min(Math.max(p, epsilon), 1 - epsilon);
}
