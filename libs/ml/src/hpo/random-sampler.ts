import { randomInt, type Rng } from '../random/prng';
import { fromInternal, type CompiledSpace, type SearchDimension, type SampledParams } from './search-space';

/**
 * One value from a parameter's prior, as Optuna's RandomSampler draws it: uniform on [low, high]
 * (in ln x for log scales), uniform over the grid for a linear integer, over [ln(low − ½),
 * ln(high + ½)] then rounded for a log-scaled integer, uniform over the choices for a categorical.
 */
export function samplePrior(dim: SearchDimension, rng: Rng): number {
  if (dim.kind === 'categorical') return randomInt(rng, dim.size);
  if (dim.step !== undefined) return dim.low + dim.step * randomInt(rng, Math.round((dim.high - dim.low) / dim.step) + 1);
  return dim.low + rng() * (dim.high - dim.low);
}

/**
 * Random search (Bergstra & Bengio, "Random Search for Hyper-Parameter Optimization", JMLR 13,
 * 2012): every parameter drawn independently from its prior. Parameters are drawn in the space's
 * key order, so a seed reproduces the same parameters.
 */
export function sampleRandom(space: CompiledSpace, rng: Rng): SampledParams {
  const params: SampledParams = {};
  for (const dim of space) params[dim.name] = fromInternal(dim, samplePrior(dim, rng));
  return params;
}
