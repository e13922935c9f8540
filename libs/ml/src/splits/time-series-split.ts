import { MlInputError, MlInputErrorCode } from '../errors/ml-input.error';
import type { Fold } from './fold';

export interface TimeSeriesSplitOptions {
  /** Number of forecast origins (splits). */
  readonly splits: number;
  /** Test rows per split, the forecast horizon (default ⌊n / (splits + 1)⌋, as scikit-learn). */
  readonly horizon?: number;
  /** Rows left out between the end of training and the start of the test window (default 0). */
  readonly gap?: number;
  /** Rows the origin moves forward between splits (default: the horizon, so test windows tile). */
  readonly step?: number;
  /** 'expanding' (default): train from row 0; 'sliding': train on the last `trainSize` rows before the gap. */
  readonly window?: 'expanding' | 'sliding';
  /** Training window length; required for 'sliding'. For 'expanding' the least training rows accepted (default 1). */
  readonly trainSize?: number;
}

/**
 * Rolling-origin evaluation for time-ordered rows 0 … n−1 (Tashman 2000, "Out-of-sample tests
 * of forecasting accuracy"): split s tests on `horizon` consecutive rows ending
 * (splits − 1 − s)·step rows before the end of the series, and trains only on rows that come
 * before it, minus a `gap` that keeps leakage through autocorrelated targets or lagged features
 * out of the test window. Test windows are anchored at the end of the series, so the last split
 * tests on the most recent rows. With the defaults this is scikit-learn's TimeSeriesSplit
 * (n_splits, test_size, gap, max_train_size for 'sliding').
 */
export function timeSeriesSplit(n: number, options: TimeSeriesSplitOptions): Fold[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  const bad = (key: string, why: string): never => {
    throw new MlInputError(MlInputErrorCode.InvalidParameter, `params.${key}`, `params.${key} ${why}`);
  };
  const { splits } = options;
  if (!(Number.isInteger(splits) && splits >= 1)) bad('splits', 'must be an integer ≥ 1');
  const horizon = options.horizon ?? Math.floor(n / (splits + 1));
  const gap = options.gap ?? 0;
  const step = options.step ?? horizon;
  const window = options.window ?? 'expanding';
  if (!(Number.isInteger(horizon) && horizon >= 1)) bad('horizon', `must be an integer ≥ 1 (n = ${n} is too short for ${splits} splits)`);
  if (!(Number.isInteger(gap) && gap >= 0)) bad('gap', 'must be an integer ≥ 0');
  if (!(Number.isInteger(step) && step >= 1)) bad('step', 'must be an integer ≥ 1');
  if (window !== 'expanding' && window !== 'sliding') bad('window', "must be 'expanding' or 'sliding'");
  if (window === 'sliding' && options.trainSize === undefined) bad('trainSize', "is required for window 'sliding'");
  const trainSize = options.trainSize ?? 1;
  if (!(Number.isInteger(trainSize) && trainSize >= 1)) bad('trainSize', 'must be an integer ≥ 1');

  const firstTrainEnd = n - horizon - (splits - 1) * step - gap;
  if (firstTrainEnd < trainSize)
    bad('splits', `leave ${Math.max(firstTrainEnd, 0)} training rows before the first test window, fewer than the ${trainSize} required`);

  return Array.from({ length: splits }, (_, s) => {
    const testStart = n - horizon - (splits - 1 - s) * step;
    const trainEnd = testStart - gap;
    const trainStart = window === 'sliding' ? trainEnd - trainSize : 0;
    return { train: range(trainStart, trainEnd), test: range(testStart, testStart + horizon) };
  });
}

function range(from: number, to: number): Uint32Array {
  const out = new Uint32Array(to - from);
  for (let i = 0; i < out.length; i++) out[i] = from + i;
  return out;
}
