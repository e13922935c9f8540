import type { Rng } from '../random/prng';
import { ParzenEstimator } from './parzen-estimator';
import { sampleRandom } from './random-sampler';
import { fromInternal, toInternal, type CompiledSpace, type SearchDimension, type SampledParams } from './search-space';
import type { OptimizeDirection, TrialResult } from './trial';

export interface TpeOptions {
  /** Trials (complete or pruned) sampled at random before TPE takes over. Default 10. */
  readonly startupTrials?: number;
  /** Candidates drawn from l(x) per sample; the one maximising l(x)/g(x) wins. Default 24. */
  readonly eiCandidates?: number;
  /** Weight of the prior kernel in both estimators. Default 1. */
  readonly priorWeight?: number;
  /** Bandwidth floor of hyperopt's "magic clip". Default true. */
  readonly magicClip?: boolean;
  /**
   * Model the parameters jointly (one product-kernel estimator, Falkner et al. 2018) rather than
   * one independent estimator per parameter (Bergstra et al. 2011, Optuna's default). Default false.
   */
  readonly multivariate?: boolean;
}

export const TPE_DEFAULTS: Required<TpeOptions> = {
  startupTrials: 10,
  eiCandidates: 24,
  priorWeight: 1,
  magicClip: true,
  multivariate: false,
};

/** How many trials form the "good" group l(x) (Optuna `default_gamma`): ⌈0.1·n⌉, at most 25. */
export function tpeGamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

/**
 * Splits finished trials into the `nBelow` best and the rest, as Optuna's `_split_trials`: complete
 * trials ranked by value fill the good group first; if there are too few, pruned trials follow,
 * ranked by how far they got (deepest step first) and then by their value at that step. Pruned
 * trials that never reported rank last. Failed trials are left out. Both groups come back in
 * trial order, oldest first, which is what the age weights expect.
 */
export function splitTrials<P>(trials: readonly TrialResult<P>[], direction: OptimizeDirection, nBelow: number): { below: TrialResult<P>[]; above: TrialResult<P>[] } {
  const sign = direction === 'minimize' ? 1 : -1;
  // Smaller is better; NaN and missing values rank last in either direction.
  const loss = (t: TrialResult<P>): number => {
    const v = t.state === 'failed' ? undefined : t.value;
    return v === undefined || Number.isNaN(v) ? Infinity : sign * v;
  };
  const byLoss = (a: TrialResult<P>, b: TrialResult<P>) => loss(a) - loss(b) || a.number - b.number;
  const complete = trials.filter((t) => t.state === 'complete').sort(byLoss);
  const pruned = trials.filter((t) => t.state === 'pruned').sort((a, b) => lastStep(b) - lastStep(a) || byLoss(a, b));
  const ranked = [...complete, ...pruned];
  const byNumber = (a: TrialResult<P>, b: TrialResult<P>) => a.number - b.number;
  return { below: ranked.slice(0, nBelow).sort(byNumber), above: ranked.slice(nBelow).sort(byNumber) };
}

function lastStep(t: TrialResult<unknown>): number {
  return t.intermediate.length === 0 ? -Infinity : t.intermediate[t.intermediate.length - 1].step;
}

/**
 * Tree-structured Parzen Estimator (Bergstra, Bardenet, Bengio & Kégl, NeurIPS 2011), with
 * Optuna's defaults. Once `startupTrials` trials have finished, the best γ(n) = ⌈0.1·n⌉ (≤ 25)
 * of them are modelled by l(x) and the rest by g(x), each a Parzen estimator with a prior
 * kernel; `eiCandidates` points are drawn from l and the one with the largest l(x)/g(x) is
 * returned — maximising expected improvement under TPE's model (§4.1 of the paper). Before that,
 * or with nothing to model, parameters come from the prior.
 *
 * A pure function of (space, trials, rng): with the same history and seed it proposes the same
 * parameters.
 */
export function sampleTpe<P extends SampledParams>(
  space: CompiledSpace,
  trials: readonly TrialResult<P>[],
  direction: OptimizeDirection,
  rng: Rng,
  options: TpeOptions = {},
): SampledParams {
  const o = { ...TPE_DEFAULTS, ...options };
  const finished = trials.filter((t) => t.state !== 'failed');
  if (finished.length < o.startupTrials || finished.length === 0) return sampleRandom(space, rng);

  const { below, above } = splitTrials(finished, direction, tpeGamma(finished.length));
  const groups: SearchDimension[][] = o.multivariate ? [[...space]] : space.map((d) => [d]);
  const estimatorOptions = { priorWeight: o.priorWeight, magicClip: o.magicClip };
  const params: SampledParams = {};
  for (const group of groups) {
    const observe = (ts: readonly TrialResult<P>[]) => group.map((dim) => Float64Array.from(ts, (t) => toInternal(dim, t.params[dim.name])));
    const l = new ParzenEstimator(group, observe(below), estimatorOptions);
    const g = new ParzenEstimator(group, observe(above), estimatorOptions);
    // Candidates go through the parameter values and back, so that a log-scaled integer is
    // scored at the integer it will be.
    const candidates = l.sample(rng, o.eiCandidates).map((xs, d) => xs.map((x) => toInternal(group[d], fromInternal(group[d], x))));
    const lower = l.logPdf(candidates);
    const upper = g.logPdf(candidates);
    let best = 0;
    for (let j = 1; j < o.eiCandidates; j++) if (lower[j] - upper[j] > lower[best] - upper[best]) best = j;
    group.forEach((dim, d) => {
      params[dim.name] = fromInternal(dim, candidates[d][best]);
    });
  }
  return params;
}
