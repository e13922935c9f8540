/**
 * A global forecasting model: one gradient-boosted tree ensemble (models/gbdt) trained on the
 * lag-feature rows (lag-features.ts) of every series at once, the approach of mlforecast and of
 * most top M5 entries (Makridakis, Spiliotis & Assimakopoulos, IJF 38(4), 2022). Series too
 * short or noisy for a model of their own borrow the shape the others share.
 *
 * Target transform. Each series is divided by its scale s = mean |y| over the fitted values
 * (1 for an all-zero series) — the mean scaling of DeepAR (Salinas et al., IJF 36(3), 2020) —
 * so series of different sizes share one set of trees; with `differencing` the model further
 * predicts the change z_τ − z_{origin−1} from the last known scaled value rather than z_τ
 * itself. Trees cannot predict outside the range of targets they saw, so a trending series
 * forecast as a level is capped at its history; as a change it is not. On the trending
 * seasonal panel of the spec, differencing lowered MASE (see the spec's output), so it is the
 * default.
 *
 * Multi-horizon strategies (Taieb, Bontempi, Atiya & Sorjamaa, "A review and comparison of
 * strategies for multi-step ahead time series forecasting", Expert Syst. Appl. 39(8), 2012):
 *   recursive  one model of the next value; step k feeds the forecasts of steps 1…k−1 back in
 *              as lags. One model, any horizon; errors compound along the horizon.
 *   direct     one model per step h = 1…H, each trained on rows whose target lies h steps after
 *              the last known value (mlforecast's `max_horizon`). H models and no feedback;
 *              each is fitted on its own target, so no error compounds.
 *
 * Intervals. Split-conformal per horizon step from a rolling-origin calibration (mlforecast's
 * `PredictionIntervals(n_windows, h)`; Stankeviciute, Alaa & van der Schaar, "Conformal
 * time-series forecasting", NeurIPS 2021): for each of `calibrationWindows` cut-offs the last
 * w·H values of every series are held back, a model is fitted on the rest and forecasts H steps;
 * the scores are the scale-normalised absolute errors |y − ŷ| / s (normalised so that one
 * quantile serves series of every size, Papadopoulos et al. 2008), and the interval at level
 * 1 − α for step h is ŷ ± s · conformalQuantile(scores of step h, 1 − α). The model used for the
 * forecast is then fitted on all values.
 */
import { MlInputError, MlInputErrorCode } from '../../errors';
import { fitGbdt } from '../../models/gbdt/fit-gbdt';
import type { GbdtModel } from '../../models/gbdt/gbdt-model';
import type { GbdtParams } from '../../models/gbdt/gbdt-params';
import { conformalQuantile } from '../../uncertainty/conformal-quantile';
import { checkFitted, checkHorizon, checkLevels, toSeries } from '../forecast-input';
import { DEFAULT_LEVELS, type Forecast, type ForecastOptions, type PredictionInterval } from '../forecast-types';
import { CALENDAR_FREQUENCIES, type CalendarFrequency } from './calendar-features';
import { checkLagFeatureSpec, lagFeatureNames, minimumHistory, type LagFeatureSpec } from './lag-features';
import { buildLagTrainingSet, writePanelRow, type LagPanel } from './lag-training-set';

export type MultiHorizonStrategy = 'recursive' | 'direct';

/** How the series a row belongs to is told to the model: not at all, by its position, or by its mean (target mean encoding). */
export type SeriesEncoding = 'none' | 'ordinal' | 'target-mean';

export interface GlobalGbdtForecasterOptions {
  /** Steps H the model is trained (direct) and calibrated for. */
  readonly horizon: number;
  readonly strategy?: MultiHorizonStrategy;
  /** Season length m; 1 (default) for none. */
  readonly seasonLength?: number;
  /** Default 1…m (at least 1…3). */
  readonly lags?: readonly number[];
  /** Same-season values before the target; default 1 when m > 1. */
  readonly seasonalLags?: number;
  /** Rolling mean/std windows; default [m] (or [3] without a season). */
  readonly windows?: readonly number[];
  /** With `starts` passed to fit: calendar features of each target time at this spacing. */
  readonly frequency?: CalendarFrequency;
  readonly seriesEncoding?: SeriesEncoding;
  /** Divide each series by its mean absolute value. Default true. */
  readonly meanScaling?: boolean;
  /** Predict the change from the last known value. Default true. */
  readonly differencing?: boolean;
  /** Rolling-origin windows for conformal intervals; 0 (default) gives point forecasts only. */
  readonly calibrationWindows?: number;
  /** Tree ensemble parameters; regression objective. */
  readonly gbdt?: GbdtParams;
}

interface ResolvedOptions {
  readonly horizon: number;
  readonly strategy: MultiHorizonStrategy;
  readonly spec: LagFeatureSpec;
  readonly frequency: CalendarFrequency | null;
  readonly seriesEncoding: SeriesEncoding;
  readonly meanScaling: boolean;
  readonly differencing: boolean;
  readonly calibrationWindows: number;
  readonly gbdt: GbdtParams;
}

