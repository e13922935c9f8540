import { deriveSeed, mulberry32 } from '../random/prng';
import { permutation } from '../random/shuffle';

/**
 * A seeded random split of row indices 0..n−1: `round(n · testFraction)` rows (at least one)
 * held out, the rest for training, both in shuffled order. The split depends only on n,
 * testFraction and seed, so retraining on the same rows evaluates on the same rows.
 */
export function trainTestSplit(n: number, testFraction: number, seed: number): { train: Uint32Array; test: Uint32Array } {
  const order = permutation(n, mulberry32(deriveSeed(seed, 'split')));
  const testRows = Math.min(n - 1, Math.max(1, Math.round(n * testFraction)));
  return { train: order.subarray(testRows), test: order.subarray(0, testRows) };
}
