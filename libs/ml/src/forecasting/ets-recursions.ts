/**
 * The ETS recursions in innovations state-space form (Hyndman, Koehler, Ord & Snyder 2008,
 * Table 2.3; FPP3 §8.5, Table 8.7). With ℓ, b, s the level, trend and seasonal states at t − 1,
 * φ_b = φb (Ad), b (A) or 0 (N), and s = s_{t−m}:
 *
 *   one-step forecast  μ_t = ℓ + φ_b             (season N)
 *                          = ℓ + φ_b + s         (season A)
 *                          = (ℓ + φ_b) s         (season M)
 *   error              e_t = y_t − μ_t;   innovation ε_t = e_t (error A) or e_t / μ_t (error M)
 *   season N or A      ℓ_t = ℓ + φ_b + α e_t,      b_t = φ_b + β e_t,      s_t = s + γ e_t
 *   season M           ℓ_t = ℓ + φ_b + α e_t / s,  b_t = φ_b + β e_t / s,  s_t = s + γ e_t / (ℓ + φ_b)
 *
 * Written in e_t = y_t − μ_t, the state updates of the additive- and multiplicative-error models
 * coincide (e.g. ETS(M,N,N): ℓ_t = ℓ(1 + αε_t) = ℓ + αe_t), so one recursion serves both; the
 * error type only changes the likelihood (Hyndman et al. 2008, §5.1, eq. 5.3), with σ²
 * concentrated out at Σε²/n:
 *
 *   −2 log L = n log(2π Σε²/n) + n + 2 Σ log|μ_t|·[error M].
 *
 * The component (Holt–Winters) form of FPP3 §8.1–8.3 is the same recursion with β = αβ*.
 */
import type { EtsSmoothing } from './ets-admissibility';
import type { EtsSpec } from './ets-spec';

/** States at one time point. `seasonal` is chronological: s_{t−m+1}, …, s_t (empty without season). */
export interface EtsState {
  readonly level: number;
  /** 0 for models without trend. */
  readonly trend: number;
  readonly seasonal: Float64Array;
}

export interface EtsFilterResult {
  /** One-step forecasts μ_t = ŷ_{t|t−1}. */
  readonly fitted: Float64Array;
  /** Response residuals y_t − μ_t. */
  readonly residuals: Float64Array;
  /** Innovations ε_t: y_t − μ_t (error A) or (y_t − μ_t)/μ_t (error M). */
  readonly innovations: Float64Array;
  /** States after the last observation, from which forecasts start. */
  readonly finalState: EtsState;
  /** Σ ε_t². */
  readonly sumSquares: number;
  /** Gaussian log-likelihood with σ² = Σε²/n; −∞ if a multiplicative model's states left (0, ∞). */
  readonly logLikelihood: number;
}

/** Numeric codes for the hot loop. */
export const TREND_N = 0;
export const TREND_A = 1;
export const TREND_AD = 2;
export const SEASON_N = 0;
export const SEASON_A = 1;
export const SEASON_M = 2;

export function trendCode(spec: EtsSpec): number {
  return spec.trend === 'N' ? TREND_N : spec.trend === 'A' ? TREND_A : TREND_AD;
}

export function seasonCode(spec: EtsSpec): number {
  return spec.season === 'N' ? SEASON_N : spec.season === 'A' ? SEASON_A : SEASON_M;
}

/** Σε² is floored here so that a perfect fit gives a large finite likelihood, not log 0. */
const MIN_SUM_SQUARES = 1e-300;

/** Where the kernel records its trace; arrays of length n. */
export interface EtsTrace {
  readonly fitted: Float64Array;
  readonly residuals: Float64Array;
  readonly innovations: Float64Array;
  level: number;
  trend: number;
  sumSquares: number;
  valid: boolean;
}

/**
 * Runs the recursion over y and returns −2 log L − n(log(2π/n) + 1), i.e.
 * n log Σε² + 2 Σ log μ_t [error M] — the quantity forecast::ets minimises. Returns Infinity as
 * soon as a multiplicative model leaves its domain (μ ≤ 0 with error M; ℓ + φ_b ≤ 0 or s ≤ 0
 * with season M), unless a trace is requested, in which case it runs to the end and flags it.
 * `seasonal0` is chronological (s_{1−m} … s_0); `ring` (length ≥ m) is scratch and holds the
 * seasonal states afterwards, s_τ at index (τ − 1) mod m.
 */
