import type { Rng } from '../random/prng';
import type { SearchDimension } from './search-space';
import { logNormalMass, logNormalPdf, sampleTruncatedNormal } from './truncated-normal';

export interface ParzenEstimatorOptions {
  /** Weight of the prior kernel relative to an observation's (Optuna `prior_weight`). */
  readonly priorWeight: number;
  /** Floor bandwidths at range / min(100, 1 + kernels) (Optuna `consider_magic_clip`). */
  readonly magicClip: boolean;
}

/**
 * Observation weights by age (Optuna `default_weights`): all 1 up to 25 observations; beyond,
 * the 25 most recent keep weight 1 and the older ones ramp linearly from 1/n up to 1.
 * Observations are ordered oldest first.
 */
export function observationWeights(n: number): Float64Array {
  const w = new Float64Array(n).fill(1);
  if (n < 25) return w;
  const ramp = n - 25;
  for (let i = 0; i < ramp; i++) w[i] = ramp === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (ramp - 1);
  return w;
}

type Kernels =
  | {
      readonly kind: 'numeric';
      readonly low: number;
      readonly high: number;
      readonly step: number | undefined;
      readonly mus: Float64Array;
      readonly sigmas: Float64Array;
      /** ln of each kernel's mass inside the bounds, which its density is divided by. */
      readonly logZ: Float64Array;
      /** ln σ + ln Z per kernel: what a continuous kernel subtracts from ln φ(z). */
      readonly logNorm: Float64Array;
    }
  | { readonly kind: 'categorical'; readonly size: number; /** kernels × size, rows sum to 1 */ readonly probs: Float64Array };

/**
 * Bandwidths of a univariate Parzen estimator with a prior kernel, as in Optuna's
 * `_ParzenEstimator` (consider_prior, consider_endpoints = false): with the observations and the
 * prior mean (low + high)/2 sorted together and padded by low − step/2 and high + step/2, each
 * kernel's σ is the larger gap to its neighbours — except the outermost kernels, which use
 * their inner gap only. σ is then clipped to [range / min(100, 1 + kernels), range] (the
 * "magic clip" of Bergstra et al.'s hyperopt) with range = high − low + step. The prior kernel
 * has σ = range. Ties are broken by position (stable sort), so the prior comes after an equal
 * observation.
 */
export function parzenBandwidths(observations: ArrayLike<number>, low: number, high: number, step: number | undefined, magicClip: boolean): { mus: Float64Array; sigmas: Float64Array } {
  const n = observations.length;
  const s = step ?? 0;
  const range = high - low + s;
  const mus = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) mus[i] = observations[i];
  mus[n] = 0.5 * (low + high);

  const order = Array.from({ length: n + 1 }, (_, i) => i).sort((i, j) => mus[i] - mus[j]);
  const padded = new Float64Array(n + 3);
  padded[0] = low - s / 2;
  for (let r = 0; r <= n; r++) padded[r + 1] = mus[order[r]];
  padded[n + 2] = high + s / 2;
  const sorted = new Float64Array(n + 1);
  for (let r = 0; r <= n; r++) sorted[r] = Math.max(padded[r + 1] - padded[r], padded[r + 2] - padded[r + 1]);
  if (n + 3 >= 4) {
    sorted[0] = padded[2] - padded[1];
    sorted[n] = padded[n + 1] - padded[n];
  }

  const minSigma = magicClip ? range / Math.min(100, 1 + (n + 1)) : 1e-12;
  const sigmas = new Float64Array(n + 1);
  for (let r = 0; r <= n; r++) sigmas[order[r]] = Math.min(range, Math.max(minSigma, sorted[r]));
  sigmas[n] = range;
  return { mus, sigmas };
}

/**
 * The kernel density estimator of TPE (Bergstra, Bardenet, Bengio & Kégl, "Algorithms for
 * Hyper-Parameter Optimization", NeurIPS 2011, §4; Optuna's `_ParzenEstimator`): a mixture of
 * one kernel per observation plus a prior kernel, each a product over the dimensions of
 *   - a normal truncated to [low, high] for continuous coordinates,
 *   - a normal discretised onto the grid (mass of [x − step/2, x + step/2], renormalised over
 *     [low − step/2, high + step/2]) for stepped integers,
 *   - for categoricals, weights priorWeight/kernels on every choice plus 1 on the observed one,
 *     normalised (the prior kernel is uniform).
 * Mixture weights are `observationWeights` for the observations and priorWeight for the prior,
 * normalised. With one dimension this is Optuna's default independent TPE; with several it is
 * the multivariate TPE of Falkner, Klein & Hutter (BOHB, ICML 2018).
 *
 * Coordinates are the sampler's (ln x for log scales, index for categoricals); `observations[d]`
 * holds dimension d's values, oldest first.
 */
export class ParzenEstimator {
  readonly weights: Float64Array;
  private readonly logWeights: Float64Array;
  private readonly cumulative: Float64Array;
  private readonly dims: Kernels[];

