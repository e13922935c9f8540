import { MlArtifactError } from '../errors/ml-input.error';
import { cell } from '../frame/row';
import { categoryKey } from '../frame/values';
import { stepTimestamp, type Frequency } from '../forecasting/frequency';
import { decodeJsonContainer, encodeJsonContainer, isObject } from './json-container';

export const FORECAST_ARTIFACT_FORMAT_VERSION = 1;
/** "FSMF": a forecast table in the JSON container (see json-container.ts). */
export const FORECAST_ARTIFACT_MAGIC = [0x46, 0x53, 0x4d, 0x46] as const;

/** The series key of data with one series (no `seriesColumn`). */
export const SINGLE_SERIES_KEY = '(all)';

/** Local methods fitted per series (ets, seasonal_naive) and the global GBDT fitted across them (gbdt). */
export type ForecastAlgorithm = 'ets' | 'seasonal_naive' | 'gbdt';
export const FORECAST_ALGORITHMS: readonly ForecastAlgorithm[] = ['ets', 'seasonal_naive', 'gbdt'];

export interface ForecastModelInfo {
  readonly task: 'forecast';
  readonly algorithm: ForecastAlgorithm;
  readonly target: string;
  readonly timestampColumn: string;
  /** The column naming the series; null when the data is one series. */
  readonly seriesColumn: string | null;
  readonly horizon: number;
  readonly frequency: Frequency;
  readonly seasonLength: number;
  /** Prediction-interval coverage levels stored, in percent. */
  readonly levels: readonly number[];
}

/** One series' forecast from the end of its history: steps 1..horizon. */
export interface SeriesForecast {
  /** Epoch ms of the last observed step. */
  readonly lastObserved: number;
  /** The model fitted to this series (e.g. "ETS(A,N,A)"). */
  readonly model: string;
  readonly mean: number[];
  /** Per level (as in `info.levels`), lower and upper bounds per step. */
  readonly intervals: ReadonlyArray<{ readonly level: number; readonly lower: number[]; readonly upper: number[] }>;
}

/**
 * A forecast model as served: the forecasts of every training series from the end of its
 * history, computed when the model was trained (ETS and seasonal naive depend on nothing but the
 * series, and the global GBDT's forecasts of its training series are fixed once it is fitted, so
 * serving needs no refit; new data means a new version, which the retraining schedule provides).
 */
export interface ForecastArtifact {
  readonly formatVersion: typeof FORECAST_ARTIFACT_FORMAT_VERSION;
  readonly info: ForecastModelInfo;
  readonly series: Readonly<Record<string, SeriesForecast>>;
  readonly metrics: Readonly<Record<string, number>>;
  readonly baseline: { readonly algorithm: 'seasonal_naive'; readonly metrics: Readonly<Record<string, number>> };
  readonly candidates: readonly { readonly algorithm: ForecastAlgorithm; readonly validation: Readonly<Record<string, number>> }[];
  readonly params: Readonly<Record<string, unknown>>;
  readonly trainingData: { readonly rows: number; readonly hash: string; readonly rowsDropped: number; readonly stepsFilled: number; readonly seriesSkipped: readonly string[] };
  readonly createdAt: string;
}

export function encodeForecastArtifact(artifact: ForecastArtifact): Uint8Array {
  return encodeJsonContainer(FORECAST_ARTIFACT_MAGIC, FORECAST_ARTIFACT_FORMAT_VERSION, artifact);
}

export function decodeForecastArtifact(bytes: Uint8Array): ForecastArtifact {
  const fail = (why: string): never => {
    throw new MlArtifactError(`Not a Foresight forecast artifact: ${why}`);
  };
  const a = decodeJsonContainer(bytes, FORECAST_ARTIFACT_MAGIC, FORECAST_ARTIFACT_FORMAT_VERSION, fail);
  const info = a['info'];
  if (!isObject(info) || info['task'] !== 'forecast') return fail('info.task must be "forecast"');
  if (!FORECAST_ALGORITHMS.includes(info['algorithm'] as ForecastAlgorithm)) fail(`unknown algorithm ${JSON.stringify(info['algorithm'])}`);
  const horizon = info['horizon'];
  if (!Number.isInteger(horizon) || (horizon as number) < 1) fail('info.horizon must be a positive integer');
  const levels = info['levels'];
  if (!Array.isArray(levels) || !levels.every((l) => typeof l === 'number')) fail('info.levels must be numbers');
  const frequency = info['frequency'];
  if (!isObject(frequency) || (frequency['unit'] !== 'month' && frequency['unit'] !== 'ms') || !(Number(frequency['step']) > 0)) fail('info.frequency is invalid');
  const series = a['series'];
  if (!isObject(series)) return fail('series must be an object');
  for (const [key, s] of Object.entries(series)) {
    const ok =
      isObject(s) &&
      typeof s['lastObserved'] === 'number' &&
      Array.isArray(s['mean']) &&
      s['mean'].length === horizon &&
      Array.isArray(s['intervals']) &&
      s['intervals'].length === (levels as number[]).length;
    if (!ok) fail(`series ${JSON.stringify(key)} does not hold ${String(horizon)} steps with every level`);
  }
  return a as unknown as ForecastArtifact;
}

export interface ForecastStep {
  readonly step: number;
  /** Epoch ms of the step. */
  readonly timestamp: number;
  readonly value: number;
  /** At each stored level, in the order of `info.levels`. */
  readonly intervals: ReadonlyArray<{ readonly level: number; readonly lower: number; readonly upper: number }>;
}

/** Serves a forecast artifact: a row names its series (by `seriesColumn`; any row when there is one series). */
export class ForecastModel {
  readonly info: ForecastModelInfo;

  constructor(private readonly artifact: ForecastArtifact) {
    this.info = Object.freeze({ ...artifact.info });
  }

  static fromBytes(bytes: Uint8Array): ForecastModel {
    return new ForecastModel(decodeForecastArtifact(bytes));
  }

  /** The series a row asks for, or undefined when the row names none. */
  seriesKey(row: unknown): string | undefined {
    return this.info.seriesColumn === null ? SINGLE_SERIES_KEY : categoryKey(cell(row, this.info.seriesColumn));
  }

  /** Names of the series the model can forecast. */
  get seriesKeys(): string[] {
    return Object.keys(this.artifact.series);
  }

  /** Steps 1..`steps` (default and at most the trained horizon) of the row's series; null for a series the model never saw. */
  forecast(row: unknown, steps = this.info.horizon): ForecastStep[] | null {
    const key = this.seriesKey(row);
    const s = key === undefined ? undefined : Object.hasOwn(this.artifact.series, key) ? this.artifact.series[key] : undefined;
    if (!s) return null;
    const n = Math.max(1, Math.min(this.info.horizon, Math.floor(steps)));
    return Array.from({ length: n }, (_, i) => ({
      step: i + 1,
      timestamp: stepTimestamp(this.info.frequency, s.lastObserved, i + 1),
      value: s.mean[i]!,
      intervals: s.intervals.map((iv) => ({ level: iv.level, lower: iv.lower[i]!, upper: iv.upper[i]! })),
    }));
  }

  /** The first step's forecast per row; NaN for a row whose series the model never saw. */
  predict(rows: readonly unknown[]): Float64Array {
    return Float64Array.from(rows, (row) => this.forecast(row, 1)?.[0]?.value ?? Number.NaN);
  }
}