export function etsKernel(
  y: Float64Array,
  errorMultiplicative: boolean,
  trend: number,
  season: number,
  alpha: number,
  beta: number,
  gamma: number,
  phi: number,
  level0: number,
  trend0: number,
  seasonal0: ArrayLike<number>,
  m: number,
  ring: Float64Array,
  trace: EtsTrace | null,
): number {
  const n = y.length;
  const damp = trend === TREND_AD ? phi : 1;
  const hasTrend = trend !== TREND_N;
  const seasonal = season !== SEASON_N;
  const seasonMult = season === SEASON_M;
  if (seasonal) for (let i = 0; i < m; i++) ring[i] = seasonal0[i];
  let l = level0;
  let b = hasTrend ? trend0 : 0;
  let j = 0;
  let sse = 0;
  let logMu = 0;
  let valid = true;
  for (let t = 0; t < n; t++) {
    const bd = damp * b;
    const lb = l + bd;
    let s = 0;
    let mu = lb;
    if (seasonal) {
      s = ring[j];
      mu = seasonMult ? lb * s : lb + s;
    }
    const e = y[t] - mu;
    let eps = e;
    if (errorMultiplicative) {
      if (!(mu > 0)) valid = false;
      eps = e / mu;
      logMu += Math.log(Math.abs(mu));
    }
    sse += eps * eps;
    if (seasonMult) {
      if (!(lb > 0 && s > 0)) valid = false;
      l = lb + (alpha * e) / s;
      b = bd + (beta * e) / s;
      ring[j] = s + (gamma * e) / lb;
    } else {
      l = lb + alpha * e;
      b = bd + beta * e;
      if (seasonal) ring[j] = s + gamma * e;
    }
    if (!hasTrend) b = 0;
    if (++j === m) j = 0;
    if (trace !== null) {
      trace.fitted[t] = mu;
      trace.residuals[t] = e;
      trace.innovations[t] = eps;
    } else if (!valid) {
      return Infinity;
    }
  }
  if (trace !== null) {
    trace.level = l;
    trace.trend = b;
    trace.sumSquares = sse;
    trace.valid = valid;
  }
  if (!valid || !Number.isFinite(sse) || !Number.isFinite(logMu)) return Infinity;
  return n * Math.log(Math.max(sse, MIN_SUM_SQUARES)) + 2 * logMu;
}

/** Converts the kernel's objective to the Gaussian log-likelihood. */
export function logLikelihoodFromObjective(objective: number, n: number): number {
  return -0.5 * (objective + n * (Math.log((2 * Math.PI) / n) + 1));
}

/** Reads the seasonal ring after a run over n points back into chronological order. */
export function seasonalFromRing(ring: Float64Array, n: number, m: number): Float64Array {
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) out[i] = ring[(n + i) % m];
  return out;
}

/**
 * Runs an ETS model with given smoothing parameters and initial states over a series and returns
 * everything the recursion produces. `initial.seasonal` must hold `period` states for seasonal
 * models (s_{1−m} … s_0, oldest first).
 */
export function etsFilter(
  series: ArrayLike<number>,
  spec: EtsSpec,
  smoothing: EtsSmoothing,
  initial: EtsState,
  period = 1,
): EtsFilterResult {
  const y = Float64Array.from(series);
  const n = y.length;
  const season = seasonCode(spec);
  const m = season === SEASON_N ? 1 : period;
  if (season !== SEASON_N && initial.seasonal.length !== m)
    throw new RangeError(`a seasonal model with period ${m} needs ${m} initial seasonal states`);
  const trace: EtsTrace = {
    fitted: new Float64Array(n),
    residuals: new Float64Array(n),
    innovations: new Float64Array(n),
    level: 0,
    trend: 0,
    sumSquares: 0,
    valid: true,
  };
  const ring = new Float64Array(m);
  const objective = etsKernel(
    y,
    spec.error === 'M',
    trendCode(spec),
    season,
    smoothing.alpha,
    smoothing.beta,
    smoothing.gamma,
    smoothing.phi,
    initial.level,
    initial.trend,
    initial.seasonal,
    m,
    ring,
    trace,
  );
  return {
    fitted: trace.fitted,
    residuals: trace.residuals,
    innovations: trace.innovations,
    finalState: {
      level: trace.level,
      trend: trace.trend,
      seasonal: season === SEASON_N ? new Float64Array(0) : seasonalFromRing(ring, n, m),
    },
    sumSquares: trace.sumSquares,
    logLikelihood: Number.isFinite(objective) ? logLikelihoodFromObjective(objective, n) : -Infinity,
  };
}
