/** Numerically safe pieces of the logistic and softmax likelihoods. */

/** σ(η) = 1 / (1 + e^(−η)), evaluated without overflow for either sign of η. */
export function sigmoid(eta: number): number {
  if (eta >= 0) return 1 / (1 + Math.exp(-eta));
  const e = Math.exp(eta);
  return e / (1 + e);
}

/** softplus(η) = log(1 + e^η), the log-partition of a Bernoulli: exact for large |η| too. */
export function softplus(eta: number): number {
  return eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
}

/**
 * Replaces `k` scores starting at `offset` by their softmax pᵢ = e^(sᵢ − m) / Σⱼ e^(sⱼ − m),
 * m = maxⱼ sⱼ (shifting by the maximum cannot change p and keeps every exponent ≤ 0), and
 * returns log Σⱼ e^(sⱼ) (the log-sum-exp of the original scores).
 */
export function softmaxInPlace(scores: Float64Array, offset: number, k: number): number {
  let m = -Infinity;
  for (let c = 0; c < k; c++) m = Math.max(m, scores[offset + c]);
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const e = Math.exp(scores[offset + c] - m);
    scores[offset + c] = e;
    sum += e;
  }
  for (let c = 0; c < k; c++) scores[offset + c] /= sum;
  return m + Math.log(sum);
}
