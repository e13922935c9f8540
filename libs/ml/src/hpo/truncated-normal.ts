import { normalQuantile } from '../forecasting/normal-quantile';
import type { Rng } from '../random/prng';

const LN_HALF = Math.log(0.5);
const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * ln erfc(x) for x ≥ 0 by the Chebyshev fit of Press et al. ("Numerical Recipes", 2nd ed.,
 * §6.2, erfcc): erfc(x) = t·exp(−x² + P(t)), t = 1/(1 + x/2), fractional error below 1.2·10⁻⁷
 * everywhere. Taking the logarithm of that form never underflows, however deep the tail.
 */
function logErfc(x: number): number {
  const t = 1 / (1 + 0.5 * x);
  const poly =
    -1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return Math.log(t) - x * x + poly;
}

/** ln Φ(z), the log of the standard normal CDF, finite for every finite z. */
export function logNormalCdf(z: number): number {
  if (z === -Infinity) return -Infinity;
  if (z === Infinity) return 0;
  if (z <= 0) return LN_HALF + logErfc(-z / Math.SQRT2);
  return Math.log1p(-Math.exp(LN_HALF + logErfc(z / Math.SQRT2)));
}

/** Φ(z). */
export function normalCdf(z: number): number {
  return Math.exp(logNormalCdf(z));
}

/** ln φ(z), the log of the standard normal density. */
export function logNormalPdf(z: number): number {
  return -0.5 * z * z - LN_SQRT_2PI;
}

/**
 * ln(Φ(b) − Φ(a)) for a ≤ b: the log probability a standard normal falls in [a, b]. Differences
 * are taken on the side of the tail (Φ(b) − Φ(a) = Φ(−a) − Φ(−b)) so that they do not cancel;
 * an interval narrower than 10⁻²/max(1, |m|) around its midpoint m uses the midpoint rule
 * φ(m)·h·(1 + (m² − 1)h²/24), whose error is far below that of the CDF difference there.
 * Relative error of the probability: below 10⁻⁵.
 */
export function logNormalMass(a: number, b: number): number {
  if (!(a <= b)) return -Infinity;
  const h = b - a;
  const m = 0.5 * (a + b);
  if (Number.isFinite(h) && h * Math.max(1, Math.abs(m)) < 1e-2) return logNormalPdf(m) + Math.log(h) + Math.log1p(((m * m - 1) * h * h) / 24);
  if (a >= 0) return logNormalMass(-b, -a);
  if (b <= 0) {
    const lb = logNormalCdf(b);
    return lb + Math.log1p(-Math.exp(logNormalCdf(a) - lb));
  }
  return Math.log1p(-(normalCdf(a) + normalCdf(-b)));
}

/**
 * A draw from N(mu, sigma²) truncated to [low, high] by inverting the CDF:
 * z = Φ⁻¹(Φ(α) + u·(Φ(β) − Φ(α))), α = (low − mu)/σ, β = (high − mu)/σ. The interval is
 * reflected to the lower tail first, where Φ has relative rather than absolute precision.
 * One uniform per draw.
 */
export function sampleTruncatedNormal(rng: Rng, mu: number, sigma: number, low: number, high: number): number {
  const alpha = (low - mu) / sigma;
  const beta = (high - mu) / sigma;
  const u = rng();
  const z = alpha > -beta ? -standardTruncated(u, -beta, -alpha) : standardTruncated(u, alpha, beta);
  return Math.min(high, Math.max(low, mu + sigma * z));
}

function standardTruncated(u: number, alpha: number, beta: number): number {
  const pa = normalCdf(alpha);
  const pb = normalCdf(beta);
  if (!(pb > pa)) return Math.min(beta, Math.max(alpha, 0.5 * (alpha + beta)));
  return Math.min(beta, Math.max(alpha, normalQuantile(pa + u * (pb - pa))));
}
