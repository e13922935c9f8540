/**
 * Fitting ETS models by maximum likelihood and choosing among them (Hyndman, Koehler, Ord &
 * Snyder 2008, §5.2 and §7.1; Hyndman, Koehler, Snyder & Grose, IJF 2002; FPP3 §8.6).
 *
 * Estimation. The smoothing parameters minimise n log Σε² + 2 Σ log|μ_t|·[error M] (−2 log L up to
 * a constant, σ² concentrated out; for additive errors the same as minimising the sum of squared
 * one-step errors) inside the usual region (ets-admissibility.ts), with the admissibility
 * condition as a constraint (the objective is +∞ outside). The optimiser is Nelder–Mead
 * (nelder-mead.ts) on logistic coordinates that map ℝ onto the usual region — α from u₁,
 * β = αβ*(u₂), γ from u₃ into [10⁻⁴, 1 − α], φ from u₄ into [0.8, 0.98] — clamped to |u| ≤ 10 so
 * that an optimum on a bound is reached at a finite point. The start is forecast::ets's
 * (α = 0.2/m of its range, β* = 0.1, γ* = 0.05, φ* = 0.99). It stops when the simplex values agree
 * to 10⁻⁷·(1 + |f|) and its vertices to 10⁻² in u, then restarts once from the best point. On
 * 200 synthetic monthly series these settings chose the same model as runs with tolerances
 * 10⁻¹⁰/10⁻⁵ and three restarts (1.75× the evaluations), and no candidate's AICc was worse by
 * more than 0.24.
 *
 * Initial states. `initialStates: 'heuristic'` (default) keeps the states of the classical
 * heuristic (ets-initial-states.ts) fixed and optimises only α, β, γ, φ: at most four
 * dimensions, which is what makes 1,000 series in a few seconds possible. `'optimized'` adds ℓ₀,
 * b₀ and m − 1 seasonal states (the last one set so that they sum to 0, or to m) to the
 * simplex, starting from the heuristic, as forecast::ets does — better likelihoods on short
 * series, several times slower. Either way the initial states count as estimated parameters in
 * the information criteria, so the criteria are comparable between the two modes.
 *
 * Selection. With `model: 'auto'` every admissible model is fitted and the smallest AICc wins
 * (AIC and BIC on request): k = parameters + free initial states + 1 (σ²),
 *   AIC = −2 log L + 2k,   AICc = AIC + 2k(k + 1)/(n − k − 1),   BIC = −2 log L + k log n.
 * Multiplicative error or season is only considered when every observation is positive,
 * seasonal models only when period > 1 and n ≥ 2·period, and ETS(A,·,M) only with
 * `allowUnstable` (see ets-spec.ts). Models with n ≤ k + 1 have AICc = ∞ and cannot win.
 */
import { MlInputError, MlInputErrorCode } from '../errors';
import { ETS_BOUNDS, isEtsAdmissible, type EtsSmoothing } from './ets-admissibility';
import { heuristicInitialState } from './ets-initial-states';
import { etsObjective } from './ets-objective';
import { EtsModel, type EtsCandidate } from './ets-model';
import {
  etsKernel,
  logLikelihoodFromObjective,
  seasonCode,
  seasonalFromRing,
  trendCode,
  type EtsState,
  type EtsTrace,
} from './ets-recursions';
import { etsCandidates, etsName, parseEtsSpec, type EtsSpec } from './ets-spec';
import { checkPeriod, toSeries } from './forecast-input';
import { nelderMead } from './nelder-mead';

export type EtsInitialStates = 'heuristic' | 'optimized';
export type EtsCriterion = 'aicc' | 'aic' | 'bic';

export interface EtsFitOptions {
  /** Seasonal period m (12 for monthly data with a yearly cycle). Default 1: no season. */
  readonly period?: number;
  /** 'auto' (default) selects by the criterion; otherwise a code such as 'MAdM' or a spec. */
  readonly model?: string | EtsSpec;
  readonly initialStates?: EtsInitialStates;
  /** Selection criterion for 'auto'. Default 'aicc'. */
  readonly criterion?: EtsCriterion;
  /** Consider damped trends in 'auto'. Default true. */
  readonly allowDamped?: boolean;
  /** Consider multiplicative error/season in 'auto' (positive data only). Default true. */
  readonly allowMultiplicative?: boolean;
  /** Consider ETS(A,·,M) in 'auto'. Default false. */
  readonly allowUnstable?: boolean;
  /** Objective evaluations per model and Nelder–Mead run. Default 100 per dimension + 100. */
  readonly maxEvaluations?: number;
}

