/**
 * The four benchmark forecasters of Hyndman & Athanasopoulos, "Forecasting: Principles and
 * Practice", 3rd ed. (FPP3), §5.2, with the normal prediction intervals of §5.5 (Table 5.2).
 * Every other method should be compared with these. T is the series length, σ̂ the standard
 * deviation of the one-step residuals (sum of squares over residual count minus estimated
 * parameters), z the normal quantile of the level.
 *
 *   mean            ŷ_{T+h} = ȳ                               σ̂_h = σ̂ √(1 + 1/T)
 *   naive           ŷ_{T+h} = y_T                             σ̂_h = σ̂ √h
 *   seasonal naive  ŷ_{T+h} = y_{T+h−m(k+1)}, k = ⌊(h−1)/m⌋   σ̂_h = σ̂ √(k + 1)
 *   drift           ŷ_{T+h} = y_T + h (y_T − y_1)/(T − 1)     σ̂_h = σ̂ √(h (1 + h/(T − 1)))
 *
 * The drift variance follows from the slope being the mean of T − 1 differences, each of
 * variance σ²: Var(Σ_{i≤h} d_{T+i} − h d̄) = hσ² + h²σ²/(T − 1).
 */
import { checkFitted, checkHorizon, checkLevels, checkPeriod, toSeries } from './forecast-input';
import { DEFAULT_LEVELS, type Forecast, type ForecastOptions, type Forecaster, type PredictionInterval } from './forecast-types';
import { centralZ } from './normal-quantile';

interface Fit {
  readonly y: Float64Array;
  readonly sigma: number;
}

abstract class BaselineForecaster implements Forecaster {
  private state?: Fit;

  /** Smallest series length for which the residual standard deviation exists. */
  protected abstract minLength(): number;
  /** Residual sum of squares and its degrees of freedom. */
  protected abstract residualSumOfSquares(y: Float64Array): { ss: number; df: number };
  protected abstract point(y: Float64Array, h: number): number;
  protected abstract spread(y: Float64Array, h: number): number;

  fit(series: ArrayLike<number>): this {
    const y = toSeries(series, this.minLength());
    const { ss, df } = this.residualSumOfSquares(y);
    this.state = { y, sigma: Math.sqrt(ss / df) };
    return this;
  }

  /** Residual standard deviation σ̂ of the fitted series. */
  get sigma(): number {
    return checkFitted(this.state, this.constructor.name).sigma;
  }

  forecast(h: number, options: ForecastOptions = {}): Forecast {
    const { y, sigma } = checkFitted(this.state, this.constructor.name);
    checkHorizon(h);
    const levels = options.levels ?? DEFAULT_LEVELS;
    checkLevels(levels);
    const mean = new Float64Array(h);
    const sd = new Float64Array(h);
    for (let i = 0; i < h; i++) {
      mean[i] = this.point(y, i + 1);
      sd[i] = sigma * this.spread(y, i + 1);
    }
    const intervals: PredictionInterval[] = levels.map((level) => {
      const z = centralZ(level);
      return { level, lower: mean.map((m, i) => m - z * sd[i]), upper: mean.map((m, i) => m + z * sd[i]) };
    });
    return { mean, intervals };
  }
}

/** ŷ = ȳ for every horizon. */
export class MeanForecaster extends BaselineForecaster {
  protected minLength(): number {
    return 2;
  }
  protected residualSumOfSquares(y: Float64Array) {
    const m = average(y);
    let ss = 0;
    for (const v of y) ss += (v - m) ** 2;
    return { ss, df: y.length - 1 };
  }
  protected point(y: Float64Array): number {
    return average(y);
  }
  protected spread(y: Float64Array): number {
    return Math.sqrt(1 + 1 / y.length);
  }
}

/** ŷ = y_T: the random-walk forecast. */
export class NaiveForecaster extends BaselineForecaster {
  protected minLength(): number {
    return 2;
  }
  protected residualSumOfSquares(y: Float64Array) {
    return { ss: laggedSquares(y, 1, 0), df: y.length - 1 };
  }
  protected point(y: Float64Array): number {
    return y[y.length - 1];
  }
  protected spread(_y: Float64Array, h: number): number {
    return Math.sqrt(h);
  }
}

/** ŷ = the value one season earlier, i.e. the last observed season repeated. */
export class SeasonalNaiveForecaster extends BaselineForecaster {
  constructor(readonly period: number) {
    super();
    checkPeriod(period);
  }
  protected minLength(): number {
    return this.period + 1;
  }
  protected residualSumOfSquares(y: Float64Array) {
    return { ss: laggedSquares(y, this.period, 0), df: y.length - this.period };
  }
  protected point(y: Float64Array, h: number): number {
    const m = this.period;
    const k = Math.floor((h - 1) / m);
    return y[y.length + h - m * (k + 1) - 1];
  }
  protected spread(_y: Float64Array, h: number): number {
    return Math.sqrt(Math.floor((h - 1) / this.period) + 1);
  }
}

/** ŷ = y_T + h·(y_T − y_1)/(T − 1): the line through the first and last observations. */
export class DriftForecaster extends BaselineForecaster {
  protected minLength(): number {
    return 3;
  }
  protected residualSumOfSquares(y: Float64Array) {
    return { ss: laggedSquares(y, 1, slope(y)), df: y.length - 2 };
  }
  protected point(y: Float64Array, h: number): number {
    return y[y.length - 1] + h * slope(y);
  }
  protected spread(y: Float64Array, h: number): number {
    return Math.sqrt(h * (1 + h / (y.length - 1)));
  }
}

function average(y: Float64Array): number {
  let s = 0;
  for (const v of y) s += v;
  return s / y.length;
}

function slope(y: Float64Array): number {
  return (y[y.length - 1] - y[0]) / (y.length - 1);
}

/** Σ_{t ≥ lag} (y_t − y_{t−lag} − shift)². */
function laggedSquares(y: Float64Array, lag: number, shift: number): number {
  let ss = 0;
  for (let t = lag; t < y.length; t++) ss += (y[t] - y[t - lag] - shift) ** 2;
  return ss;
}
