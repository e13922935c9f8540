import { checkProbabilityMatrix, checkSameLength } from './check-inputs';

/**
 * Midranks (1-based) of `values`: tied values share the mean of the ranks they occupy, e.g.
 * [10, 20, 20, 30] → [1, 2.5, 2.5, 4].
 */
export function midranks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(n);
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && values[order[end]] === values[order[start]]) end++;
    const rank = (start + 1 + end) / 2; // mean of ranks start+1 … end
    for (let t = start; t < end; t++) ranks[order[t]] = rank;
    start = end;
  }
  return ranks;
}

/**
 * Area under the ROC curve for a binary problem, by the Mann–Whitney U statistic
 * (Hanley & McNeil 1982): AUC = (R₊ − n₊(n₊ + 1)/2) / (n₊·n₋), with R₊ the sum of the midranks
 * of the positives' scores. It is the probability that a random positive scores above a random
 * negative, ties counting ½ — exactly the trapezoidal area scikit-learn's roc_auc_score gives.
 * Samples labelled `positiveLabel` (default 1) are positive, all others negative. Undefined,
 * and a RangeError, unless both classes occur. NaN scores are refused.
 */
export function rocAuc(yTrue: ArrayLike<number>, scores: ArrayLike<number>, positiveLabel = 1): number {
  const n = checkSameLength('rocAuc', yTrue, scores, 'scores');
  for (let i = 0; i < n; i++) if (Number.isNaN(scores[i])) throw new RangeError(`rocAuc: score ${i} is NaN`);
  const ranks = midranks(scores);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < n; i++) {
    if (yTrue[i] === positiveLabel) {
      positives++;
      rankSum += ranks[i];
    }
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) throw new RangeError('rocAuc: needs at least one positive and one negative sample');
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Multiclass ROC AUC, one-vs-rest: AUCₖ = rocAuc(1[y = k], P(·, k)) for each class k, then the
 * unweighted mean (default 'macro') or the mean weighted by class prevalence ('weighted'), as
 * scikit-learn's roc_auc_score(multi_class='ovr'). Labels are 0 … K−1, `proba` is n × K row-major;
 * every class must occur in y.
 */
export function rocAucOvr(
  yTrue: ArrayLike<number>,
  proba: ArrayLike<number>,
  classes: number,
  average: 'macro' | 'weighted' = 'macro',
): number {
  const n = checkProbabilityMatrix('rocAucOvr', yTrue, proba, classes);
  const column = new Float64Array(n);
  const isClass = new Uint8Array(n);
  let total = 0;
  let weights = 0;
  for (let k = 0; k < classes; k++) {
    let count = 0;
    for (let i = 0; i < n; i++) {
      column[i] = proba[i * classes + k];
      isClass[i] = yTrue[i] === k ? 1 : 0;
      count += isClass[i];
    }
    if (count === 0) throw new RangeError(`rocAucOvr: class ${k} does not occur in yTrue`);
    const w = average === 'weighted' ? count : 1;
    total += w * rocAuc(isClass, column);
    weights += w;
  }
  return total / weights;
}
