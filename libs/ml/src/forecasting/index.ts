/**
 * Univariate forecasting: benchmark methods and the ETS exponential-smoothing family with
 * automatic model selection; MASE and sMAPE to score them are in metrics/classification.
 * References: Hyndman & Athanasopoulos, "Forecasting: Principles and Practice", 3rd ed. (2021);
 * Hyndman, Koehler, Ord & Snyder, "Forecasting with Exponential Smoothing: the state space
 * approach" (Springer, 2008).
 */
export type { Forecast, ForecastOptions, Forecaster, PredictionInterval } from './forecast-types';
export { DriftForecaster, MeanForecaster, NaiveForecaster, SeasonalNaiveForecaster } from './baseline-forecasters';
export { etsCandidates, etsName, parseEtsSpec, type EtsErrorType, type EtsSeasonType, type EtsSpec, type EtsTrendType } from './ets-spec';
export { ETS_BOUNDS, isEtsAdmissible, type EtsSmoothing } from './ets-admissibility';
export { etsFilter, type EtsFilterResult, type EtsState } from './ets-recursions';
export { heuristicInitialState } from './ets-initial-states';
export { etsForecastVariance, etsPointForecast } from './ets-forecast';
export { EtsModel, type EtsCandidate, type EtsForecast, type EtsForecastOptions } from './ets-model';
export { ETS_MIN_LENGTH, EtsFitter, fitEts, type EtsCriterion, type EtsFitOptions, type EtsInitialStates } from './ets-fit';
export { EtsForecaster } from './ets-forecaster';
export { fitEtsMany } from './ets-many';
export { nelderMead, type NelderMeadOptions, type NelderMeadResult } from './nelder-mead';
export { normalQuantile } from './normal-quantile';
export { defaultSeasonLength, describeFrequency, stepTimestamp, type Frequency } from './frequency';
export * from './global';
