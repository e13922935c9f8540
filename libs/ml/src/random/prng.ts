/**
 * Seeded pseudo-random numbers. Every random choice in `@foresight/ml` (train/test split, epoch
 * order, initial weights) goes through these so that a seed reproduces a model exactly.
 */

/** A source of uniform numbers in [0, 1). */
export type Rng = () => number;

/**
 * mulberry32 (Tommy Ettinger, 2017): one 32-bit state word advanced by the Weyl increment
 * 0x6D2B79F5, then mixed with two xorshift-multiply rounds. Period 2^32, passes gjrand and
 * PractRand up to several GB — plenty for shuffling and weight initialisation, not for crypto.
 * Returns k / 2^32 for a 32-bit k, so values lie in [0, 1) on a grid of 2^-32.
 */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform integer in [0, n), by floor(u·n); the bias is below n / 2^32. */
export function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

/**
 * Standard normal deviate by the Box–Muller transform: z = √(−2 ln u₁) · cos(2π u₂),
 * with u₁ taken in (0, 1] so the logarithm stays finite.
 */
export function randomNormal(rng: Rng): number {
  const u1 = 1 - rng();
  const u2 = rng();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * Derives an independent-looking seed for a sub-task ("split", "init", "epochs") from one user
 * seed, so that changing e.g. the number of epochs does not change the train/test split.
 * FNV-1a over the label, combined with the seed and finalised with the murmur3 mixer.
 */
export function deriveSeed(seed: number, label: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
