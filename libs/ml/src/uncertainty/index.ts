export { conformalQuantile } from './conformal-quantile';
export {
  SplitConformalRegressor,
  ConformalizedQuantileRegressor,
  DEFAULT_CONFORMAL_LEVELS,
  type PredictionIntervals,
  type SplitConformalRegressorJSON,
  type ConformalizedQuantileRegressorJSON,
} from './split-conformal-regressor';
export { PlattScaler, type PlattScalerJSON } from './platt-scaling';
export { isotonicRegression, IsotonicCalibrator, type IsotonicCalibratorJSON } from './isotonic-regression';
export { predictionConfidence, binaryPredictionConfidence, type ConfidenceMethod } from './prediction-confidence';
