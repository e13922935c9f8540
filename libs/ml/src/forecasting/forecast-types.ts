/**
 * What every forecaster in this folder returns: point forecasts for steps 1..h after the end of
 * the series and, per requested coverage level, a two-sided prediction interval.
 */

/** A central prediction interval at `level` percent (80 → the 10% and 90% quantiles). */
export interface PredictionInterval {
  readonly level: number;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

export interface Forecast {
  /** Point forecasts ŷ_{T+1|T} … ŷ_{T+h|T}. */
  readonly mean: Float64Array;
  /** One interval per requested level, in the order requested. */
  readonly intervals: readonly PredictionInterval[];
}

export interface ForecastOptions {
  /** Coverage levels in percent, each in (0, 100). Default [80, 95]. */
  readonly levels?: readonly number[];
}

export const DEFAULT_LEVELS: readonly number[] = [80, 95];

/** A model that learns from one series and extrapolates it. */
export interface Forecaster {
  fit(series: ArrayLike<number>): this;
  forecast(h: number, options?: ForecastOptions): Forecast;
}
