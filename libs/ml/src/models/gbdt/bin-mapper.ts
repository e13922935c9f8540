import { deriveSeed, mulberry32 } from '../../random/prng';
import { permutation } from '../../random/shuffle';

/** Bin of a missing (NaN) value, for every feature; non-missing values use bins 0..254. */
export const MISSING_BIN = 255;

/** Stride of one feature's bins in a histogram: 255 value bins and the missing bin. */
export const BINS_PER_FEATURE = 256;

/** Rows used to place bin edges; above this a seeded sample is taken, as scikit-learn does. */
const MAX_ROWS_FOR_EDGES = 200_000;

/**
 * Maps raw feature values to small integer bins (Ke et al. 2017, §2; scikit-learn's
 * `_BinMapper`). Per feature, `edges` are increasing upper bounds: a non-missing value v goes
 * to the first bin b with v ≤ edges[b], or to bin edges.length when v exceeds them all. So
 * bin(v) ≤ b ⇔ v ≤ edges[b], which lets a split found on bins be applied to raw values with
 * the raw threshold edges[b].
 *
 * Edges are midpoints between consecutive distinct training values when there are at most
 * `maxBins` of them, else midpoint-interpolated quantiles at k / maxBins (k = 1..maxBins − 1)
 * with duplicates dropped, so that every bin holds roughly the same number of rows.
 */
export class BinMapper {
  private constructor(readonly edges: readonly Float64Array[]) {}

  static fit(x: Float32Array, rows: number, cols: number, maxBins: number, seed: number): BinMapper {
    const sample =
      rows > MAX_ROWS_FOR_EDGES
        ? permutation(rows, mulberry32(deriveSeed(seed, 'gbdt:bin-sample'))).subarray(0, MAX_ROWS_FOR_EDGES).sort()
        : null;
    const n = sample ? sample.length : rows;
    const values = new Float64Array(n);
    const edges: Float64Array[] = [];
    for (let f = 0; f < cols; f++) {
      let m = 0;
      for (let i = 0; i < n; i++) {
        const v = x[(sample ? sample[i] : i) * cols + f];
        if (v === v) values[m++] = v;
      }
      edges.push(featureEdges(values.subarray(0, m).sort(), maxBins));
    }
    return new BinMapper(edges);
  }

  /** Bins of the non-missing values of feature f. */
  binCount(f: number): number {
    return this.edges[f].length + 1;
  }

  /** The raw threshold equivalent to "bin ≤ b" for feature f; +∞ when b is the last value bin. */
  threshold(f: number, b: number): number {
    const e = this.edges[f];
    return b < e.length ? e[b] : Infinity;
  }

  /** Row-major bins of a row-major `rows × cols` matrix. */
  transform(x: Float32Array, rows: number): Uint8Array {
    const cols = this.edges.length;
    const out = new Uint8Array(rows * cols);
    for (let f = 0; f < cols; f++) {
      const e = this.edges[f];
      const last = e.length;
      for (let r = 0; r < rows; r++) {
        const v = x[r * cols + f];
        if (v !== v) {
          out[r * cols + f] = MISSING_BIN;
          continue;
        }
        let lo = 0;
        let hi = last;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (v <= e[mid]) hi = mid;
          else lo = mid + 1;
        }
        out[r * cols + f] = lo;
      }
    }
    return out;
  }
}

/** Upper edges for sorted non-missing values `v`. */
function featureEdges(v: Float64Array, maxBins: number): Float64Array {
  const m = v.length;
  let distinct = 0;
  for (let i = 0; i < m; i++) if (i === 0 || v[i] !== v[i - 1]) distinct++;
  const edges: number[] = [];
  if (distinct <= maxBins) {
    for (let i = 1; i < m; i++) if (v[i] !== v[i - 1]) edges.push(midpoint(v[i - 1], v[i]));
  } else {
    for (let k = 1; k < maxBins; k++) {
      const pos = (k * (m - 1)) / maxBins;
      const edge = midpoint(v[Math.floor(pos)], v[Math.ceil(pos)]);
      if (edges.length === 0 || edge > edges[edges.length - 1]) edges.push(edge);
    }
    // An edge at the maximum would leave the last bin empty.
    while (edges.length > 0 && edges[edges.length - 1] >= v[m - 1]) edges.pop();
  }
  return Float64Array.from(edges);
}

/** (a + b) / 2 without overflow for float32 inputs; 0 between −∞ and +∞. */
function midpoint(a: number, b: number): number {
  const m = (a + b) / 2;
  return m === m ? m : 0;
}
