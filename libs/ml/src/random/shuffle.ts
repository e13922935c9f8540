import { randomInt, type Rng } from './prng';

/**
 * Fisher–Yates shuffle (Durstenfeld's in-place variant, Knuth TAOCP vol. 2 §3.4.2 Algorithm P):
 * for i from n−1 down to 1, swap a[i] with a[j], j uniform in [0, i]. Every permutation is
 * equally likely given a uniform source. Shuffles `items` in place and returns it.
 */
export function shuffleInPlace<T extends { length: number; [index: number]: unknown }>(items: T, rng: Rng): T {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp;
  }
  return items;
}

/** A seeded random permutation of 0..n−1. */
export function permutation(n: number, rng: Rng): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return shuffleInPlace(out, rng);
}
