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
import { GlobalGbdtForecaster } from '../forecasting/global/global-gbdt-forecaster';
import { intervalCoverage, mase, smape } from '../metrics/classification';
import { mae, rmse } from '../metrics/regression-metrics';
import type { TrainingHooks } from '../models/mlp-regressor';
import { assembleSeries, type RegularSeries } from './forecast-series';
import { meanAndStd } from './fold-scores';

export interface TrainForecastOptions {
  readonly target: string;
  readonly timestampColumn: string;
  /** Column naming the series when the rows hold several (one per store, school, product…). */
  readonly seriesColumn?: string;
  /** Steps to forecast; also the length of the validation and test windows. */
  readonly horizon: number;
  /** Default 'auto': the candidate with the lowest mean MASE over the validation windows. */
  readonly algorithm?: 'auto' | ForecastAlgorithm;
  /** Seasonal period in steps; default from the frequency (7 for daily, 12 for monthly, …). */
  readonly seasonLength?: number;
  /**
   * Rolling-origin evaluation: `folds` test windows (1 to 10, default 1), each `horizon` steps,
   * tiling the end of every series (see trainForecastModel). Only kind 'time' applies, along the
   * timestamp column (`column`, if given, must name it).
   */
  readonly split?: { readonly kind: 'time'; readonly folds?: number; readonly column?: string };
  /** Progress per fitted series and cancellation between series (see TrainTabularOptions.hooks). */
  readonly hooks?: Pick<TrainingHooks, 'signal' | 'onEpoch'>;
}

/** The rolling origins the metrics average over. */
export interface ForecastEvaluation {
  readonly kind: 'time';
  readonly folds: number;
  /** Population standard deviation over the test windows of each metric, and of the baseline's. */
  readonly metricsStd: Record<string, number>;
  readonly baselineStd: Record<string, number>;
  /** Latest window first: it starts `stepsBeforeEnd` steps before the end of every series; the method its validation window chose, and its scores. */
  readonly perFold: ReadonlyArray<{ readonly stepsBeforeEnd: number; readonly algorithm: ForecastAlgorithm; readonly metrics: Record<string, number> }>;
}

