/** Shared argument checks: a length mismatch or empty input is a programming error (RangeError), as in regression-metrics. */

export function checkSameLength(name: string, a: ArrayLike<unknown>, b: ArrayLike<unknown>, bName = 'predicted'): number {
  if (a.length !== b.length) throw new RangeError(`${name}: actual has ${a.length} values, ${bName} has ${b.length}`);
  if (a.length === 0) throw new RangeError(`${name}: needs at least one value`);
  return a.length;
}

/** Row-major n×k probabilities for n labels. */
export function checkProbabilityMatrix(name: string, yTrue: ArrayLike<number>, proba: ArrayLike<number>, classes: number): number {
  if (!(Number.isInteger(classes) && classes >= 2)) throw new RangeError(`${name}: classes must be an integer ≥ 2`);
  const n = yTrue.length;
  if (n === 0) throw new RangeError(`${name}: needs at least one value`);
  if (proba.length !== n * classes) throw new RangeError(`${name}: expected ${n} × ${classes} probabilities, got ${proba.length}`);
  for (let i = 0; i < n; i++)
    if (!(Number.isInteger(yTrue[i]) && yTrue[i] >= 0 && yTrue[i] < classes))
      throw new RangeError(`${name}: label ${i} is ${yTrue[i]}, expected an integer in [0, ${classes})`);
  return n;
}
