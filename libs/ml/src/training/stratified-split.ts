import { deriveSeed, mulberry32 } from '../random/prng';
import { shuffleInPlace } from '../random/shuffle';

/**
 * A seeded stratified split of row indices 0..n−1 by class label y (0..classes−1). Class c with
 * n_c rows holds out t_c = min(n_c − 1, max(1, round(n_c · fraction))) of them when n_c ≥ 2, and
 * none when n_c = 1. So every class keeps at least one row on the training side (a model can
 * learn every class it will be asked about) and every class with two rows or more is evaluated
 * on at least one held-out row; totals may differ from round(n · fraction) by up to one row per
 * class. Which rows are held out, and the order of both sides, depend only on y, the fraction
 * and the seed.
 */
export function stratifiedTrainTestSplit(
  y: ArrayLike<number>,
  classes: number,
  fraction: number,
  seed: number,
): { train: Uint32Array; test: Uint32Array } {
  const members: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < y.length; i++) members[y[i]].push(i);
  const rng = mulberry32(deriveSeed(seed, 'stratified-split'));
  const train: number[] = [];
  const test: number[] = [];
  for (const rowsOfClass of members) {
    shuffleInPlace(rowsOfClass, rng);
    const n = rowsOfClass.length;
    const held = n >= 2 ? Math.min(n - 1, Math.max(1, Math.round(n * fraction))) : 0;
    for (let k = 0; k < n; k++) (k < held ? test : train).push(rowsOfClass[k]);
  }
  return { train: Uint32Array.from(shuffleInPlace(train, rng)), test: Uint32Array.from(shuffleInPlace(test, rng)) };
}