/** Shortest series ETS will fit: ETS(A,N,N) has k = 3, and AICc needs n > k + 1. */
export const ETS_MIN_LENGTH = 5;

/** Fits one ETS model — or selects one automatically — to a series. */
export function fitEts(series: ArrayLike<number>, options: EtsFitOptions = {}): EtsModel {
  return new EtsFitter(options).fit(toSeries(series, ETS_MIN_LENGTH));
}

interface SpecFit {
  readonly spec: EtsSpec;
  readonly smoothing: EtsSmoothing;
  readonly initial: EtsState;
  readonly objective: number;
  readonly nParameters: number;
}

/**
 * Fits series one after another with the same options, reusing scratch buffers; fitEts and
 * fitEtsMany are thin wrappers around it.
 */
export class EtsFitter {
  private readonly period: number;
  private readonly fixed: EtsSpec | undefined;
  private readonly initialStates: EtsInitialStates;
  private readonly criterion: EtsCriterion;
  private ring = new Float64Array(1);
  private seasonalScratch = new Float64Array(1);

  constructor(private readonly options: EtsFitOptions = {}) {
    this.period = options.period ?? 1;
    checkPeriod(this.period);
    const model = options.model ?? 'auto';
    if (model !== 'auto') this.fixed = parseEtsSpec(typeof model === 'string' ? model : `${model.error}${model.trend}${model.season}`);
    this.initialStates = options.initialStates ?? 'heuristic';
    if (this.initialStates !== 'heuristic' && this.initialStates !== 'optimized')
      throw new MlInputError(MlInputErrorCode.InvalidParameter, 'initialStates', "initialStates must be 'heuristic' or 'optimized'");
    this.criterion = options.criterion ?? 'aicc';
    if (!['aicc', 'aic', 'bic'].includes(this.criterion))
      throw new MlInputError(MlInputErrorCode.InvalidParameter, 'criterion', "criterion must be 'aicc', 'aic' or 'bic'");
    if (options.maxEvaluations !== undefined && !(Number.isInteger(options.maxEvaluations) && options.maxEvaluations > 0))
      throw new MlInputError(MlInputErrorCode.InvalidParameter, 'maxEvaluations', 'maxEvaluations must be a positive integer');
    if (this.fixed && this.fixed.season !== 'N' && this.period < 2)
      throw new MlInputError(MlInputErrorCode.InvalidParameter, 'period', 'a seasonal model needs period ≥ 2');
  }

  /** Fits a validated series (finite values, length ≥ ETS_MIN_LENGTH). */
  fit(y: Float64Array, field = 'series'): EtsModel {
    const n = y.length;
    const m = this.period;
    const positive = y.every((v) => v > 0);
    const seasonalAllowed = m > 1 && n >= 2 * m;
    if (this.ring.length < m) {
      this.ring = new Float64Array(m);
      this.seasonalScratch = new Float64Array(m);
    }

    const specs = this.fixed ? [this.fixed] : etsCandidates({
      positive: positive && this.options.allowMultiplicative !== false,
      seasonal: seasonalAllowed,
      allowDamped: this.options.allowDamped,
      allowUnstable: this.options.allowUnstable,
    });
    if (this.fixed) {
      if ((this.fixed.error === 'M' || this.fixed.season === 'M') && !positive)
        throw new MlInputError(MlInputErrorCode.InvalidParameter, field, `${etsName(this.fixed)} needs strictly positive data`);
      if (this.fixed.season !== 'N' && !seasonalAllowed)
        throw new MlInputError(MlInputErrorCode.TooFewRows, field, `${etsName(this.fixed)} needs at least two seasons (${2 * m} values)`);
    }

    const initialCache = new Map<string, EtsState>();
    const candidates: { fit: SpecFit; scores: EtsCandidate }[] = [];
    for (const spec of specs) {
      const key = `${spec.trend === 'N' ? 'N' : 'A'}${spec.season}`;
      let initial = initialCache.get(key);
      if (!initial) {
        initial = heuristicInitialState(y, spec.trend, spec.season, m);
        initialCache.set(key, initial);
      }
      const fit = this.fitSpec(y, spec, initial);
      const scores = informationCriteria(spec, fit.objective, fit.nParameters, n);
      if (this.fixed && !Number.isFinite(fit.objective))
        throw new MlInputError(
          MlInputErrorCode.TrainingDiverged,
          field,
          `${etsName(spec)} leaves its domain (a multiplicative state reaches 0) for every parameter value tried`,
        );
      if (this.fixed || Number.isFinite(scores[this.criterion])) candidates.push({ fit, scores });
    }
    if (candidates.length === 0)
      throw new MlInputError(MlInputErrorCode.TooFewRows, field, `${field} is too short for any ETS model`);
    candidates.sort((a, b) => a.scores[this.criterion] - b.scores[this.criterion]);
    return this.buildModel(y, candidates[0].fit, candidates.map((c) => c.scores));
  }

