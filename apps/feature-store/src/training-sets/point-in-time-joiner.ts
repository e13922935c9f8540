import { type AggregationEvent, aggregateAtTimes, AsOfCursor, type FeatureRow, type PitStatus, type Value } from '../engine';
import type { OfflineRow } from '../materialization/offline-feature-log';
import { SOURCE_VALUES_KEY } from '../materialization/view-source';
import type { ViewSelection } from './feature-selection';

export interface FeatureCounts {
  present: number;
  expired: number;
  missing: number;
}

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/**
 * Point-in-time values of one view's selected features for one entity at a series of times, as
 * an online read at each time would have returned them: each feature's latest value with event
 * time at or before the time (its own latest: rows written with only some features leave the
 * others at their earlier values, as the online store's per-feature newest-wins does), null when
 * that value is older than the view's TTL (`expired`) or there is none (`missing`). Nothing
 * after the time is ever used. Aggregates are the engine's batch aggregation of the raw inputs
 * the offline rows keep, as of each time, gated like the streaming path: null unless the entity
 * had an event within the TTL.
 */
export class PointInTimeJoiner {
  readonly counts = new Map<string, FeatureCounts>();

  constructor(private readonly selection: ViewSelection) {
    for (const f of [...selection.declared, ...selection.aggregates]) this.counts.set(f.column, { present: 0, expired: 0, missing: 0 });
  }

  /**
   * `rows`: the entity's offline rows by event time, later writes last. `times`: ascending.
   * Writes each time's feature columns into `out[k]`.
   */
  join(rows: readonly OfflineRow[], times: readonly number[], out: ReadonlyArray<Record<string, Value>>): void {
    const ttlMs = this.selection.ttlMs > 0 ? this.selection.ttlMs : undefined;
    for (const f of this.selection.declared) {
      const series: FeatureRow<Value>[] = [];
      for (const row of rows) {
        const value = hasOwn(row.features, f.feature) ? (row.features[f.feature] as Value) : null;
        if (value !== null && value !== undefined) series.push({ eventTime: row.eventTime, features: value });
      }
      const cursor = new AsOfCursor<Value>(series, ttlMs);
      const counts = this.counts.get(f.column)!;
      for (let k = 0; k < times.length; k++) {
        const match = cursor.seek(times[k]!);
        out[k]![f.column] = match.status === 'matched' ? match.features : null;
        count(counts, match.status);
      }
    }
    if (this.selection.aggregates.length === 0) return;
    const events: Array<AggregationEvent & FeatureRow<null>> = [];
    for (const row of rows) {
      const values = row.features[SOURCE_VALUES_KEY];
      if (values && typeof values === 'object') events.push({ eventTime: row.eventTime, values: values as Record<string, unknown>, features: null });
    }
    const aggregated = events.length > 0 ? aggregateAtTimes(events, this.selection.plan!, times) : [];
    const gate = new AsOfCursor<null>(events, ttlMs);
    for (let k = 0; k < times.length; k++) {
      const { status } = gate.seek(times[k]!);
      for (const f of this.selection.aggregates) {
        const value = status === 'matched' ? (aggregated[k]![f.feature] ?? null) : null;
        out[k]![f.column] = value;
        count(this.counts.get(f.column)!, status === 'matched' && value === null ? 'missing' : status);
      }
    }
  }
}

function count(counts: FeatureCounts, status: PitStatus | 'missing'): void {
  if (status === 'matched') counts.present++;
  else if (status === 'expired') counts.expired++;
  else counts.missing++;
}
