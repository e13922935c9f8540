/**
 * Fits many series independently with the same options — one EtsFitter, whose scratch buffers
 * are reused from series to series. Runs on the calling thread; spread very large batches over
 * worker threads at the call site if needed.
 */
import { MlInputError, MlInputErrorCode } from '../errors';
import { ETS_MIN_LENGTH, EtsFitter, type EtsFitOptions } from './ets-fit';
import type { EtsModel } from './ets-model';
import { toSeries } from './forecast-input';

/**
 * Every series is validated before any is fitted, so a bad one fails the batch at once with its
 * index in the error's field (`series[17]`) instead of after minutes of work.
 */
export function fitEtsMany(series: readonly ArrayLike<number>[], options: EtsFitOptions = {}): EtsModel[] {
  if (!Array.isArray(series))
    throw new MlInputError(MlInputErrorCode.InvalidParameter, 'series', 'series must be an array of series');
  const checked = series.map((s, i) => toSeries(s, ETS_MIN_LENGTH, `series[${i}]`));
  const fitter = new EtsFitter(options);
  return checked.map((y, i) => fitter.fit(y, `series[${i}]`));
}