  private fitSpec(y: Float64Array, spec: EtsSpec, heuristic: EtsState): SpecFit {
    const m = spec.season === 'N' ? 1 : this.period;
    const hasTrend = spec.trend !== 'N';
    const hasSeason = spec.season !== 'N';
    const damped = spec.trend === 'Ad';
    const errorM = spec.error === 'M';
    const trend = trendCode(spec);
    const season = seasonCode(spec);
    const optimizeStates = this.initialStates === 'optimized';

    // Layout of the search vector.
    const iBeta = hasTrend ? 1 : -1;
    const iGamma = hasSeason ? 1 + (hasTrend ? 1 : 0) : -1;
    const iPhi = damped ? 1 + (hasTrend ? 1 : 0) + (hasSeason ? 1 : 0) : -1;
    const nSmoothing = 1 + (hasTrend ? 1 : 0) + (hasSeason ? 1 : 0) + (damped ? 1 : 0);
    const nStates = 1 + (hasTrend ? 1 : 0) + (hasSeason ? m - 1 : 0);
    const dim = nSmoothing + (optimizeStates ? nStates : 0);

    const [aLo, aHi] = ETS_BOUNDS.alpha;
    const [bLo, bHi] = ETS_BOUNDS.betaStar;
    const [pLo, pHi] = ETS_BOUNDS.phi;
    const gLo = ETS_BOUNDS.gammaLower;
    const levelScale = stateScale(y, m);
    const trendScale = levelScale / Math.max(10, 2 * m);
    const seasonScale = spec.season === 'M' ? 0.05 : levelScale;

    const start = new Float64Array(dim);
    start[0] = logit(0.2 / m);
    if (hasTrend) start[iBeta] = logit(0.1);
    if (hasSeason) start[iGamma] = logit(0.05);
    if (damped) start[iPhi] = logit(0.99);

    const ring = this.ring;
    const seasonal = this.seasonalScratch;
    const decoded = { alpha: 0, beta: 0, gamma: 0, phi: 1, level: 0, trend: 0 };
    const decode = (x: Float64Array): boolean => {
      const alpha = aLo + (aHi - aLo) * logistic(x[0]);
      decoded.alpha = alpha;
      decoded.beta = hasTrend ? alpha * (bLo + (bHi - bLo) * logistic(x[iBeta])) : 0;
      decoded.gamma = hasSeason ? gLo + (1 - alpha - gLo) * logistic(x[iGamma]) : 0;
      decoded.phi = damped ? pLo + (pHi - pLo) * logistic(x[iPhi]) : 1;
      decoded.level = heuristic.level;
      decoded.trend = heuristic.trend;
      if (hasSeason) for (let i = 0; i < m; i++) seasonal[i] = heuristic.seasonal[i];
      if (!optimizeStates) return true;
      let k = nSmoothing;
      decoded.level += levelScale * x[k++];
      if (hasTrend) decoded.trend += trendScale * x[k++];
      if (hasSeason) {
        let sum = 0;
        for (let i = 0; i < m - 1; i++) {
          seasonal[i] += seasonScale * x[k++];
          sum += seasonal[i];
        }
        seasonal[m - 1] = spec.season === 'M' ? m - sum : -sum;
        if (spec.season === 'M') for (let i = 0; i < m; i++) if (!(seasonal[i] > 0)) return false;
      }
      return true;
    };
    const objective = (x: Float64Array): number => {
      if (!decode(x)) return Infinity;
      if (!isEtsAdmissible(spec, decoded, m)) return Infinity;
      const { alpha, beta, gamma, phi, level, trend: trend0 } = decoded;
      return etsObjective(y, errorM, trend, season, alpha, beta, gamma, phi, level, trend0, seasonal, m, ring);
    };

    // forecast::ets's start can leave a multiplicative model's domain (a state reaching 0);
    // then a larger α, which tracks the data more closely, usually does not.
    for (const alphaStar of [0.5, 0.9]) {
      if (Number.isFinite(objective(start))) break;
      start[0] = logit(alphaStar);
    }
    // The logistic maps put the bounds at ±∞; ±10 is within 5·10⁻⁵ of them and keeps a simplex
    // chasing an optimum on the boundary from running off.
    const lower = new Float64Array(dim).fill(-Infinity);
    const upper = new Float64Array(dim).fill(Infinity);
    lower.fill(-10, 0, nSmoothing);
    upper.fill(10, 0, nSmoothing);
    const result = nelderMead(objective, start, {
      lower,
      upper,
      maxEvaluations: this.options.maxEvaluations ?? 100 * dim + 100,
      fTolerance: 1e-7,
      xTolerance: 1e-2,
      restarts: 1,
    });
    decode(result.x);
    return {
      spec,
      smoothing: { alpha: decoded.alpha, beta: decoded.beta, gamma: decoded.gamma, phi: decoded.phi },
      initial: { level: decoded.level, trend: decoded.trend, seasonal: hasSeason ? seasonal.slice(0, m) : new Float64Array(0) },
      objective: result.value,
      nParameters: nSmoothing + nStates,
    };
  }

