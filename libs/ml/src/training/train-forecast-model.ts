import {
  encodeForecastArtifact,
  FORECAST_ARTIFACT_FORMAT_VERSION,
  type ForecastAlgorithm,
  type ForecastArtifact,
  type SeriesForecast,
} from '../artifact/forecast-artifact';
import { MlCancelledError, MlInputError, MlInputErrorCode } from '../errors/ml-input.error';
import { hashRows } from '../frame/rows-hash';
import { SeasonalNaiveForecaster } from '../forecasting/baseline-forecasters';
import { ETS_MIN_LENGTH, fitEts } from '../forecasting/ets-fit';
import type { Forecast } from '../forecasting/forecast-types';
import { defaultSeasonLength, describeFrequency, stepTimestamp } from '../forecasting/frequency';
import { intervalCoverage, mase, smape } from '../metrics/classification';
import { mae, rmse } from '../metrics/regression-metrics';
import type { TrainingHooks } from '../models/mlp-regressor';
import { assembleSeries, type RegularSeries } from './forecast-series';

export interface TrainForecastOptions {
  readonly target: string;
  readonly timestampColumn: string;
  /** Column naming the series when the rows hold several (one per store, school, product…). */
  readonly seriesColumn?: string;
  /** Steps to forecast; also the length of the validation and test windows. */
  readonly horizon: number;
  /** Default 'auto': the candidate with the lowest mean MASE on the validation window. */
  readonly algorithm?: 'auto' | ForecastAlgorithm;
  /** Seasonal period in steps; default from the frequency (7 for daily, 12 for monthly, …). */
  readonly seasonLength?: number;
  /** Progress per fitted series and cancellation between series (see TrainTabularOptions.hooks). */
  readonly hooks?: Pick<TrainingHooks, 'signal' | 'onEpoch'>;
}

export interface TrainForecastResult {
  readonly artifact: Uint8Array;
  readonly task: 'forecast';
  readonly algorithm: ForecastAlgorithm;
  /** On the test window (the last `horizon` steps of every series): mase (mean over series), smape, mae, rmse, coverage95. */
  readonly metrics: Record<string, number>;
  readonly baseline: { readonly algorithm: 'seasonal_naive'; readonly metrics: Record<string, number> };
  readonly candidates: ReadonlyArray<{ readonly algorithm: ForecastAlgorithm; readonly validation: Record<string, number> }>;
  readonly params: Record<string, unknown>;
  /** The series forecast, by key. */
  readonly series: string[];
  readonly seriesColumn: string | null;
  readonly trainingData: {
    readonly rows: number;
    readonly hash: string;
    readonly rowsUsed: number;
    readonly rowsDropped: number;
    readonly stepsFilled: number;
    readonly seriesSkipped: string[];
  };
}

export const MAX_FORECAST_HORIZON = 366;
const LEVELS = [80, 95] as const;
const CANDIDATES: readonly ForecastAlgorithm[] = ['seasonal_naive', 'ets'];

/**
 * Trains a forecaster on rows with a timestamp, a numeric target and optionally a series column,
 * and evaluates it the way forecasting competitions do: by origin, never looking ahead.
 *
 * Each series is made regular (see assembleSeries). Its last `horizon` steps are the test window;
 * the `horizon` steps before them the validation window. 'auto' fits every candidate to the
 * history before the validation window and keeps the lowest mean MASE there (seasonal naive
 * wins ties: a model must beat the benchmark to be chosen). The chosen method and the seasonal
 * naive baseline are then refitted on the history before the test window and scored on it;
 * finally the chosen method is refitted on the whole series and its forecast (with 80% and 95%
 * intervals) is what the artifact serves. Series too short for the windows are skipped and listed.
 *
 * References: Hyndman & Athanasopoulos, FPP3 §5.8 (evaluation on a test set, MASE), §5.10
 * (time-series cross-validation); Makridakis et al., "The M4 Competition" (2020) for MASE/sMAPE
 * as the scores and seasonal naive as the benchmark.
 */
