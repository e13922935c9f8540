import { deriveSeed, mulberry32 } from '../random/prng';
import { shuffleInPlace } from '../random/shuffle';
import { checkFolds, foldsFromAssignment, type Fold } from './fold';
import type { ShuffleOptions } from './k-fold';

/**
 * Stratified k-fold: every fold holds each class in (as nearly as possible) the proportion it
 * has overall. The rows of each class, in order or seeded-shuffled, are dealt to the folds in
 * turn, and the dealing goes on where the previous class stopped, so that the count of a class
 * in any two folds differs by at most one and so do total fold sizes. A class with fewer rows
 * than folds is absent from some test folds (scikit-learn warns in that case).
 * Labels are compared as numbers; classes are visited in ascending label order.
 */
export function stratifiedKFold(y: ArrayLike<number>, folds: number, options: ShuffleOptions = {}): Fold[] {
  const n = y.length;
  checkFolds(folds, n);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const members = byClass.get(y[i]);
    if (members) members.push(i);
    else byClass.set(y[i], [i]);
  }
  const rng = options.shuffle ? mulberry32(deriveSeed(options.seed ?? 42, 'stratified-k-fold')) : null;
  const assignment = new Uint32Array(n);
  let next = 0;
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = byClass.get(label)!;
    if (rng) shuffleInPlace(members, rng);
    for (const i of members) {
      assignment[i] = next;
      next = (next + 1) % folds;
    }
  }
  return foldsFromAssignment(assignment, folds);
}
