/**
 * Where the ETS smoothing parameters may live.
 *
 * The usual region (FPP3 §8.6; forecast::ets defaults) keeps the models interpretable as
 * weighted averages: α ∈ [10⁻⁴, 0.9999], β = αβ* with β* ∈ [10⁻⁴, 0.9999] (so β < α),
 * γ ∈ [10⁻⁴, 1 − α], φ ∈ [0.8, 0.98].
 *
 * The admissible region (Hyndman, Koehler, Ord & Snyder 2008, ch. 10; Hyndman, Akram &
 * Archibald, "The admissible parameter space for exponential smoothing models", AISM 2008) keeps
 * the linear model forecastable: the discount matrix D = F − g w′ has every eigenvalue strictly
 * inside the unit circle, so old observations fade from the states. For the seasonal models D
 * always has one unit eigenvalue from the redundancy between level and seasonal states (adding
 * c to ℓ and −c to every s changes nothing); it is factored out below. Writing the eigenvector
 * equations of D for ETS(·,Ad,A) with states (ℓ, b, s_{t−1}…s_{t−m}) and dividing by (z − 1)
 * gives the characteristic polynomial
 *
 *   Q(z) = (z − φ)(zᵐ − 1) + φβ(zᵐ − 1) + (φβ − αφ + αz)(1 + z + … + z^{m−1}) + γ(z − φ),
 *
 * i.e. coefficients, from z⁰ up: φ(1 − α − γ), α + γ − 1 + φβ − αφ, (α + φβ − αφ) × (m − 2),
 * α + φβ − φ, 1. (Trend A: φ = 1. No trend: z^m + α(z^{m−1} + … + z) + α + γ − 1.) Without
 * seasonality, D is 1 − α (trend N) or has characteristic polynomial
 * z² − (1 + φ − α − φβ) z + φ(1 − α). Roots are located with the Schur–Cohn test, so no
 * polynomial is ever solved. forecast::ets applies this check (bounds = "both") to every model,
 * multiplicative ones included; so do we.
 */
import type { EtsSpec } from './ets-spec';

// Scratch polynomials, module-level because the test runs once per objective evaluation.
let polynomial = new Float64Array(16);
let reduced = new Float64Array(16);

export const ETS_BOUNDS = {
  alpha: [1e-4, 0.9999],
  betaStar: [1e-4, 0.9999],
  gammaLower: 1e-4,
  phi: [0.8, 0.98],
} as const;

export interface EtsSmoothing {
  readonly alpha: number;
  /** Trend smoothing in state-space form (β = αβ* of the component form); 0 without trend. */
  readonly beta: number;
  /** Seasonal smoothing; 0 without season. */
  readonly gamma: number;
  /** Damping; 1 for an undamped trend or no trend. */
  readonly phi: number;
}

/** True when D = F − g w′ is stable (eigenvalues strictly inside the unit circle, bar the seasonal unit root). */
export function isEtsAdmissible(spec: EtsSpec, p: EtsSmoothing, period: number): boolean {
  const hasTrend = spec.trend !== 'N';
  const phi = spec.trend === 'Ad' ? p.phi : 1;
  const beta = hasTrend ? p.beta : 0;
  const alpha = p.alpha;
  if (spec.season === 'N' || period < 2) {
    if (!hasTrend) return alpha > 0 && alpha < 2;
    const c = coefficients(3);
    c[0] = phi * (1 - alpha);
    c[1] = -(1 + phi - alpha - phi * beta);
    c[2] = 1;
    return rootsInsideUnitCircle(c, 2);
  }
  const m = period;
  const gamma = p.gamma;
  const degree = hasTrend ? m + 1 : m;
  const c = coefficients(degree + 1);
  if (hasTrend) {
    const mid = alpha + phi * beta - alpha * phi;
    c[0] = phi * (1 - alpha - gamma);
    c[1] = mid + gamma - 1;
    for (let k = 2; k < m; k++) c[k] = mid;
    c[m] = alpha + phi * beta - phi;
    c[m + 1] = 1;
  } else {
    c[0] = alpha + gamma - 1;
    for (let k = 1; k < m; k++) c[k] = alpha;
    c[m] = 1;
  }
  return rootsInsideUnitCircle(c, degree);
}

/**
 * Schur–Cohn test: p(z) = Σ_{i≤d} c_i zⁱ has every root in |z| < 1 iff |c₀| < |c_d| and the
 * degree-(d−1) polynomial (c_d p(z) − c₀ zᵈ p(1/z)) / z has too. Overwrites c[0..d].
 */
export function rootsInsideUnitCircle(c: Float64Array, degree: number): boolean {
  if (reduced.length < degree) reduced = new Float64Array(degree);
  for (let d = degree; d >= 1; d--) {
    const lead = c[d];
    const c0 = c[0];
    if (!(Math.abs(c0) < Math.abs(lead))) return false;
    for (let i = 0; i < d; i++) reduced[i] = lead * c[i + 1] - c0 * c[d - 1 - i];
    // Rescaled to a leading coefficient of 1 so that repeated products neither overflow nor vanish.
    const scale = reduced[d - 1];
    for (let i = 0; i < d; i++) c[i] = reduced[i] / scale;
  }
  return true;
}

function coefficients(n: number): Float64Array {
  if (polynomial.length < n) polynomial = new Float64Array(n);
  return polynomial;
}
