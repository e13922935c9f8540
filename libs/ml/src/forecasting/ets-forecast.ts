/**
 * Forecasts from a fitted ETS model's final state.
 *
 * Point forecasts iterate the recursion with ε = 0 (FPP3 §8.7): with φ_h = φ + φ² + … + φʰ (Ad),
 * h (A) or 0 (N) and k = ⌊(h − 1)/m⌋,
 *   ŷ_{T+h|T} = ℓ_T + φ_h b_T  ⊕  s_{T+h−m(k+1)}   (⊕ = none, +, × for season N, A, M).
 * They are forecast means except under multiplicative seasonality, as FPP3 notes.
 *
 * Prediction intervals:
 * - Linear models (error A; trend N/A/Ad; season N/A — "class 1" of Hyndman et al. 2008, ch. 6)
 *   have normal forecast distributions with variance
 *     σ_h² = σ² [1 + Σ_{j=1}^{h−1} c_j²],   c_j = α + β φ_j + γ·[j ≡ 0 mod m]
 *   (Hyndman et al. 2008, eq. 6.3 / Table 6.1; FPP3 Table 8.8 gives the closed forms).
 * - Every other model: seeded simulation of future sample paths from the final state with
 *   ε ~ N(0, σ²) (FPP3 §8.7; Hyndman et al. 2008, §6.1), intervals being the empirical
 *   quantiles (linear interpolation between order statistics, Hyndman–Fan type 7).
 */
import { mulberry32, randomNormal } from '../random';
import type { EtsSmoothing } from './ets-admissibility';
import type { EtsState } from './ets-recursions';
import type { EtsSpec } from './ets-spec';
import type { PredictionInterval } from './forecast-types';
import { centralZ } from './normal-quantile';

/** ŷ_{T+1|T} … ŷ_{T+h|T} from the final state. */
export function etsPointForecast(spec: EtsSpec, smoothing: EtsSmoothing, state: EtsState, period: number, h: number): Float64Array {
  const out = new Float64Array(h);
  const m = spec.season === 'N' ? 1 : period;
  let phiSum = 0;
  let phiPower = 1;
  for (let k = 1; k <= h; k++) {
    if (spec.trend === 'A') phiSum = k;
    else if (spec.trend === 'Ad') {
      phiPower *= smoothing.phi;
      phiSum += phiPower;
    }
    const base = state.level + phiSum * state.trend;
    if (spec.season === 'N') out[k - 1] = base;
    else {
      const s = state.seasonal[(k - 1) % m];
      out[k - 1] = spec.season === 'A' ? base + s : base * s;
    }
  }
  return out;
}

/** Whether the forecast variance has the closed form above. */
export function hasAnalyticVariance(spec: EtsSpec): boolean {
  return spec.error === 'A' && spec.season !== 'M';
}

/** σ_h² for h = 1..H of a linear (class 1) model. */
export function etsForecastVariance(spec: EtsSpec, smoothing: EtsSmoothing, sigma2: number, period: number, h: number): Float64Array {
  if (!hasAnalyticVariance(spec)) throw new RangeError(`${spec.error}${spec.trend}${spec.season} has no analytic forecast variance here`);
  const out = new Float64Array(h);
  const { alpha, beta, gamma, phi } = smoothing;
  let sumC2 = 0;
  let phiSum = 0;
  let phiPower = 1;
  out[0] = sigma2;
  for (let j = 1; j < h; j++) {
    if (spec.trend === 'A') phiSum = j;
    else if (spec.trend === 'Ad') {
      phiPower *= phi;
      phiSum += phiPower;
    }
    let c = alpha + (spec.trend === 'N' ? 0 : beta * phiSum);
    if (spec.season === 'A' && j % period === 0) c += gamma;
    sumC2 += c * c;
    out[j] = sigma2 * (1 + sumC2);
  }
  return out;
}

export function analyticIntervals(mean: Float64Array, variance: Float64Array, levels: readonly number[]): PredictionInterval[] {
  return levels.map((level) => {
    const z = centralZ(level);
    return {
      level,
      lower: mean.map((mu, i) => mu - z * Math.sqrt(variance[i])),
      upper: mean.map((mu, i) => mu + z * Math.sqrt(variance[i])),
    };
  });
}

/**
 * Simulates `paths` future sample paths of length h and returns them horizon-major:
 * paths[k·count + p] is path p at step k + 1.
 */
export function simulateEtsPaths(
  spec: EtsSpec,
  smoothing: EtsSmoothing,
  state: EtsState,
  period: number,
  sigma2: number,
  h: number,
  count: number,
  seed: number,
): Float64Array {
  const rng = mulberry32(seed);
  const sigma = Math.sqrt(sigma2);
  const m = spec.season === 'N' ? 1 : period;
  const damp = spec.trend === 'Ad' ? smoothing.phi : 1;
  const hasTrend = spec.trend !== 'N';
  const out = new Float64Array(h * count);
  const ring = new Float64Array(m);
  const { alpha, beta, gamma } = smoothing;
  for (let p = 0; p < count; p++) {
    let l = state.level;
    let b = hasTrend ? state.trend : 0;
    if (spec.season !== 'N') ring.set(state.seasonal);
    let j = 0;
    for (let k = 0; k < h; k++) {
      const bd = damp * b;
      const lb = l + bd;
      const s = spec.season === 'N' ? 0 : ring[j];
      const mu = spec.season === 'M' ? lb * s : lb + s;
      const eps = sigma * randomNormal(rng);
      const y = spec.error === 'M' ? mu * (1 + eps) : mu + eps;
      const e = y - mu;
      if (spec.season === 'M') {
        l = lb + (alpha * e) / s;
        b = bd + (beta * e) / s;
        ring[j] = s + (gamma * e) / lb;
      } else {
        l = lb + alpha * e;
        b = bd + beta * e;
        if (spec.season === 'A') ring[j] = s + gamma * e;
      }
      if (!hasTrend) b = 0;
      if (++j === m) j = 0;
      out[k * count + p] = y;
    }
  }
  return out;
}

export function simulatedIntervals(paths: Float64Array, h: number, count: number, levels: readonly number[]): PredictionInterval[] {
  const sorted: Float64Array[] = [];
  for (let k = 0; k < h; k++) sorted.push(paths.slice(k * count, (k + 1) * count).sort());
  return levels.map((level) => {
    const tail = (1 - level / 100) / 2;
    return {
      level,
      lower: Float64Array.from(sorted, (xs) => quantile(xs, tail)),
      upper: Float64Array.from(sorted, (xs) => quantile(xs, 1 - tail)),
    };
  });
}

/** Type-7 sample quantile of an ascending array. */
export function quantile(sorted: Float64Array, p: number): number {
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}
