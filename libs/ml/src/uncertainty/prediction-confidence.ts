/**
 * - 'max-probability': the probability of the predicted class, maxₖ pₖ, in [1/K, 1];
 * - 'margin': the gap p₍₁₎ − p₍₂₎ between the two most probable classes, in [0, 1];
 * - 'entropy': 1 − H(p)/log K with H(p) = −Σₖ pₖ log pₖ, in [0, 1]: 0 for a uniform
 *   distribution, 1 for a certain one.
 */
export type ConfidenceMethod = 'max-probability' | 'margin' | 'entropy';

/**
 * A per-prediction confidence score from class probabilities (n × K, row-major). These rank
 * predictions from least to most trustworthy; only with calibrated probabilities (Platt,
 * isotonic) does 'max-probability' also read as the expected accuracy of the prediction.
 */
export function predictionConfidence(proba: ArrayLike<number>, classes: number, method: ConfidenceMethod = 'max-probability'): Float64Array {
  if (!(Number.isInteger(classes) && classes >= 2)) throw new RangeError('classes must be an integer ≥ 2');
  if (proba.length % classes !== 0) throw new RangeError(`proba must hold rows × ${classes} values`);
  const n = proba.length / classes;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * classes;
    switch (method) {
      case 'max-probability': {
        let best = proba[o];
        for (let k = 1; k < classes; k++) best = Math.max(best, proba[o + k]);
        out[i] = best;
        break;
      }
      case 'margin': {
        let first = -Infinity;
        let second = -Infinity;
        for (let k = 0; k < classes; k++) {
          const p = proba[o + k];
          if (p > first) {
            second = first;
            first = p;
          } else if (p > second) second = p;
        }
        out[i] = first - second;
        break;
      }
      case 'entropy': {
        let h = 0;
        for (let k = 0; k < classes; k++) {
          const p = proba[o + k];
          if (p > 0) h -= p * Math.log(p);
        }
        out[i] = 1 - h / Math.log(classes);
        break;
      }
      default:
        throw new RangeError(`unknown confidence method ${String(method)}`);
    }
  }
  return out;
}

/** The same scores for a binary classifier given P(y = 1) per row (the row is [1 − p, p]). */
export function binaryPredictionConfidence(p: ArrayLike<number>, method: ConfidenceMethod = 'max-probability'): Float64Array {
  const proba = new Float64Array(p.length * 2);
  for (let i = 0; i < p.length; i++) {
    proba[2 * i] = 1 - p[i];
    proba[2 * i + 1] = p[i];
  }
  return predictionConfidence(proba, 2, method);
}
