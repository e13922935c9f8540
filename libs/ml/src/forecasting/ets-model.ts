/**
 * A fitted ETS model: its parameters, states, information criteria and in-sample trace, and
 * forecasts with prediction intervals (see ets-forecast.ts for the formulas).
 */
import type { EtsSmoothing } from './ets-admissibility';
import {
  analyticIntervals,
  etsForecastVariance,
  etsPointForecast,
  hasAnalyticVariance,
  simulateEtsPaths,
  simulatedIntervals,
} from './ets-forecast';
import type { EtsState } from './ets-recursions';
import { etsName, type EtsSpec } from './ets-spec';
import { checkHorizon, checkLevels } from './forecast-input';
import { DEFAULT_LEVELS, type Forecast, type ForecastOptions } from './forecast-types';
import { MlInputError, MlInputErrorCode } from '../errors';

/** One model compared during automatic selection. */
export interface EtsCandidate {
  readonly spec: EtsSpec;
  readonly name: string;
  readonly logLikelihood: number;
  readonly aic: number;
  readonly aicc: number;
  readonly bic: number;
}

export interface EtsForecastOptions extends ForecastOptions {
  /** Sample paths for simulated intervals. Default 5000. */
  readonly simulations?: number;
  /** Seed of the simulation, so the same call gives the same intervals. Default 42. */
  readonly seed?: number;
  /** "auto": analytic where the model has a closed form, simulation otherwise. */
  readonly intervals?: 'auto' | 'simulation';
}

export interface EtsForecast extends Forecast {
  readonly intervalMethod: 'analytic' | 'simulation';
}

export interface EtsModelFields {
  readonly spec: EtsSpec;
  readonly period: number;
  readonly smoothing: EtsSmoothing;
  readonly initialState: EtsState;
  readonly finalState: EtsState;
  /** Number of observations. */
  readonly n: number;
  /** Smoothing parameters plus free initial states (m − 1 seasonal ones); σ² is not counted. */
  readonly nParameters: number;
  /** Innovation variance Σε² / (n − nParameters), as forecast::ets reports it. */
  readonly sigma2: number;
  readonly logLikelihood: number;
  readonly aic: number;
  readonly aicc: number;
  readonly bic: number;
  readonly fitted: Float64Array;
  readonly residuals: Float64Array;
  readonly innovations: Float64Array;
  /** Every model compared, best first, when the model was selected automatically; else just this one. */
  readonly candidates: readonly EtsCandidate[];
}

export class EtsModel implements EtsModelFields {
  readonly spec: EtsSpec;
  readonly period: number;
  readonly smoothing: EtsSmoothing;
  readonly initialState: EtsState;
  readonly finalState: EtsState;
  readonly n: number;
  readonly nParameters: number;
  readonly sigma2: number;
  readonly logLikelihood: number;
  readonly aic: number;
  readonly aicc: number;
  readonly bic: number;
  readonly fitted: Float64Array;
  readonly residuals: Float64Array;
  readonly innovations: Float64Array;
  readonly candidates: readonly EtsCandidate[];

  constructor(fields: EtsModelFields) {
    this.spec = fields.spec;
    this.period = fields.period;
    this.smoothing = fields.smoothing;
    this.initialState = fields.initialState;
    this.finalState = fields.finalState;
    this.n = fields.n;
    this.nParameters = fields.nParameters;
    this.sigma2 = fields.sigma2;
    this.logLikelihood = fields.logLikelihood;
    this.aic = fields.aic;
    this.aicc = fields.aicc;
    this.bic = fields.bic;
    this.fitted = fields.fitted;
    this.residuals = fields.residuals;
    this.innovations = fields.innovations;
    this.candidates = fields.candidates;
  }

  /** "ETS(M,Ad,M)". */
  get name(): string {
    return etsName(this.spec);
  }

  /** Point forecasts only, without the cost of intervals. */
  pointForecast(h: number): Float64Array {
    checkHorizon(h);
    return etsPointForecast(this.spec, this.smoothing, this.finalState, this.period, h);
  }

  forecast(h: number, options: EtsForecastOptions = {}): EtsForecast {
    checkHorizon(h);
    const levels = options.levels ?? DEFAULT_LEVELS;
    checkLevels(levels);
    const mean = etsPointForecast(this.spec, this.smoothing, this.finalState, this.period, h);
    if (options.intervals !== 'simulation' && hasAnalyticVariance(this.spec)) {
      const variance = etsForecastVariance(this.spec, this.smoothing, this.sigma2, this.period, h);
      return { mean, intervals: analyticIntervals(mean, variance, levels), intervalMethod: 'analytic' };
    }
    const count = options.simulations ?? 5000;
    if (!Number.isInteger(count) || count < 2)
      throw new MlInputError(MlInputErrorCode.InvalidParameter, 'simulations', 'simulations must be an integer ≥ 2');
    const seed = options.seed ?? 42;
    const paths = simulateEtsPaths(this.spec, this.smoothing, this.finalState, this.period, this.sigma2, h, count, seed);
    return { mean, intervals: simulatedIntervals(paths, h, count, levels), intervalMethod: 'simulation' };
  }
}
