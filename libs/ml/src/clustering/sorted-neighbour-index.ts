import type { RowMajorMatrix } from '../models/linear/row-major-matrix';
import { squaredDistance } from './check-matrix';

/**
 * Fixed-radius neighbour search by one sorted projection: rows are sorted on the column with the
 * largest variance, so the rows within `radius` of row i lie in the slab |x_f − xᵢ_f| ≤ radius,
 * found by binary search, and only those are checked in full. Works in any dimension (a grid
 * needs 3^d cells per query). Building is O(n log n); a query is O(log n + s·d) for s rows in
 * the slab — near O(d·|neighbours|) when the data spread along that column, O(n·d) at worst
 * (every row in one slab, e.g. radius larger than the data's extent).
 */
export class SortedNeighbourIndex {
  private readonly order: Uint32Array;
  private readonly keys: Float64Array;
  private readonly axis: number;

  constructor(private readonly x: RowMajorMatrix) {
    const { data, rows: n, cols: d } = x;
    let axis = 0;
    let bestVariance = -1;
    for (let f = 0; f < d; f++) {
      let mean = 0;
      for (let i = 0; i < n; i++) mean += data[i * d + f];
      mean /= Math.max(n, 1);
      let ss = 0;
      for (let i = 0; i < n; i++) ss += (data[i * d + f] - mean) ** 2;
      if (ss > bestVariance) {
        bestVariance = ss;
        axis = f;
      }
    }
    this.axis = axis;
    this.order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => data[a * d + axis] - data[b * d + axis] || a - b);
    this.keys = Float64Array.from(this.order, (i) => data[i * d + axis]);
  }

  /** Rows j (row i included) with ‖xⱼ − xᵢ‖² ≤ radius², written to `out`; returns how many. */
  within(i: number, radius: number, out: Uint32Array): number {
    const { data, cols: d } = this.x;
    const centre = data[i * d + this.axis];
    // Widened by a few ulps so that rounding in centre ± radius never drops a row the exact test keeps.
    const half = radius + 4 * Number.EPSILON * (Math.abs(centre) + radius);
    const r2 = radius * radius;
    let count = 0;
    for (let t = lowerBound(this.keys, centre - half); t < this.keys.length && this.keys[t] <= centre + half; t++) {
      const j = this.order[t];
      if (squaredDistance(data, i, data, j, d) <= r2) out[count++] = j;
    }
    return count;
  }
}

function lowerBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
