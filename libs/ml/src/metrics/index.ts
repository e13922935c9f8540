export { mae, rmse, r2, regressionMetrics, type RegressionMetrics } from './regression-metrics';
export * from './classification';
export { fairnessReport, MISSING_GROUP, FOUR_FIFTHS_THRESHOLD, type FairnessLabel, type FairnessOptions, type FairnessReport, type GroupFairness } from './fairness';
