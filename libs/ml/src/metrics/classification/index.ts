export {
  accuracy,
  confusionMatrix,
  perClassScores,
  precision,
  recall,
  f1Score,
  type ConfusionMatrix,
  type PerClassScores,
  type ClassificationAverage,
  type AverageOptions,
} from './label-metrics';
export { rocAuc, rocAucOvr, midranks } from './roc-auc';
export { logLoss, multiclassLogLoss, brierScore, multiclassBrierScore, DEFAULT_LOG_LOSS_EPSILON } from './probability-metrics';
export { pinballLoss, intervalCoverage, meanIntervalWidth } from './interval-metrics';
export { mape, smape, mase } from './forecast-metrics';
export { silhouetteScore, silhouetteSamples, type PointMatrix } from './silhouette';
