import { checkFolds, foldsFromAssignment, type Fold } from './fold';

/**
 * Group k-fold: all rows of a group (a customer, a store, a patient) land in the same fold, so
 * no group is seen both in training and in evaluation. Groups are placed greedily, largest
 * first, each into the fold with the fewest rows so far (scikit-learn's GroupKFold), which
 * balances fold sizes; ties go to the group seen first and to the lowest fold. Deterministic.
 * Needs at least `folds` distinct groups.
 */
export function groupKFold(groups: ArrayLike<number | string>, folds: number): Fold[] {
  const n = groups.length;
  const groupOf = new Map<number | string, number>();
  const groupIndex = new Uint32Array(n);
  const sizes: number[] = [];
  for (let i = 0; i < n; i++) {
    let g = groupOf.get(groups[i]);
    if (g === undefined) {
      g = sizes.length;
      groupOf.set(groups[i], g);
      sizes.push(0);
    }
    sizes[g]++;
    groupIndex[i] = g;
  }
  checkFolds(folds, sizes.length, 'distinct groups');
  const order = sizes.map((_, g) => g).sort((a, b) => sizes[b] - sizes[a] || a - b);
  const foldOfGroup = new Uint32Array(sizes.length);
  const load = new Float64Array(folds);
  for (const g of order) {
    let lightest = 0;
    for (let f = 1; f < folds; f++) if (load[f] < load[lightest]) lightest = f;
    foldOfGroup[g] = lightest;
    load[lightest] += sizes[g];
  }
  const assignment = new Uint32Array(n);
  for (let i = 0; i < n; i++) assignment[i] = foldOfGroup[groupIndex[i]];
  return foldsFromAssignment(assignment, folds);
}
