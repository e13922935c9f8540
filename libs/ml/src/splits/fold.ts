import { MlInputError, MlInputErrorCode } from '../errors/ml-input.error';

/** One resampling split: row indices to train on and to evaluate on, each ascending, never overlapping. */
export interface Fold {
  readonly train: Uint32Array;
  readonly test: Uint32Array;
}

/** Folds from a fold number per row: fold f tests on the rows assigned to f and trains on all others. */
export function foldsFromAssignment(assignment: Uint32Array, folds: number): Fold[] {
  const n = assignment.length;
  const sizes = new Uint32Array(folds);
  for (let i = 0; i < n; i++) sizes[assignment[i]]++;
  return Array.from({ length: folds }, (_, f) => {
    const test = new Uint32Array(sizes[f]);
    const train = new Uint32Array(n - sizes[f]);
    let t = 0;
    let r = 0;
    for (let i = 0; i < n; i++) {
      if (assignment[i] === f) test[t++] = i;
      else train[r++] = i;
    }
    return { train, test };
  });
}

/** `folds` must be an integer in [2, n]: every fold needs a test row and a training row. */
export function checkFolds(folds: number, n: number, what = 'rows'): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  if (!(Number.isInteger(folds) && folds >= 2))
    throw new MlInputError(MlInputErrorCode.InvalidParameter, 'params.folds', 'params.folds must be an integer ≥ 2');
  if (folds > n)
    throw new MlInputError(MlInputErrorCode.InvalidParameter, 'params.folds', `params.folds (${folds}) cannot exceed the number of ${what} (${n})`);
}
