/**
 * Per key, the mean and the population standard deviation (numpy's default, as scikit-learn's
 * cross-validation reports print) over the records that have it: ROC AUC, say, is missing
 * from a fold whose test rows hold one class.
 */
export function meanAndStd(records: readonly Record<string, number>[]): { mean: Record<string, number>; std: Record<string, number> } {
  const keys = [...new Set(records.flatMap((r) => Object.keys(r)))];
  const mean: Record<string, number> = {};
  const std: Record<string, number> = {};
  for (const key of keys) {
    const values = records.map((r) => r[key]).filter((v): v is number => v !== undefined);
    const m = values.reduce((s, v) => s + v, 0) / values.length;
    mean[key] = m;
    std[key] = Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / values.length);
  }
  return { mean, std };
}