/** A panel fitted once: its models (one, or one per step) and what forecasting needs about each series. */
interface FittedPanel {
  readonly models: readonly GbdtModel[];
  readonly panel: LagPanel;
  /** Mean absolute value of each series: its scale, and the unit of its conformal scores. */
  readonly scales: Float64Array;
}

/** GBDT defaults for this use: more, smaller steps than the tabular default, no early stopping (no validation rows). */
const DEFAULT_FORECAST_GBDT: GbdtParams = { maxIterations: 200, learningRate: 0.05, maxLeaves: 31, minSamplesLeaf: 20 };

export class GlobalGbdtForecaster {
  private readonly options: ResolvedOptions;
  private fitted?: FittedPanel;
  /** Scores per step, from the calibration windows. */
  private scores?: Float64Array[];

  constructor(options: GlobalGbdtForecasterOptions) {
    this.options = resolveOptions(options);
  }

  get featureNames(): string[] {
    return lagFeatureNames(this.options.spec);
  }

  /** The fitted tree ensembles: one for 'recursive', one per step for 'direct'. */
  get models(): readonly GbdtModel[] {
    return checkFitted(this.fitted, 'GlobalGbdtForecaster').models;
  }

  /**
   * Fits the model on every series; `starts[i]` is the epoch-ms time of series i's first value
   * (needed with `frequency`). Series may differ in length.
   */
  fit(series: readonly ArrayLike<number>[], starts?: readonly number[]): this {
    const o = this.options;
    if (!Array.isArray(series) || series.length === 0)
      throw new MlInputError(MlInputErrorCode.InvalidParameter, 'series', 'series must be a non-empty array of series');
    const steps = o.strategy === 'direct' ? o.horizon : 1;
    const minLength = minimumHistory(o.spec) + steps + o.calibrationWindows * o.horizon;
    const checked = series.map((s, i) => toSeries(s, minLength, `series[${i}]`));
    if (o.frequency) {
      if (!Array.isArray(starts) || starts.length !== series.length)
        throw new MlInputError(MlInputErrorCode.InvalidParameter, 'starts', 'with a frequency, starts must give one start time per series');
      starts.forEach((t, i) => {
        if (typeof t !== 'number' || !Number.isFinite(t)) throw new MlInputError(MlInputErrorCode.InvalidParameter, `starts[${i}]`, `starts[${i}] must be an epoch-ms time`);
      });
    }
    const startTimes = o.frequency ? starts! : null;

    if (o.calibrationWindows > 0) {
      const scores = Array.from({ length: o.horizon }, () => [] as number[]);
      for (let w = 1; w <= o.calibrationWindows; w++) {
        const cut = checked.map((y) => y.subarray(0, y.length - w * o.horizon));
        const panel = fitPanel(cut, startTimes, o);
        const forecasts = forecastPanel(panel, o.horizon, o);
        checked.forEach((y, i) => {
          for (let h = 0; h < o.horizon; h++) scores[h].push(Math.abs(y[cut[i].length + h] - forecasts[i][h]) / panel.scales[i]);
        });
      }
      this.scores = scores.map((s) => Float64Array.from(s));
    }
    this.fitted = fitPanel(checked, startTimes, o);
    return this;
  }

  /**
   * Forecasts of the next h values of every fitted series, in the order given to `fit`. With
   * calibration, intervals at `levels` (default 80 and 95) for h ≤ horizon.
   */
  forecast(h: number, options: ForecastOptions = {}): Forecast[] {
    const fitted = checkFitted(this.fitted, 'GlobalGbdtForecaster');
    const o = this.options;
    checkHorizon(h);
    if (o.strategy === 'direct' && h > o.horizon)
      throw new MlInputError(MlInputErrorCode.InvalidParameter, 'h', `a direct model forecasts at most its horizon of ${o.horizon} steps`);
    const levels = options.levels ?? (this.scores ? DEFAULT_LEVELS : []);
    checkLevels(levels);
    if (levels.length > 0 && !this.scores)
      throw new MlInputError(MlInputErrorCode.InvalidParameter, 'levels', 'intervals need calibrationWindows > 0 when fitting');
    if (levels.length > 0 && h > o.horizon)
      throw new MlInputError(MlInputErrorCode.InvalidParameter, 'h', `intervals are calibrated for at most ${o.horizon} steps`);
    const halfWidths = levels.map((level) => this.scores!.slice(0, h).map((s) => conformalQuantile(s, level / 100)));
    return forecastPanel(fitted, h, o).map((mean, i) => {
      const s = fitted.scales[i];
      const intervals: PredictionInterval[] = levels.map((level, k) => ({
        level,
        lower: mean.map((m, step) => m - s * halfWidths[k][step]),
        upper: mean.map((m, step) => m + s * halfWidths[k][step]),
      }));
      return { mean, intervals };
    });
  }
}