export interface TrainForecastResult {
  readonly artifact: Uint8Array;
  readonly task: 'forecast';
  readonly algorithm: ForecastAlgorithm;
  /** Means over the test windows: mase (mean over series), smape, mae, rmse, coverage95. */
  readonly metrics: Record<string, number>;
  readonly baseline: { readonly algorithm: 'seasonal_naive'; readonly metrics: Record<string, number> };
  /** With 'auto': each candidate's scores averaged over the validation windows. */
  readonly candidates: ReadonlyArray<{ readonly algorithm: ForecastAlgorithm; readonly validation: Record<string, number> }>;
  readonly params: Record<string, unknown>;
  /** The series forecast, by key. */
  readonly series: string[];
  readonly seriesColumn: string | null;
  readonly evaluation: ForecastEvaluation;
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
export const FORECAST_FOLDS = { min: 1, max: 10, default: 1 } as const;
/**
 * 'auto' adds the global GBDT when the history before the earliest validation window holds at
 * least this many series and lagged training rows: one model of many series is what it is for
 * (M5); with a handful of short series, per-series ETS has as much to learn from and no trees to fit.
 */
export const GBDT_AUTO_MIN_SERIES = 5;
export const GBDT_AUTO_MIN_ROWS = 1000;
const LEVELS = [80, 95] as const;
/** Seasonal naive first: on a tie it is kept, a model must beat the benchmark to be chosen. */
const CANDIDATES: readonly ForecastAlgorithm[] = ['seasonal_naive', 'ets', 'gbdt'];

/**
 * Trains a forecaster on rows with a timestamp, a numeric target and optionally a series column,
 * and evaluates it the way forecasting competitions do: by origin, never looking ahead.
 *
 * Each series is made regular (see assembleSeries). With F = `split.folds` (default 1), its last
 * F·`horizon` steps are F test windows; the window of `horizon` steps just before each test window
 * is that origin's validation window. Every method is fitted only on the history before the
 * window it forecasts. At each origin, 'auto' keeps the candidate with the lowest mean MASE on
 * the validation window, and that choice is scored on the test window (seasonal naive wins
 * ties: a model must beat the benchmark to be chosen); the reported metrics, and the seasonal
 * naive baseline's, are means over the F test windows. The method refitted on the whole series,
 * whose forecast (with 80% and 95% intervals) the artifact serves, is the candidate with the
 * lowest MASE averaged over the F validation windows — with F = 1, the one the single origin chose.
 * Series too short for the windows are skipped and listed.
 *
 * Candidates: seasonal naive and ETS per series, and 'gbdt', one GlobalGbdtForecaster (recursive,
 * lags up to a season, mean-scaled and differenced) fitted across all the series, its intervals
 * split-conformal from rolling calibration windows inside the history it is given (enough that
 * series × windows ≥ 19, the fewest with a finite 95% quantile). 'auto' includes it from
 * GBDT_AUTO_MIN_SERIES series and GBDT_AUTO_MIN_ROWS training rows; asked for by name, series
 * too short for its lags and calibration windows are skipped.
 *
 * References: Hyndman & Athanasopoulos, FPP3 §5.8 (evaluation on a test set, MASE), §5.10
 * (time-series cross-validation); Makridakis et al., "The M4 Competition" (2020) for MASE/sMAPE
 * as the scores and seasonal naive as the benchmark; "The M5 accuracy competition" (2022) for
 * global tree models across series.
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
  const folds = checkForecastSplit(options.split, options.timestampColumn);
  const assembled = assembleSeries(rows, options);
  const season = options.seasonLength ?? defaultSeasonLength(assembled.frequency);
  if (!Number.isInteger(season) || season < 1) throw new MlInputError(MlInputErrorCode.InvalidParameter, 'seasonLength', 'must be a positive integer');

  // F test windows and the validation window before the earliest; the fit before it needs one season plus one value for seasonal naive and ETS_MIN_LENGTH for ETS.
  const windows = (folds + 1) * horizon;
  const local = Math.max(season + 1, ETS_MIN_LENGTH);
  const panel =
    algorithm === 'gbdt'
      ? gbdtPanel(assembled.series, (w) => windows + gbdtHistory(season, horizon, w))
      : { usable: assembled.series.filter((s) => s.values.length >= windows + local), calibrationWindows: 0 };
  const usable = panel.usable;
  const seriesSkipped = assembled.series.filter((s) => !usable.includes(s)).map((s) => s.key);
  if (usable.length === 0) {
    const needed = algorithm === 'gbdt' ? windows + gbdtHistory(season, horizon, calibrationWindowsFor(1)) : windows + local;
    throw new MlInputError(
      MlInputErrorCode.TooFewRows,
      'rows',
      `no series has the ${needed} ${describeFrequency(assembled.frequency)} steps needed for ${folds === 1 ? 'a' : folds} ${horizon}-step validation and test window${folds === 1 ? '' : 's'}` +
        `${algorithm === 'gbdt' ? ' and the global GBDT’s lags and calibration windows' : ''} (longest: ${Math.max(...assembled.series.map((s) => s.values.length))})`,
    );
  }
  const gbdtWindows = algorithm === 'gbdt' ? panel.calibrationWindows : algorithm === 'auto' ? autoGbdtWindows(usable, windows, season, horizon) : 0;
  const considered = algorithm === 'auto' ? CANDIDATES.filter((c) => c !== 'gbdt' || gbdtWindows > 0) : [algorithm];

  const n = usable.length;
  const progress = new Progress(n * ((algorithm === 'auto' ? considered.length * folds : 0) + 2 * folds + 1), options.hooks);
  const context: WindowContext = { series: usable, season, horizon, calibrationWindows: gbdtWindows, progress, scored: new Map() };
  const candidates: Array<{ algorithm: ForecastAlgorithm; validation: Record<string, number> }> = [];
  // origin j (0 = latest) tests at cut (j + 1)·horizon and validates at cut (j + 2)·horizon.
  const origins = Array.from({ length: folds }, (_, j) => (j + 1) * horizon);
  let chosen: ForecastAlgorithm = algorithm === 'auto' ? 'seasonal_naive' : algorithm;
  let winners = origins.map(() => chosen);
  if (algorithm === 'auto') {
    const validation = new Map<ForecastAlgorithm, Record<string, number>[]>();
    for (const candidate of considered) {
      const scores: Record<string, number>[] = [];
      for (const cut of origins) scores.push(await scoreWindow(context, candidate, cut + horizon));
      validation.set(candidate, scores);
    }
    let best = Number.POSITIVE_INFINITY;
    for (const candidate of considered) {
      const mean = meanAndStd(validation.get(candidate)!).mean;
      candidates.push({ algorithm: candidate, validation: mean });
      if (mean['mase']! < best) {
        best = mean['mase']!;
        chosen = candidate;
      }
    }
    winners = origins.map((_, j) => considered.reduce((a, c) => (validation.get(c)![j]['mase']! < validation.get(a)![j]['mase']! ? c : a)));
  }
  const tests: Record<string, number>[] = [];
  const baselines: Record<string, number>[] = [];
  for (const [j, cut] of origins.entries()) {
    tests.push(await scoreWindow(context, winners[j], cut));
    baselines.push(await scoreWindow(context, 'seasonal_naive', cut));
  }
  const metrics = meanAndStd(tests);
  const baseline = meanAndStd(baselines);

  const series: Record<string, SeriesForecast> = {};
  const forecasts = await forecastAll(context, chosen, 0, LEVELS);
  usable.forEach((s, i) => {
    series[s.key] = {
      lastObserved: stepTimestamp(assembled.frequency, s.start, s.values.length - 1),
      model: forecasts.names[i],
      mean: Array.from(forecasts.forecasts[i].mean),
      intervals: forecasts.forecasts[i].intervals.map((iv) => ({ level: iv.level, lower: Array.from(iv.lower), upper: Array.from(iv.upper) })),
    };
  });

  const hash = hashRows(rows);
  const trainingData = {
    rows: rows.length,
    hash,
    rowsUsed: rows.length - assembled.rowsDropped,
    rowsDropped: assembled.rowsDropped,
    stepsFilled: assembled.series.reduce((k, s) => k + s.filled, 0),
    seriesSkipped,
  };
  const params = {
    seasonLength: season,
    frequency: describeFrequency(assembled.frequency),
    horizon,
    folds,
    ...(chosen === 'gbdt' ? { gbdt: { strategy: 'recursive', calibrationWindows: gbdtWindows } } : {}),
  };
  const evaluation: ForecastEvaluation = {
    kind: 'time',
    folds,
    metricsStd: metrics.std,
    baselineStd: baseline.std,
    perFold: origins.map((cut, j) => ({ stepsBeforeEnd: cut, algorithm: winners[j], metrics: tests[j] })),
  };
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
    metrics: metrics.mean,
    baseline: { algorithm: 'seasonal_naive', metrics: baseline.mean },
    candidates,
    params,
    trainingData,
    createdAt: new Date().toISOString(),
  };
  return {
    artifact: encodeForecastArtifact(artifact),
    task: 'forecast',
    algorithm: chosen,
    metrics: metrics.mean,
    baseline: { algorithm: 'seasonal_naive', metrics: baseline.mean },
    candidates,
    params,
    series: Object.keys(series),
    seriesColumn: options.seriesColumn ?? null,
    evaluation,
    trainingData,
  };
}

function checkForecastSplit(split: TrainForecastOptions['split'] | undefined, timestampColumn: string): number {
  if (split === undefined) return FORECAST_FOLDS.default;
  const refuse = (field: string, why: string): never => {
    throw new MlInputError(MlInputErrorCode.InvalidParameter, field, `${field} ${why}`);
  };
  if (typeof split !== 'object' || split === null) return refuse('split', "must be an object { kind: 'time', folds? }");
  if (split.kind !== 'time') refuse('split.kind', "must be 'time' for a forecast: it is evaluated on rolling origins along its timestamps");
  if (split.column !== undefined && split.column !== timestampColumn) refuse('split.column', `must be the timestampColumn ${JSON.stringify(timestampColumn)} (or left out)`);
  const folds = split.folds ?? FORECAST_FOLDS.default;
  if (!Number.isInteger(folds) || folds < FORECAST_FOLDS.min || folds > FORECAST_FOLDS.max)
    refuse('split.folds', `must be an integer from ${FORECAST_FOLDS.min} to ${FORECAST_FOLDS.max} (the number of rolling origins)`);
  return folds;
}

/** Rolling calibration windows of the global GBDT for `series` series: enough that a 95% conformal quantile is finite. */
function calibrationWindowsFor(series: number): number {
  return Math.min(20, Math.max(2, Math.ceil(19 / series)));
}

/**
 * Values a series needs before the window the global GBDT forecasts: its default lags (1…max(3, m))
 * and rolling window (m) need max(3, m) values before the first target, then one target, then
 * `calibrationWindows` windows of `horizon` steps held back for the conformal scores.
 */
function gbdtHistory(season: number, horizon: number, calibrationWindows: number): number {
  return Math.max(3, season) + 1 + calibrationWindows * horizon;
}

/** The series long enough for the GBDT when named, with its calibration windows: the largest panel whose series all have the history its own size calls for. */
function gbdtPanel(all: readonly RegularSeries[], needed: (calibrationWindows: number) => number): { usable: RegularSeries[]; calibrationWindows: number } {
  for (let n = all.length; n >= 1; n--) {
    const usable = all.filter((s) => s.values.length >= needed(calibrationWindowsFor(n)));
    if (usable.length >= n) return { usable, calibrationWindows: calibrationWindowsFor(usable.length) };
  }
  return { usable: [], calibrationWindows: 0 };
}

/** With 'auto': the GBDT's calibration windows when it qualifies as a candidate (see GBDT_AUTO_MIN_SERIES), else 0. */
function autoGbdtWindows(usable: readonly RegularSeries[], windows: number, season: number, horizon: number): number {
  if (usable.length < GBDT_AUTO_MIN_SERIES) return 0;
  const w = calibrationWindowsFor(usable.length);
  const lagged = Math.max(3, season);
  if (!usable.every((s) => s.values.length >= windows + gbdtHistory(season, horizon, w))) return 0;
  const rows = usable.reduce((k, s) => k + s.values.length - windows - lagged, 0);
  return rows >= GBDT_AUTO_MIN_ROWS ? w : 0;
}

interface WindowContext {
  readonly series: readonly RegularSeries[];
  readonly season: number;
  readonly horizon: number;
  readonly calibrationWindows: number;
  readonly progress: Progress;
  /** Scores by method and cut: a validation window of one origin is the test window of the next. */
  readonly scored: Map<string, Record<string, number>>;
}

/**
 * Forecasts of the `horizon` steps after each series cut `cut` steps before its end, from the
 * history before the cut only: one fit per series for the local methods, one across all series
 * for the GBDT. One progress step per series either way.
 */
async function forecastAll(
  context: WindowContext,
  method: ForecastAlgorithm,
  cut: number,
  levels: readonly number[],
): Promise<{ forecasts: Forecast[]; names: string[] }> {
  const { series, season, horizon, progress } = context;
  const histories = series.map((s) => s.values.subarray(0, s.values.length - cut));
  if (method === 'gbdt') {
    progress.throwIfCancelled();
    const model = new GlobalGbdtForecaster({ horizon, seasonLength: season, calibrationWindows: context.calibrationWindows }).fit(histories);
    const forecasts = model.forecast(horizon, { levels });
    for (let i = 0; i < series.length; i++) await progress.step();
    return { forecasts, names: series.map(() => `global GBDT (recursive, ${series.length} series)`) };
  }
  const forecasts: Forecast[] = [];
  const names: string[] = [];
  for (const history of histories) {
    const fitted = fitMethod(method, history, season);
    forecasts.push(fitted.forecast(horizon, { levels }));
    names.push(fitted.name);
    await progress.step();
  }
  return { forecasts, names };
}

interface FittedMethod {
  readonly name: string;
  forecast(h: number, options: { levels: readonly number[] }): Forecast;
}

function fitMethod(method: Exclude<ForecastAlgorithm, 'gbdt'>, y: Float64Array, season: number): FittedMethod {
  if (method === 'seasonal_naive') {
    const model = new SeasonalNaiveForecaster(season).fit(y);
    return { name: season === 1 ? 'naive' : `seasonal naive (m=${season})`, forecast: (h, o) => model.forecast(h, o) };
  }
  const model = fitEts(y, { period: season });
  return { name: model.name, forecast: (h, o) => model.forecast(h, o) };
}

/**
 * Forecasts every series cut `cut` steps before its end and scores the next `horizon` steps:
 * MASE per series (scaled by the in-sample seasonal naive error, or the naive one when the
 * history is too short for a season) averaged over series; sMAPE, MAE and RMSE over every
 * forecast step pooled; coverage95, the share of actual values inside the 95% interval.
 */
async function scoreWindow(context: WindowContext, method: ForecastAlgorithm, cut: number): Promise<Record<string, number>> {
  const key = `${method}@${cut}`;
  const cached = context.scored.get(key);
  if (cached) {
    // Counted as planned, so the progress total does not depend on which windows coincide.
    for (let i = 0; i < context.series.length; i++) await context.progress.step();
    return cached;
  }
  const { series, season, horizon } = context;
  const { forecasts } = await forecastAll(context, method, cut, [95]);
  const actual: number[] = [];
  const predicted: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  const scaled: number[] = [];
  series.forEach((s, i) => {
    const history = s.values.subarray(0, s.values.length - cut);
    const future = s.values.subarray(s.values.length - cut, s.values.length - cut + horizon);
    const forecast = forecasts[i];
    const m = history.length > season ? season : 1;
    const score = mase(future, forecast.mean, history, m);
    if (Number.isFinite(score)) scaled.push(score);
    actual.push(...future);
    predicted.push(...forecast.mean);
    lower.push(...forecast.intervals[0]!.lower);
    upper.push(...forecast.intervals[0]!.upper);
  });
  const scores = {
    mase: scaled.length ? scaled.reduce((a, b) => a + b, 0) / scaled.length : Number.NaN,
    smape: smape(actual, predicted),
    mae: mae(actual, predicted),
    rmse: rmse(actual, predicted),
    coverage95: intervalCoverage(actual, lower, upper),
  };
  context.scored.set(key, scores);
  return scores;
}

/** Reports one step per fitted series and lets a cancel in between end the training. */
class Progress {
  private done = 0;

  constructor(
    private readonly total: number,
    private readonly hooks: TrainForecastOptions['hooks'],
  ) {}

  throwIfCancelled(): void {
    if (this.hooks?.signal?.aborted) throw new MlCancelledError();
  }

  async step(): Promise<void> {
    this.throwIfCancelled();
    this.done++;
    // Forecasters have no training loss to report; progress is the share of series fitted.
    await this.hooks?.onEpoch?.(this.done, this.total, 0);
  }
}
