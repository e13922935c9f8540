/**
 * The feature row of one (series, forecast origin, step) for a global forecasting model, as in
 * mlforecast and the LightGBM solutions of the M5 competition (Makridakis, Spiliotis &
 * Assimakopoulos, "M5 accuracy competition: results, findings and conclusions", IJF 38(4), 2022):
 * lags, same-season lags, rolling statistics over the most recent window, calendar features of
 * the target time and an optional static value per series.
 *
 * A row is written from `history`, the values strictly before the origin (a subarray that
 * ends there, so no later value can be read), for the target at index τ = origin + step − 1:
 *
 *   lag k              history[origin − k]                                     k ∈ lags
 *   seasonal lag j     history[τ − m·(⌈step/m⌉ + j − 1)]                       j = 1…seasonalLags
 *   rolling mean w     (1/w) Σ_{i=1..w} history[origin − i]                    w ∈ windows
 *   rolling std w      sample standard deviation (divisor w − 1) of the same   w ∈ windows, w ≥ 2
 *   calendar           parts of the target time (calendar-features.ts), or τ mod m without timestamps
 *   static             one value per series (its encoding), when asked for
 *
 * Lags are counted from the origin, so for step 1 (and every recursive step) lag k is y_{τ−k};
 * for a direct model of step h it is y_{τ−h−k+1}, the value k back from the last one known. The
 * seasonal lag is the latest value of the same season that is known at the origin. Values
 * before the start of the series are NaN, which the GBDT treats as missing.
 */
import { MlInputError, MlInputErrorCode } from '../../errors';
import { calendarFeatureNames, writeCalendarFeatures, type CalendarFrequency } from './calendar-features';

export interface LagFeatureSpec {
  readonly lags: readonly number[];
  /** Season length m; 1 for none. */
  readonly seasonLength: number;
  readonly seasonalLags: number;
  readonly windows: readonly number[];
  /** Calendar parts from timestamps, or null for the season position τ mod m. */
  readonly calendar: CalendarFrequency | null;
  /** Whether the row ends with the series' static value. */
  readonly staticFeature: boolean;
}

export function lagFeatureNames(spec: LagFeatureSpec): string[] {
  const names = [
    ...spec.lags.map((k) => `lag${k}`),
    ...Array.from({ length: spec.seasonalLags }, (_, j) => `seasonalLag${j + 1}`),
    ...spec.windows.map((w) => `rollingMean${w}`),
    ...spec.windows.filter((w) => w >= 2).map((w) => `rollingStd${w}`),
  ];
  if (spec.calendar) names.push(...calendarFeatureNames(spec.calendar));
  else if (spec.seasonLength > 1) names.push('seasonPosition');
  if (spec.staticFeature) names.push('series');
  return names;
}

/** Fewest values before an origin for every lag and window to be defined. */
export function minimumHistory(spec: LagFeatureSpec): number {
  return Math.max(1, ...spec.lags, ...spec.windows);
}

export function checkLagFeatureSpec(spec: LagFeatureSpec): void {
  const bad = (field: string, why: string): never => {
    throw new MlInputError(MlInputErrorCode.InvalidParameter, field, `${field} ${why}`);
  };
  const positiveInts = (a: readonly number[]) => Array.isArray(a) && a.every((v) => Number.isInteger(v) && v >= 1 && v <= 10_000);
  if (!Number.isInteger(spec.seasonLength) || spec.seasonLength < 1) bad('seasonLength', 'must be a positive integer');
  if (!positiveInts(spec.lags) || new Set(spec.lags).size !== spec.lags.length) bad('lags', 'must be distinct integers from 1 to 10000');
  if (!positiveInts(spec.windows) || new Set(spec.windows).size !== spec.windows.length) bad('windows', 'must be distinct integers from 1 to 10000');
  if (!Number.isInteger(spec.seasonalLags) || spec.seasonalLags < 0 || spec.seasonalLags > 100) bad('seasonalLags', 'must be an integer from 0 to 100');
  if (spec.seasonalLags > 0 && spec.seasonLength < 2) bad('seasonalLags', 'needs a seasonLength of at least 2');
  if (spec.lags.length + spec.windows.length + spec.seasonalLags === 0) bad('lags', 'at least one lag, seasonal lag or window is needed');
}

/**
 * Writes the feature row for the target `step` values after the end of `history` into
 * out[offset…]. `targetTime` is the epoch-ms time of the target (calendar features only).
 */
export function writeLagFeatures(
  history: Float64Array,
  step: number,
  spec: LagFeatureSpec,
  targetTime: number,
  staticValue: number,
  out: Float32Array,
  offset: number,
): number {
  const origin = history.length;
  const target = origin + step - 1;
  let c = offset;
  for (const k of spec.lags) out[c++] = origin - k >= 0 ? history[origin - k] : NaN;
  const m = spec.seasonLength;
  const seasonsBack = Math.ceil(step / m);
  for (let j = 1; j <= spec.seasonalLags; j++) {
    const i = target - m * (seasonsBack + j - 1);
    out[c++] = i >= 0 ? history[i] : NaN;
  }
  for (const w of spec.windows) out[c++] = origin >= w ? windowMean(history, origin, w) : NaN;
  for (const w of spec.windows) {
    if (w < 2) continue;
    if (origin < w) {
      out[c++] = NaN;
      continue;
    }
    const mean = windowMean(history, origin, w);
    let ss = 0;
    for (let i = origin - w; i < origin; i++) ss += (history[i] - mean) ** 2;
    out[c++] = Math.sqrt(ss / (w - 1));
  }
  if (spec.calendar) {
    writeCalendarFeatures(targetTime, spec.calendar, out, c);
    c += calendarFeatureNames(spec.calendar).length;
  } else if (m > 1) out[c++] = target % m;
  if (spec.staticFeature) out[c++] = staticValue;
  return c - offset;
}

function windowMean(history: Float64Array, origin: number, w: number): number {
  let s = 0;
  for (let i = origin - w; i < origin; i++) s += history[i];
  return s / w;
}
