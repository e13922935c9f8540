/** Global forecasting: one GBDT across many series on lag, rolling-window and calendar features. */
export {
  GlobalGbdtForecaster,
  type GlobalGbdtForecasterOptions,
  type MultiHorizonStrategy,
  type SeriesEncoding,
} from './global-gbdt-forecaster';
export { lagFeatureNames, minimumHistory, writeLagFeatures, type LagFeatureSpec } from './lag-features';
export { buildLagTrainingSet, type LagPanel, type LagTrainingSet } from './lag-training-set';
export { CALENDAR_FREQUENCIES, calendarFeatureNames, isoWeek, timeOfIndex, type CalendarFrequency } from './calendar-features';