function resolveOptions(options: GlobalGbdtForecasterOptions): ResolvedOptions {
  if (options === null || typeof options !== 'object')
    throw new MlInputError(MlInputErrorCode.InvalidParameter, 'options', 'options must be an object');
  const bad = (field: string, why: string): never => {
    throw new MlInputError(MlInputErrorCode.InvalidParameter, field, `${field} ${why}`);
  };
  if (!Number.isInteger(options.horizon) || options.horizon < 1 || options.horizon > 1000) bad('horizon', 'must be an integer from 1 to 1000');
  const strategy = options.strategy ?? 'recursive';
  if (strategy !== 'recursive' && strategy !== 'direct') bad('strategy', "must be 'recursive' or 'direct'");
  const m = options.seasonLength ?? 1;
  const frequency = options.frequency ?? null;
  if (frequency !== null && !CALENDAR_FREQUENCIES.includes(frequency)) bad('frequency', `must be one of ${CALENDAR_FREQUENCIES.join(', ')}`);
  const seriesEncoding = options.seriesEncoding ?? 'none';
  if (!['none', 'ordinal', 'target-mean'].includes(seriesEncoding)) bad('seriesEncoding', "must be 'none', 'ordinal' or 'target-mean'");
  const calibrationWindows = options.calibrationWindows ?? 0;
  if (!Number.isInteger(calibrationWindows) || calibrationWindows < 0 || calibrationWindows > 20) bad('calibrationWindows', 'must be an integer from 0 to 20');
  const spec: LagFeatureSpec = {
    lags: options.lags ?? Array.from({ length: Math.max(3, Number.isInteger(m) ? Math.min(m, 60) : 1) }, (_, k) => k + 1),
    seasonLength: m,
    seasonalLags: options.seasonalLags ?? (m > 1 ? 1 : 0),
    windows: options.windows ?? [m > 1 ? m : 3],
    calendar: frequency,
    staticFeature: seriesEncoding !== 'none',
  };
  checkLagFeatureSpec(spec);
  return {
    horizon: options.horizon,
    strategy,
    spec,
    frequency,
    seriesEncoding,
    meanScaling: options.meanScaling ?? true,
    differencing: options.differencing ?? true,
    calibrationWindows,
    gbdt: { ...DEFAULT_FORECAST_GBDT, ...options.gbdt, objective: 'regression' },
  };
}

function fitPanel(series: readonly Float64Array[], starts: readonly number[] | null, o: ResolvedOptions): FittedPanel {
  const scales = Float64Array.from(series, meanAbsolute);
  const panel: LagPanel = {
    spec: o.spec,
    series: series.map((y, i) => (o.meanScaling ? y.map((v) => v / scales[i]) : y)),
    statics: Float64Array.from(series, (y, i) => (o.seriesEncoding === 'ordinal' ? i : o.seriesEncoding === 'target-mean' ? mean(y) : 0)),
    starts,
    frequency: o.frequency,
  };
  const models: GbdtModel[] = [];
  for (let step = 1; step <= (o.strategy === 'direct' ? o.horizon : 1); step++) {
    const { x, y, rows, cols } = buildLagTrainingSet(panel, step, o.differencing);
    models.push(fitGbdt(x, rows, cols, y, o.gbdt));
  }
  return { models, panel, scales };
}

/** Point forecasts in the units of the series, one Float64Array of h values per series. */
function forecastPanel({ models, panel, scales }: FittedPanel, h: number, o: ResolvedOptions): Float64Array[] {
  const n = panel.series.length;
  const cols = lagFeatureNames(o.spec).length;
  const x = new Float32Array(n * cols);
  const out = panel.series.map(() => new Float64Array(h));
  const unscale = (i: number) => (o.meanScaling ? scales[i] : 1);
  if (o.strategy === 'direct') {
    for (let step = 1; step <= h; step++) {
      panel.series.forEach((s, i) => writePanelRow(panel, i, s, step, x, i * cols));
      const predicted = models[step - 1].predict(x, n);
      panel.series.forEach((s, i) => (out[i][step - 1] = (predicted[i] + (o.differencing ? s[s.length - 1] : 0)) * unscale(i)));
    }
    return out;
  }
  const extended = panel.series.map((s) => {
    const e = new Float64Array(s.length + h);
    e.set(s);
    return e;
  });
  for (let step = 1; step <= h; step++) {
    extended.forEach((e, i) => writePanelRow(panel, i, e.subarray(0, panel.series[i].length + step - 1), 1, x, i * cols));
    const predicted = models[0].predict(x, n);
    extended.forEach((e, i) => {
      const at = panel.series[i].length + step - 1;
      e[at] = predicted[i] + (o.differencing ? e[at - 1] : 0);
      out[i][step - 1] = e[at] * unscale(i);
    });
  }
  return out;
}

function meanAbsolute(y: Float64Array): number {
  let s = 0;
  for (const v of y) s += Math.abs(v);
  return s > 0 ? s / y.length : 1;
}

function mean(y: Float64Array): number {
  let s = 0;
  for (const v of y) s += v;
  return s / y.length;
}
