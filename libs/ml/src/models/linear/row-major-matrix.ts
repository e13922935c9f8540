/**
 * A dense `rows × cols` matrix stored row by row: element (i, j) is `data[i·cols + j]`.
 * `Matrix` from the tabular preprocessor is one, so its output feeds these models directly.
 */
export interface RowMajorMatrix {
  readonly data: Float32Array | Float64Array;
  readonly rows: number;
  readonly cols: number;
}

/** Throws a RangeError unless `x` is a well-formed matrix with at least one column. */
export function assertRowMajorMatrix(x: RowMajorMatrix, name = 'x'): void {
  if (!(Number.isInteger(x.rows) && x.rows >= 0 && Number.isInteger(x.cols) && x.cols >= 1))
    throw new RangeError(`${name}: rows must be a non-negative integer and cols a positive integer`);
  if (x.data.length !== x.rows * x.cols)
    throw new RangeError(`${name}: data holds ${x.data.length} values, expected rows × cols = ${x.rows * x.cols}`);
}

/** Training inputs must be finite: one NaN would silently turn every coefficient into NaN. */
export function assertFiniteTraining(x: RowMajorMatrix, y: ArrayLike<number>): void {
  assertRowMajorMatrix(x);
  if (y.length !== x.rows) throw new RangeError(`x has ${x.rows} rows, y has ${y.length} values`);
  if (x.rows === 0) throw new RangeError('training needs at least one row');
  for (let i = 0; i < x.data.length; i++)
    if (!Number.isFinite(x.data[i])) throw new RangeError(`x: value at row ${Math.floor(i / x.cols)}, column ${i % x.cols} is not finite`);
  for (let i = 0; i < y.length; i++) if (!Number.isFinite(y[i])) throw new RangeError(`y: value ${i} is not finite`);
}
