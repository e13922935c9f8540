import { fitEts, type EtsFitOptions } from './ets-fit';
import type { EtsForecast, EtsForecastOptions, EtsModel } from './ets-model';
import { checkFitted } from './forecast-input';
import type { Forecaster } from './forecast-types';

/** ETS behind the same fit/forecast interface as the benchmark forecasters, for side-by-side comparisons. */
export class EtsForecaster implements Forecaster {
  private fittedModel?: EtsModel;

  constructor(private readonly options: EtsFitOptions = {}) {}

  fit(series: ArrayLike<number>): this {
    this.fittedModel = fitEts(series, this.options);
    return this;
  }

  /** The selected model, with its parameters and criteria. */
  get model(): EtsModel {
    return checkFitted(this.fittedModel, 'EtsForecaster');
  }

  forecast(h: number, options?: EtsForecastOptions): EtsForecast {
    return this.model.forecast(h, options);
  }
}
