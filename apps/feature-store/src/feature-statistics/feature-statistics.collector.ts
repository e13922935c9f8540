import type { DatasetColumnType, FeatureDtype, FeatureStatisticsProfile } from '@foresight/contracts';
import { ColumnProfiler } from '../datasets/ingest/column-profiler';

const PROFILE_TYPE: Record<FeatureDtype, DatasetColumnType> = { int64: 'integer', float64: 'number', bool: 'boolean', timestamp: 'timestamp', string: 'category' };

/**
 * Statistics of a view's features over the rows they were computed for, one pass, bounded memory:
 * the dataset ingestion's ColumnProfiler per feature (Welford mean/std, reservoir quantiles, exact
 * counts up to 10,000 distinct values then HyperLogLog), so a feature and the dataset column it
 * comes from are profiled the same way and compare directly.
 */
export class FeatureStatisticsCollector {
  private readonly profilers: Array<{ name: string; dtype: FeatureDtype; profiler: ColumnProfiler }>;
  private count = 0;

  constructor(features: ReadonlyArray<{ name: string; dtype: FeatureDtype }>) {
    this.profilers = features.map((f) => ({ ...f, profiler: new ColumnProfiler(f.name) }));
  }

  get rows(): number {
    return this.count;
  }

  /** One row's feature values; an absent or null feature counts as missing. */
  add(values: Readonly<Record<string, unknown>>): void {
    this.count++;
    for (const { name, profiler } of this.profilers) {
      const value = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : null;
      profiler.add(value === null || value === undefined ? null : String(value));
    }
  }

  profiles(): FeatureStatisticsProfile[] {
    return this.profilers.map(({ name, dtype, profiler }) => {
      const { missing, distinct, min, max, mean, std, quantiles, topValues } = profiler.profile(PROFILE_TYPE[dtype]);
      return {
        name,
        dtype,
        count: this.count - missing,
        missing,
        distinct,
        ...(min !== undefined ? { min } : {}),
        ...(max !== undefined ? { max } : {}),
        ...(mean !== undefined ? { mean } : {}),
        ...(std !== undefined ? { std } : {}),
        ...(quantiles ? { quantiles } : {}),
        ...(topValues ? { topValues } : {}),
      };
    });
  }
}
