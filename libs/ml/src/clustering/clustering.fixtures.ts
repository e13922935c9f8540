// Synthetic point sets for the clustering specs (not exported from the library).
import type { RowMajorMatrix } from '../models/linear/row-major-matrix';
import { mulberry32, randomNormal } from '../random/prng';

export interface LabelledPoints {
  readonly x: RowMajorMatrix & { readonly data: Float64Array };
  readonly truth: Int32Array;
}

/** `perBlob` isotropic Gaussian points (standard deviation `sd`) around each centre, blob by blob. */
export function gaussianBlobs(centres: readonly (readonly number[])[], perBlob: number, sd: number, seed: number): LabelledPoints {
  const rng = mulberry32(seed);
  const d = centres[0].length;
  const rows = centres.length * perBlob;
  const data = new Float64Array(rows * d);
  const truth = new Int32Array(rows);
  for (let c = 0; c < centres.length; c++)
    for (let i = 0; i < perBlob; i++) {
      const r = c * perBlob + i;
      truth[r] = c;
      for (let f = 0; f < d; f++) data[r * d + f] = centres[c][f] + sd * randomNormal(rng);
    }
  return { x: { data, rows, cols: d }, truth };
}

/**
 * Two interleaved half circles as scikit-learn's make_moons: the upper (cos t, sin t) and the
 * lower (1 − cos t, 0.5 − sin t), t evenly spaced over [0, π], plus Gaussian noise.
 */
export function halfMoons(perMoon: number, noise: number, seed: number): LabelledPoints {
  const rng = mulberry32(seed);
  const rows = 2 * perMoon;
  const data = new Float64Array(rows * 2);
  const truth = new Int32Array(rows);
  for (let i = 0; i < perMoon; i++) {
    const t = (Math.PI * i) / (perMoon - 1);
    data[2 * i] = Math.cos(t) + noise * randomNormal(rng);
    data[2 * i + 1] = Math.sin(t) + noise * randomNormal(rng);
    const j = perMoon + i;
    truth[j] = 1;
    data[2 * j] = 1 - Math.cos(t) + noise * randomNormal(rng);
    data[2 * j + 1] = 0.5 - Math.sin(t) + noise * randomNormal(rng);
  }
  return { x: { data, rows, cols: 2 }, truth };
}

/** Rows `order[0]`, `order[1]`, … of x, as a new matrix. */
export function takeRows(x: RowMajorMatrix, order: ArrayLike<number>): RowMajorMatrix & { readonly data: Float64Array } {
  const d = x.cols;
  const data = new Float64Array(order.length * d);
  for (let i = 0; i < order.length; i++) for (let f = 0; f < d; f++) data[i * d + f] = x.data[order[i] * d + f];
  return { data, rows: order.length, cols: d };
}