export async function trainForecastModel(rows: readonly unknown[], options: TrainForecastOptions): Promise<TrainForecastResult> {
  const horizon = options.horizon;
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > MAX_FORECAST_HORIZON) {
    throw new MlInputError(MlInputErrorCode.InvalidParameter, 'horizon', `must be an integer from 1 to ${MAX_FORECAST_HORIZON}`);
  }
  const algorithm = options.algorithm ?? 'auto';
  if (algorithm !== 'auto' && !CANDIDATES.includes(algorithm)) {
    throw new MlInputError(MlInputErrorCode.InvalidParameter, 'algorithm', `forecasting supports auto, ${CANDIDATES.join(', ')}`);
  }
  const assembled = assembleSeries(rows, options);
  const season = options.seasonLength ?? defaultSeasonLength(assembled.frequency);
  if (!Number.isInteger(season) || season < 1) throw new MlInputError(MlInputErrorCode.InvalidParameter, 'seasonLength', 'must be a positive integer');

  // The fit before the validation window needs one season plus one value for seasonal naive and ETS_MIN_LENGTH for ETS.
  const minLength = 2 * horizon + Math.max(season + 1, ETS_MIN_LENGTH);
  const usable = assembled.series.filter((s) => s.values.length >= minLength);
  const seriesSkipped = assembled.series.filter((s) => s.values.length < minLength).map((s) => s.key);
  if (usable.length === 0) {
    throw new MlInputError(
      MlInputErrorCode.TooFewRows,
      'rows',
      `no series has the ${minLength} ${describeFrequency(assembled.frequency)} steps needed for a ${horizon}-step validation and test window (longest: ${Math.max(...assembled.series.map((s) => s.values.length))})`,
    );
  }

  const progress = new Progress(usable.length * ((algorithm === 'auto' ? CANDIDATES.length : 0) + 3), options.hooks);
  const candidates: Array<{ algorithm: ForecastAlgorithm; validation: Record<string, number> }> = [];
  let chosen: ForecastAlgorithm = algorithm === 'auto' ? 'seasonal_naive' : algorithm;
  if (algorithm === 'auto') {
    let best = Number.POSITIVE_INFINITY;
    for (const candidate of CANDIDATES) {
      const validation = await evaluate(usable, candidate, season, horizon, 2 * horizon, progress);
      candidates.push({ algorithm: candidate, validation });
      if (validation['mase']! < best) {
        best = validation['mase']!;
        chosen = candidate;
      }
    }
  }
  const metrics = await evaluate(usable, chosen, season, horizon, horizon, progress);
  const baseline = await evaluate(usable, 'seasonal_naive', season, horizon, horizon, progress);

  const series: Record<string, SeriesForecast> = {};
  for (const s of usable) {
    const fitted = fitMethod(chosen, s.values, season);
    const forecast = fitted.forecast(horizon, { levels: LEVELS });
    const lastObserved = stepTimestamp(assembled.frequency, s.start, s.values.length - 1);
    series[s.key] = {
      lastObserved,
      model: fitted.name,
      mean: Array.from(forecast.mean),
      intervals: forecast.intervals.map((iv) => ({ level: iv.level, lower: Array.from(iv.lower), upper: Array.from(iv.upper) })),
    };
    await progress.step();
  }

  const hash = hashRows(rows);
  const trainingData = {
    rows: rows.length,
    hash,
    rowsUsed: rows.length - assembled.rowsDropped,
    rowsDropped: assembled.rowsDropped,
    stepsFilled: assembled.series.reduce((n, s) => n + s.filled, 0),
    seriesSkipped,
  };
  const params = { seasonLength: season, frequency: describeFrequency(assembled.frequency), horizon };
  const artifact: ForecastArtifact = {
    formatVersion: FORECAST_ARTIFACT_FORMAT_VERSION,
    info: {
      task: 'forecast',
      algorithm: chosen,
      target: options.target,
      timestampColumn: options.timestampColumn,
      seriesColumn: options.seriesColumn ?? null,
      horizon,
      frequency: assembled.frequency,
      seasonLength: season,
      levels: [...LEVELS],
    },
    series,
    metrics,
    baseline: { algorithm: 'seasonal_naive', metrics: baseline },
    candidates,
    params,
    trainingData,
    createdAt: new Date().toISOString(),
  };
  return {
    artifact: encodeForecastArtifact(artifact),
    task: 'forecast',
    algorithm: chosen,
    metrics,
    baseline: { algorithm: 'seasonal_naive', metrics: baseline },
    candidates,
    params,
    series: Object.keys(series),
    seriesColumn: options.seriesColumn ?? null,
    trainingData,
  };
}

interface FittedMethod {
  readonly name: string;
  forecast(h: number, options: { levels: readonly number[] }): Forecast;
}

function fitMethod(method: ForecastAlgorithm, y: Float64Array, season: number): FittedMethod {
  if (method === 'seasonal_naive') {
    const model = new SeasonalNaiveForecaster(season).fit(y);
    return { name: season === 1 ? 'naive' : `seasonal naive (m=${season})`, forecast: (h, o) => model.forecast(h, o) };
  }
  const model = fitEts(y, { period: season });
  return { name: model.name, forecast: (h, o) => model.forecast(h, o) };
}

/**
 * Fits `method` to every series cut `cut` steps before its end, forecasts the next `horizon`
 * steps and scores them: MASE per series (scaled by the in-sample seasonal naive error, or the
 * naive one when the history is too short for a season) averaged over series; sMAPE, MAE and RMSE
 * over every forecast step pooled; coverage95, the share of actual values inside the 95% interval.
 */
async function evaluate(series: readonly RegularSeries[], method: ForecastAlgorithm, season: number, horizon: number, cut: number, progress: Progress) {
  const actual: number[] = [];
  const predicted: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  const scaled: number[] = [];
  for (const s of series) {
    const history = s.values.subarray(0, s.values.length - cut);
    const future = s.values.subarray(s.values.length - cut, s.values.length - cut + horizon);
    const forecast = fitMethod(method, history, season).forecast(horizon, { levels: [95] });
    const m = history.length > season ? season : 1;
    const score = mase(future, forecast.mean, history, m);
    if (Number.isFinite(score)) scaled.push(score);
    actual.push(...future);
    predicted.push(...forecast.mean);
    lower.push(...forecast.intervals[0]!.lower);
    upper.push(...forecast.intervals[0]!.upper);
    await progress.step();
  }
  return {
    mase: scaled.length ? scaled.reduce((a, b) => a + b, 0) / scaled.length : Number.NaN,
    smape: smape(actual, predicted),
    mae: mae(actual, predicted),
    rmse: rmse(actual, predicted),
    coverage95: intervalCoverage(actual, lower, upper),
  };
}

/** Reports one step per fitted series and lets a cancel in between end the training. */
class Progress {
  private done = 0;

  constructor(
    private readonly total: number,
    private readonly hooks: TrainForecastOptions['hooks'],
  ) {}

  async step(): Promise<void> {
    if (this.hooks?.signal?.aborted) throw new MlCancelledError();
    this.done++;
    // Forecasters have no training loss to report; progress is the share of series fitted.
    await this.hooks?.onEpoch?.(this.done, this.total, 0);
  }
}
