import { MlInputError, MlInputErrorCode } from '../errors/ml-input.error';
import { assertRowMajorMatrix, type RowMajorMatrix } from '../models/linear/row-major-matrix';

/**
 * Checks a matrix a clustering or anomaly model is fitted on or applied to: well formed, every
 * value finite (a NaN would silently fall on one side of every comparison), and, when fitting,
 * at least `minRows` rows — too few rows for the requested k or subsample is the caller's
 * request, so that one is an MlInputError naming `x`.
 */
export function checkFiniteMatrix(who: string, x: RowMajorMatrix, minRows = 0): void {
  assertRowMajorMatrix(x, `${who}: x`);
  if (x.rows < minRows) throw new MlInputError(MlInputErrorCode.TooFewRows, 'x', `${who}: needs at least ${minRows} rows, got ${x.rows}`);
  const { data, cols } = x;
  for (let i = 0; i < data.length; i++)
    if (!Number.isFinite(data[i])) throw new RangeError(`${who}: x value at row ${Math.floor(i / cols)}, column ${i % cols} is not finite`);
}

/** Rows handed to a fitted model must have the columns it was fitted on. */
export function checkQueryMatrix(who: string, x: RowMajorMatrix, cols: number): void {
  checkFiniteMatrix(who, x);
  if (x.cols !== cols) throw new RangeError(`${who}: the model has ${cols} columns, x has ${x.cols}`);
}

/** ‖a_i − b_j‖² between row i of `a` and row j of `b`, both `d` wide, summed in double precision. */
export function squaredDistance(a: ArrayLike<number>, i: number, b: ArrayLike<number>, j: number, d: number): number {
  let s = 0;
  const ai = i * d;
  const bj = j * d;
  for (let f = 0; f < d; f++) {
    const diff = a[ai + f] - b[bj + f];
    s += diff * diff;
  }
  return s;
}
