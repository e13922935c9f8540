import type { RowMajorMatrix } from '../models/linear/row-major-matrix';
import { randomInt, type Rng } from '../random/prng';
import { squaredDistance } from './check-matrix';

/**
 * k-means++ seeding (Arthur & Vassilvitskii 2007, "k-means++: the advantages of careful
 * seeding", SODA): the first centre is a row drawn uniformly; each further centre is row x drawn
 * with probability D(x)² / Σ D², D(x) being the distance from x to the nearest centre chosen so
 * far ("D² weighting"). Its expected inertia is within 8(ln k + 2) of the optimum. This is the
 * paper's one-candidate form, not scikit-learn's greedy variant with 2 + ln k trials per step.
 *
 * A row already chosen has D = 0 and cannot be drawn again; if every row coincides with a centre
 * (fewer distinct rows than k) the remaining centres are drawn uniformly and repeat points.
 * Returns the indices of the chosen rows in the order drawn. O(n·k·d) time, O(n) memory.
 */
export function kMeansPlusPlus(x: RowMajorMatrix, k: number, rng: Rng): Uint32Array {
  const { data, rows: n, cols: d } = x;
  if (!(Number.isInteger(k) && k >= 1 && k <= n)) throw new RangeError(`kMeansPlusPlus: k must be an integer from 1 to ${n}, got ${k}`);
  const chosen = new Uint32Array(k);
  const nearest = new Float64Array(n);
  chosen[0] = randomInt(rng, n);
  let total = 0;
  for (let i = 0; i < n; i++) total += nearest[i] = squaredDistance(data, i, data, chosen[0], d);
  for (let c = 1; c < k; c++) {
    let pick: number;
    if (total > 0) {
      const target = rng() * total;
      let cumulative = 0;
      pick = -1;
      for (let i = 0; i < n; i++) {
        if (nearest[i] === 0) continue;
        pick = i; // the last row with D > 0, should rounding carry the target past the final sum
        cumulative += nearest[i];
        if (cumulative > target) break;
      }
    } else {
      pick = randomInt(rng, n);
    }
    chosen[c] = pick;
    total = 0;
    for (let i = 0; i < n; i++) {
      const dist = squaredDistance(data, i, data, pick, d);
      if (dist < nearest[i]) nearest[i] = dist;
      total += nearest[i];
    }
  }
  return chosen;
}
