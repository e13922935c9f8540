export {
  trainRegressionModel,
  MIN_TRAINING_ROWS,
  TEST_FRACTION_RANGE,
  type TrainRegressionOptions,
  type TrainRegressionResult,
} from './train-regression-model';
export {
  trainTabularModel,
  splitRows,
  VALIDATION_FRACTION,
  AUTO_MLP_MAX_TRAINING_ROWS,
  type TabularTask,
  type TabularAlgorithm,
  type TrainTabularOptions,
  type TrainTabularResult,
  type TabularEvaluation,
} from './train-tabular-model';
export { SPLIT_FOLDS, type TabularSplit } from './tabular-split';
export { type TabularFairness } from './tabular-fairness';
export { readClassTarget, CLASS_COUNT_RANGE, type ClassTarget } from './class-target';
export { DEFAULT_LINEAR_PARAMS, type LinearParams, type ResolvedLinearParams } from './tabular-params';
export { fitGbdtStepwise, type GbdtStepHooks } from './fit-gbdt-stepwise';
export { fitMlpStepwise, type MlpStepHooks } from './fit-mlp-stepwise';
export {
  GBDT_SEARCH_SPACE,
  LINEAR_SEARCH_SPACE,
  MLP_SEARCH_SPACE,
  SEARCH_LIMITS,
  tabularSearchSpace,
  type TabularSearchOptions,
  type TabularSearchStrategy,
  type TabularSearchSummary,
  type TabularSearchTrial,
  type TrialProgress,
} from './tabular-search';
export { trainTestSplit } from './train-test-split';
export { stratifiedTrainTestSplit } from './stratified-split';
export {
  trainForecastModel,
  MAX_FORECAST_HORIZON,
  FORECAST_FOLDS,
  GBDT_AUTO_MIN_SERIES,
  GBDT_AUTO_MIN_ROWS,
  type TrainForecastOptions,
  type TrainForecastResult,
  type ForecastEvaluation,
} from './train-forecast-model';
export { trainClusteringModel, type TrainClusteringOptions, type TrainClusteringResult } from './train-clustering-model';
export { assembleSeries, type AssembledSeries, type RegularSeries } from './forecast-series';
export { trainSequenceModel, JOB_SEQUENCE_DEFAULTS, type TrainSequenceOptions, type TrainSequenceResult } from './train-sequence-model';
