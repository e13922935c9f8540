import { STATISTICS_QUANTILES, type ColumnStatistics, type TrainingStatistics } from '@foresight/contracts';
import { categoryKey, cell, parseBoolean, parseNumber, parseTimestamp, type ColumnType } from '@foresight/ml';

/** Categories kept per categorical column: the head of the distribution, where drift shows. */
export const TOP_CATEGORIES = 20;

/**
 * Describes the training rows column by column, the way monitoring will describe live inputs:
 * numeric columns by count, missing, mean, population standard deviation, min, max and
 * quantiles (linear interpolation between order statistics, Hyndman & Fan type 7 — numpy's and
 * pandas' default); categorical and boolean columns by their most frequent values; timestamps
 * by their range. A value that does not read as the column's type counts as missing, as it does
 * for the model (see the ML library's TYPE_DOMINANCE).
 */
export function describeTrainingData(
  rows: readonly unknown[],
  columns: ReadonlyArray<{ name: string; type: ColumnType }>,
  target?: { name: string; type: ColumnType },
): TrainingStatistics {
  const out: Record<string, ColumnStatistics> = {};
  for (const column of columns) Object.defineProperty(out, column.name, { value: describeColumn(rows, column.name, column.type), enumerable: true });
  return { rows: rows.length, columns: out, ...(target ? { target: describeColumn(rows, target.name, target.type) } : {}) };
}

export function describeColumn(rows: readonly unknown[], name: string, type: ColumnType): ColumnStatistics {
  if (type === 'numeric') return numericStatistics(rows.map((r) => parseNumber(cell(r, name))));
  if (type === 'timestamp') {
    let min = Infinity;
    let max = -Infinity;
    let count = 0;
    for (const row of rows) {
      const t = parseTimestamp(cell(row, name));
      if (t === undefined) continue;
      count++;
      min = Math.min(min, t);
      max = Math.max(max, t);
    }
    const range = count ? { min: new Date(min).toISOString(), max: new Date(max).toISOString() } : {};
    return { kind: 'timestamp', count, missing: rows.length - count, ...range };
  }
  const read = type === 'boolean' ? (v: unknown) => parseBoolean(v)?.toString() : categoryKey;
  return categoricalStatistics(rows.map((r) => read(cell(r, name))));
}

export function numericStatistics(values: ReadonlyArray<number | undefined>): ColumnStatistics {
  const present = Float64Array.from(values.filter((v): v is number => v !== undefined)).sort();
  const n = present.length;
  const missing = values.length - n;
  if (n === 0) return { kind: 'numeric', count: 0, missing };
  let sum = 0;
  for (const v of present) sum += v;
  const mean = sum / n;
  let squares = 0;
  for (const v of present) squares += (v - mean) ** 2;
  const quantiles: Record<string, number> = {};
  for (const p of STATISTICS_QUANTILES) quantiles[String(p)] = quantileOfSorted(present, p);
  return { kind: 'numeric', count: n, missing, mean: mean + 0, std: Math.sqrt(squares / n) + 0, min: present[0]! + 0, max: present[n - 1]! + 0, quantiles };
}

/** Type-7 quantile of ascending `sorted` (non-empty): x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]) with h = (n − 1)p. */
export function quantileOfSorted(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!) + 0;
}

export function categoricalStatistics(values: ReadonlyArray<string | undefined>): ColumnStatistics {
  const counts = new Map<string, number>();
  let count = 0;
  for (const v of values) {
    if (v === undefined) continue;
    count++;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  // Most frequent first; ties by value so that the same rows always give the same list.
  const top = [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, TOP_CATEGORIES)
    .map(([value, c]) => ({ value, count: c, frequency: c / count }));
  return { kind: 'categorical', count, missing: values.length - count, distinct: counts.size, top };
}
