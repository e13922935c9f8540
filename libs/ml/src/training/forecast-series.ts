import { MlInputError, MlInputErrorCode } from '../errors/ml-input.error';
import { cell } from '../frame/row';
import { SINGLE_SERIES_KEY } from '../artifact/forecast-artifact';
import { categoryKey, isMissing, parseNumber, parseTimestamp } from '../frame/values';
import { detectFrequency, stepIndex, type Frequency } from '../forecasting/frequency';

/** One regular series: values at start, start + 1 step, …; gaps already filled. */
export interface RegularSeries {
  readonly key: string;
  /** Epoch ms of the first value. */
  readonly start: number;
  readonly values: Float64Array;
  /** Steps with no observation (or a missing target) that were filled by linear interpolation. */
  readonly filled: number;
}

export interface AssembledSeries {
  readonly frequency: Frequency;
  readonly series: RegularSeries[];
  /** Rows without a usable timestamp or target, or without a series key when one is declared. */
  readonly rowsDropped: number;
  /** Rows that fell on a step another row of the series already had: they were added together. */
  readonly rowsAggregated: number;
}


/**
 * Turns rows as users send them — timestamps as strings or dates, one row per observation,
 * several series interleaved, gaps, duplicates — into regular series.
 *
 * The frequency is the median gap between consecutive distinct timestamps over every series:
 * 28–31 days is monthly, 89–92 days quarterly, 365–366 days yearly (calendar steps); anything
 * else is that many milliseconds. Rows on the same step of a series are summed, the usual
 * resampling of demand-like quantities. Steps without a value are filled by linear
 * interpolation between their neighbours and counted.
 */
export function assembleSeries(
  rows: readonly unknown[],
  options: { readonly target: string; readonly timestampColumn: string; readonly seriesColumn?: string },
): AssembledSeries {
  const points = new Map<string, Array<{ t: number; y: number }>>();
  let rowsDropped = 0;
  let timestamps = 0;
  for (const row of rows) {
    const t = parseTimestamp(cell(row, options.timestampColumn));
    const raw = cell(row, options.target);
    const y = isMissing(raw) ? undefined : parseNumber(raw);
    const key = options.seriesColumn === undefined ? SINGLE_SERIES_KEY : categoryKey(cell(row, options.seriesColumn));
    if (t !== undefined) timestamps++;
    if (t === undefined || y === undefined || key === undefined) {
      rowsDropped++;
      continue;
    }
    let list = points.get(key);
    if (!list) points.set(key, (list = []));
    list.push({ t, y });
  }
  if (timestamps === 0) {
    throw new MlInputError(MlInputErrorCode.TargetNotFound, 'timestampColumn', `no row has a readable timestamp in "${options.timestampColumn}" (ISO-8601 dates or date-times)`);
  }
  if (points.size === 0) {
    throw new MlInputError(MlInputErrorCode.TargetNotNumeric, 'target', `no row has both a timestamp and a numeric "${options.target}"`);
  }
  for (const list of points.values()) list.sort((a, b) => a.t - b.t);
  const frequency = detectFrequency([...points.values()]);
  let rowsAggregated = 0;
  const series: RegularSeries[] = [];
  for (const [key, list] of [...points].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const start = list[0]!.t;
    const length = stepIndex(frequency, start, list[list.length - 1]!.t) + 1;
    const values = new Float64Array(length).fill(Number.NaN);
    for (const { t, y } of list) {
      const i = stepIndex(frequency, start, t);
      if (Number.isNaN(values[i]!)) values[i] = y;
      else {
        values[i] = values[i]! + y;
        rowsAggregated++;
      }
    }
    series.push({ key, start, values, filled: interpolateGaps(values) });
  }
  return { frequency, series, rowsDropped, rowsAggregated };
}

/** Fills NaN runs between two values by linear interpolation; the ends are always observed. */
function interpolateGaps(values: Float64Array): number {
  let filled = 0;
  let last = 0;
  for (let i = 1; i < values.length; i++) {
    if (Number.isNaN(values[i]!)) continue;
    const gap = i - last;
    for (let j = last + 1; j < i; j++) {
      values[j] = values[last]! + ((values[i]! - values[last]!) * (j - last)) / gap;
      filled++;
    }
    last = i;
  }
  return filled;
}