  constructor(
    dimensions: readonly SearchDimension[],
    observations: readonly ArrayLike<number>[],
    options: ParzenEstimatorOptions,
  ) {
    const n = observations[0]?.length ?? 0;
    const ageWeights = observationWeights(n);
    const k = n + 1;
    this.weights = new Float64Array(k);
    this.weights.set(ageWeights);
    this.weights[n] = options.priorWeight;
    const total = this.weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < k; i++) this.weights[i] /= total;
    this.logWeights = this.weights.map(Math.log);
    this.cumulative = new Float64Array(k);
    let acc = 0;
    for (let i = 0; i < k; i++) this.cumulative[i] = acc += this.weights[i];

    this.dims = dimensions.map((dim, d) => {
      const obs = observations[d];
      if (dim.kind === 'numeric') {
        const { mus, sigmas } = parzenBandwidths(obs, dim.low, dim.high, dim.step, options.magicClip);
        const half = (dim.step ?? 0) / 2;
        const logZ = mus.map((mu, i) => logNormalMass((dim.low - half - mu) / sigmas[i], (dim.high + half - mu) / sigmas[i]));
        const logNorm = logZ.map((z, i) => z + Math.log(sigmas[i]));
        return { kind: 'numeric', low: dim.low, high: dim.high, step: dim.step, mus, sigmas, logZ, logNorm };
      }
      const probs = new Float64Array(k * dim.size).fill(options.priorWeight / k);
      for (let i = 0; i < n; i++) probs[i * dim.size + obs[i]] += 1;
      for (let i = 0; i < k; i++) {
        let rowSum = 0;
        for (let c = 0; c < dim.size; c++) rowSum += probs[i * dim.size + c];
        for (let c = 0; c < dim.size; c++) probs[i * dim.size + c] /= rowSum;
      }
      return { kind: 'categorical', size: dim.size, probs };
    });
  }

  get kernels(): number {
    return this.weights.length;
  }

  /** Means and bandwidths of numeric dimension d, the prior kernel last. */
  bandwidths(d: number): { mus: Float64Array; sigmas: Float64Array } {
    const dim = this.dims[d];
    if (dim.kind !== 'numeric') throw new RangeError(`dimension ${d} is categorical`);
    return { mus: dim.mus, sigmas: dim.sigmas };
  }

  /** `count` draws: pick a kernel by weight, then draw each coordinate from it. Returns one array per dimension. */
  sample(rng: Rng, count: number): Float64Array[] {
    const out = this.dims.map(() => new Float64Array(count));
    for (let j = 0; j < count; j++) {
      const k = this.pickKernel(rng());
      this.dims.forEach((dim, d) => {
        if (dim.kind === 'categorical') {
          const u = rng();
          let acc = 0;
          let c = 0;
          for (; c < dim.size - 1; c++) if (u < (acc += dim.probs[k * dim.size + c])) break;
          out[d][j] = c;
        } else if (dim.step === undefined) {
          out[d][j] = sampleTruncatedNormal(rng, dim.mus[k], dim.sigmas[k], dim.low, dim.high);
        } else {
          const x = sampleTruncatedNormal(rng, dim.mus[k], dim.sigmas[k], dim.low - dim.step / 2, dim.high + dim.step / 2);
          out[d][j] = Math.min(dim.high, Math.max(dim.low, dim.low + Math.round((x - dim.low) / dim.step) * dim.step));
        }
      });
    }
    return out;
  }

  /** ln of the mixture density (probability for grids and categoricals) at each point. */
  logPdf(points: readonly ArrayLike<number>[]): Float64Array {
    const count = points[0]?.length ?? 0;
    const out = new Float64Array(count);
    const terms = new Float64Array(this.kernels);
    for (let j = 0; j < count; j++) {
      terms.set(this.logWeights);
      for (let d = 0; d < this.dims.length; d++) addKernelLogPdfs(this.dims[d], points[d][j], terms);
      out[j] = logSumExp(terms);
    }
    return out;
  }

  private pickKernel(u: number): number {
    const k = this.cumulative.length;
    for (let i = 0; i < k - 1; i++) if (u < this.cumulative[i]) return i;
    return k - 1;
  }
}

/** Adds every kernel's log density at x, in one dimension, to `terms`. */
function addKernelLogPdfs(dim: Kernels, x: number, terms: Float64Array): void {
  const k = terms.length;
  if (dim.kind === 'categorical') {
    for (let i = 0; i < k; i++) terms[i] += Math.log(dim.probs[i * dim.size + x]);
    return;
  }
  const { mus, sigmas, logZ, logNorm, step } = dim;
  if (step === undefined) {
    for (let i = 0; i < k; i++) terms[i] += logNormalPdf((x - mus[i]) / sigmas[i]) - logNorm[i];
    return;
  }
  const half = step / 2;
  for (let i = 0; i < k; i++) terms[i] += logNormalMass((x - half - mus[i]) / sigmas[i], (x + half - mus[i]) / sigmas[i]) - logZ[i];
}

function logSumExp(xs: Float64Array): number {
  let max = -Infinity;
  for (let i = 0; i < xs.length; i++) if (xs[i] > max) max = xs[i];
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += Math.exp(xs[i] - max);
  return max + Math.log(sum);
}
