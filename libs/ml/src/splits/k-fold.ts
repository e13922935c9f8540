import { deriveSeed, mulberry32 } from '../random/prng';
import { permutation } from '../random/shuffle';
import { checkFolds, foldsFromAssignment, type Fold } from './fold';

export interface ShuffleOptions {
  /** Shuffle rows before assigning folds (default false: contiguous blocks in row order). */
  readonly shuffle?: boolean;
  /** Seed of the shuffle (default 42); the same seed gives the same folds. */
  readonly seed?: number;
}

/**
 * K-fold cross-validation over rows 0 … n−1: the rows (in order, or seeded-shuffled) are cut
 * into `folds` consecutive blocks, the first n mod k of size ⌊n/k⌋ + 1 and the rest ⌊n/k⌋
 * (scikit-learn's KFold); fold f tests on block f and trains on the others. Every row is
 * tested exactly once.
 */
export function kFold(n: number, folds: number, options: ShuffleOptions = {}): Fold[] {
  checkFolds(folds, n);
  const order = options.shuffle ? permutation(n, mulberry32(deriveSeed(options.seed ?? 42, 'k-fold'))) : null;
  const assignment = new Uint32Array(n);
  const base = Math.floor(n / folds);
  const larger = n % folds;
  let position = 0;
  for (let f = 0; f < folds; f++) {
    const size = base + (f < larger ? 1 : 0);
    for (let t = 0; t < size; t++, position++) assignment[order ? order[position] : position] = f;
  }
  return foldsFromAssignment(assignment, folds);
}
