/**
 * Hyperparameter optimisation: a typed search space, random search and TPE samplers, median
 * pruning and an async optimisation loop. References: Bergstra, Bardenet, Bengio & Kégl,
 * "Algorithms for Hyper-Parameter Optimization" (NeurIPS 2011); Akiba et al., "Optuna" (KDD 2019),
 * whose defaults are followed.
 */
export {
  defineSearchSpace,
  validateSearchSpace,
  type CategoricalParam,
  type CategoricalChoice,
  type CompiledSpace,
  type SearchDimension,
  type FloatParam,
  type IntParam,
  type SampledParams,
  type ParamsOf,
  type ParamSpec,
  type ParamValue,
  type SearchSpace,
} from './search-space';
export { sampleRandom } from './random-sampler';
export { sampleTpe, splitTrials, tpeGamma, TPE_DEFAULTS, type TpeOptions } from './tpe-sampler';
export { ParzenEstimator, observationWeights, parzenBandwidths, type ParzenEstimatorOptions } from './parzen-estimator';
export { medianShouldPrune, type MedianPrunerOptions } from './median-pruner';
export { TrialPruned, type OptimizeDirection, type IntermediateValue, type Trial, type TrialResult } from './trial';
export { optimize, type OptimizeOptions, type OptimizeResult, type SamplerOption } from './optimize';
