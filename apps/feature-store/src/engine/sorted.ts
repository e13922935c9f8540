/**
 * Binary search for the partition point: the first index i in [0, length) where `before(i)` is
 * false, given that `before` is true for a prefix and false after it (length when always true).
 */
export function partitionPoint(length: number, before: (i: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
