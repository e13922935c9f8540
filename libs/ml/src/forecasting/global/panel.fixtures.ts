import { mulberry32, randomNormal } from '../../random/prng';

/**
 * n monthly series of `length` values sharing one seasonal profile (a yearly cycle with a
 * second harmonic) scaled per series, with per-series level, linear trend and 4% noise.
 */
export function syntheticPanel(n: number, length: number, seed: number): Float64Array[] {
  const rng = mulberry32(seed);
  const profile = Float64Array.from({ length: 12 }, (_, k) => Math.sin((2 * Math.PI * k) / 12) + 0.5 * Math.cos((4 * Math.PI * k) / 12));
  return Array.from({ length: n }, () => {
    const base = 50 + 450 * rng();
    const slope = base * 0.006 * rng();
    const amplitude = base * (0.1 + 0.2 * rng());
    return Float64Array.from({ length }, (_, t) => base + slope * t + amplitude * profile[t % 12] + 0.04 * base * randomNormal(rng));
  });
}
