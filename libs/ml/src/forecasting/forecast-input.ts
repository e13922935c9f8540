import { MlInputError, MlInputErrorCode } from '../errors';

/**
 * Input checks shared by the forecasters. Bad user input becomes an MlInputError naming the
 * field, so a service can map it to a 400 rather than a 500.
 */

/** Copies `series` into a Float64Array after checking it has ≥ `minLength` finite values. */
export function toSeries(series: ArrayLike<number>, minLength: number, field = 'series'): Float64Array {
  if (series == null || typeof series.length !== 'number')
    throw new MlInputError(MlInputErrorCode.InvalidParameter, field, `${field} must be an array of numbers`);
  if (series.length < minLength)
    throw new MlInputError(
      MlInputErrorCode.TooFewRows,
      field,
      `${field} has ${series.length} values; this model needs at least ${minLength}`,
    );
  const out = new Float64Array(series.length);
  for (let i = 0; i < series.length; i++) {
    const v = series[i];
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new MlInputError(MlInputErrorCode.InvalidParameter, field, `${field}[${i}] is not a finite number`);
    out[i] = v;
  }
  return out;
}

export function checkHorizon(h: number): void {
  if (!Number.isInteger(h) || h < 1)
    throw new MlInputError(MlInputErrorCode.InvalidParameter, 'h', 'the forecast horizon h must be a positive integer');
}

export function checkPeriod(period: number, field = 'period'): void {
  if (!Number.isInteger(period) || period < 1)
    throw new MlInputError(MlInputErrorCode.InvalidParameter, field, `${field} must be a positive integer`);
}

export function checkLevels(levels: readonly number[]): void {
  if (!Array.isArray(levels))
    throw new MlInputError(MlInputErrorCode.InvalidParameter, 'levels', 'levels must be an array of percentages');
  for (const level of levels)
    if (typeof level !== 'number' || !(level > 0 && level < 100))
      throw new MlInputError(MlInputErrorCode.InvalidParameter, 'levels', 'each level must be a percentage in (0, 100)');
}

export function checkFitted<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what}: call fit(series) before forecast(h)`);
  return value;
}
