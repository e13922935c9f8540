/**
 * Any model as the explainers see it: one number per row of a row-major `rows × cols` float32
 * matrix (NaN = missing). A GBDT's `predict` or `predictRaw`, a DenseNetwork's `forward`, or a
 * closure over anything else.
 */
export type PredictFn = (x: Float32Array, rows: number) => ArrayLike<number>;

/** A row-major float32 matrix. */
export interface RowMatrix {
  readonly x: Float32Array;
  readonly rows: number;
}

/** Calls `predict` and checks that it returned one finite-or-not number per row. */
export function predictChecked(predict: PredictFn, x: Float32Array, rows: number): ArrayLike<number> {
  const out = predict(x, rows);
  if (out.length !== rows) throw new RangeError(`predict returned ${out.length} values for ${rows} rows`);
  return out;
}