  private buildModel(y: Float64Array, fit: SpecFit, candidates: EtsCandidate[]): EtsModel {
    const n = y.length;
    const spec = fit.spec;
    const m = spec.season === 'N' ? 1 : this.period;
    const trace: EtsTrace = {
      fitted: new Float64Array(n),
      residuals: new Float64Array(n),
      innovations: new Float64Array(n),
      level: 0,
      trend: 0,
      sumSquares: 0,
      valid: true,
    };
    const { alpha, beta, gamma, phi } = fit.smoothing;
    const { level, trend, seasonal } = fit.initial;
    const codes = [spec.error === 'M', trendCode(spec), seasonCode(spec)] as const;
    const objective = etsKernel(y, ...codes, alpha, beta, gamma, phi, level, trend, seasonal, m, this.ring, trace);
    const scores = informationCriteria(spec, objective, fit.nParameters, n);
    const dof = n > fit.nParameters ? n - fit.nParameters : n;
    return new EtsModel({
      spec,
      period: this.period,
      smoothing: fit.smoothing,
      initialState: fit.initial,
      finalState: {
        level: trace.level,
        trend: trace.trend,
        seasonal: spec.season === 'N' ? new Float64Array(0) : seasonalFromRing(this.ring, n, m),
      },
      n,
      nParameters: fit.nParameters,
      sigma2: trace.sumSquares / dof,
      logLikelihood: scores.logLikelihood,
      aic: scores.aic,
      aicc: scores.aicc,
      bic: scores.bic,
      fitted: trace.fitted,
      residuals: trace.residuals,
      innovations: trace.innovations,
      candidates,
    });
  }
}

function informationCriteria(spec: EtsSpec, objective: number, nParameters: number, n: number): EtsCandidate {
  const logLikelihood = Number.isFinite(objective) ? logLikelihoodFromObjective(objective, n) : -Infinity;
  const k = nParameters + 1;
  const aic = -2 * logLikelihood + 2 * k;
  const aicc = n - k - 1 > 0 ? aic + (2 * k * (k + 1)) / (n - k - 1) : Infinity;
  const bic = -2 * logLikelihood + k * Math.log(n);
  return { spec, name: etsName(spec), logLikelihood, aic, aicc, bic };
}

function logistic(u: number): number {
  return 1 / (1 + Math.exp(-u));
}

function logit(p: number): number {
  return Math.log(p / (1 - p));
}

/** Typical size of a state move: the standard deviation of the first max(10, 2m) values. */
function stateScale(y: Float64Array, m: number): number {
  const count = Math.min(y.length, Math.max(10, 2 * m));
  let mean = 0;
  for (let t = 0; t < count; t++) mean += y[t];
  mean /= count;
  let ss = 0;
  for (let t = 0; t < count; t++) ss += (y[t] - mean) ** 2;
  const sd = Math.sqrt(ss / count);
  return sd > 0 ? sd : Math.abs(mean) > 0 ? 0.1 * Math.abs(mean) : 1;
}
