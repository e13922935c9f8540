/** The points to score: n × d row-major (the same shape as a model input matrix). */
export interface PointMatrix {
  readonly data: ArrayLike<number>;
  readonly rows: number;
  readonly cols: number;
}

/**
 * Silhouette of each point (Rousseeuw 1987) with Euclidean distance:
 * s(i) = (b(i) − a(i)) / max(a(i), b(i)), where a(i) is the mean distance from i to the other
 * members of its cluster and b(i) the smallest mean distance from i to the members of another
 * cluster. A point alone in its cluster scores 0 (scikit-learn's convention). O(n²·d) time,
 * O(n + K) memory: fine for thousands of points, not for millions (subsample first).
 */
export function silhouetteSamples(x: PointMatrix, labels: ArrayLike<number>): Float64Array {
  const { rows: n, cols: d, data } = x;
  if (data.length !== n * d) throw new RangeError('silhouette: data must hold rows × cols values');
  if (labels.length !== n) throw new RangeError(`silhouette: ${n} points but ${labels.length} labels`);
  const clusterOf = new Map<number, number>();
  const cluster = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let c = clusterOf.get(labels[i]);
    if (c === undefined) clusterOf.set(labels[i], (c = clusterOf.size));
    cluster[i] = c;
  }
  const k = clusterOf.size;
  if (k < 2 || k > n - 1) throw new RangeError(`silhouette: needs 2 ≤ clusters ≤ n − 1, got ${k} clusters for ${n} points`);
  const size = new Uint32Array(k);
  for (let i = 0; i < n; i++) size[cluster[i]]++;

  const out = new Float64Array(n);
  const sums = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      for (let f = 0; f < d; f++) {
        const diff = data[i * d + f] - data[j * d + f];
        s += diff * diff;
      }
      sums[cluster[j]] += Math.sqrt(s);
    }
    const own = cluster[i];
    if (size[own] === 1) continue; // s(i) = 0
    const a = sums[own] / (size[own] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own) b = Math.min(b, sums[c] / size[c]);
    const m = Math.max(a, b);
    out[i] = m === 0 ? 0 : (b - a) / m;
  }
  return out;
}

/** Mean silhouette (1/n) Σᵢ s(i) ∈ [−1, 1]: near 1 compact, well-separated clusters; near 0 overlapping ones. */
export function silhouetteScore(x: PointMatrix, labels: ArrayLike<number>): number {
  const s = silhouetteSamples(x, labels);
  let total = 0;
  for (const v of s) total += v;
  return total / s.length;
}
