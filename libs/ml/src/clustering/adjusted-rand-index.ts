/**
 * Adjusted Rand index (Hubert & Arabie 1985, "Comparing partitions", J. Classification 2):
 * the Rand index — the share of point pairs two labellings treat alike — corrected for chance,
 *
 *   ARI = (Σᵢⱼ C(nᵢⱼ, 2) − E) / (½[Σᵢ C(aᵢ, 2) + Σⱼ C(bⱼ, 2)] − E),  E = Σᵢ C(aᵢ, 2) · Σⱼ C(bⱼ, 2) / C(n, 2),
 *
 * with nᵢⱼ the contingency table and aᵢ, bⱼ its margins. 1 for identical partitions whatever the
 * label names, ≈ 0 for independent ones, negative below chance. Partitions that are both a single
 * cluster or both all singletons make the denominator 0 and score 1, as in scikit-learn's
 * adjusted_rand_score. Any numbers may serve as labels (DBSCAN noise −1 counts as one more cluster).
 */
export function adjustedRandIndex(labelsA: ArrayLike<number>, labelsB: ArrayLike<number>): number {
  const n = labelsA.length;
  if (labelsB.length !== n) throw new RangeError(`adjustedRandIndex: ${n} labels against ${labelsB.length}`);
  const pairs = (m: number) => (m * (m - 1)) / 2;
  const dense = (labels: ArrayLike<number>): { codes: Uint32Array; count: number } => {
    const index = new Map<number, number>();
    const codes = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      let c = index.get(labels[i]);
      if (c === undefined) index.set(labels[i], (c = index.size));
      codes[i] = c;
    }
    return { codes, count: index.size };
  };
  const a = dense(labelsA);
  const b = dense(labelsB);
  const rowSums = new Float64Array(a.count);
  const colSums = new Float64Array(b.count);
  const cells = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    rowSums[a.codes[i]]++;
    colSums[b.codes[i]]++;
    const key = a.codes[i] * b.count + b.codes[i];
    cells.set(key, (cells.get(key) ?? 0) + 1);
  }
  let index = 0;
  for (const c of cells.values()) index += pairs(c);
  let sumA = 0;
  let sumB = 0;
  for (const r of rowSums) sumA += pairs(r);
  for (const c of colSums) sumB += pairs(c);
  const total = pairs(n);
  if (total === 0) return 1;
  const expected = (sumA * sumB) / total;
  const max = (sumA + sumB) / 2;
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}
