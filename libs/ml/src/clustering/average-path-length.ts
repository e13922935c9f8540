/** The Euler–Mascheroni constant γ. */
export const EULER_GAMMA = 0.5772156649015329;

/**
 * c(n), the average path length of an unsuccessful search in a binary search tree of n keys
 * (Preiss 1999), used by isolation forests to normalise path lengths and to stand in for the
 * unbuilt subtree below a leaf holding n rows (Liu, Ting & Zhou 2008, eq. 1):
 *
 *   c(n) = 2 H(n − 1) − 2(n − 1)/n,  H(i) ≈ ln i + γ,
 *
 * with c(2) = 1 exactly and c(n) = 0 for n ≤ 1 — the same values as scikit-learn's
 * `_average_path_length`, so scores compare across the two.
 */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}
