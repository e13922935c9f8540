import { aggregateDtype, type AggregationFn, type DatasetRowError, type FeatureStatisticsProfile, type FeatureValue, type MaterializationSkipReason } from '@foresight/contracts';
import type { OnlineWrite } from '@foresight/feature-store-client';
import { type AggregationEvent, aggregateAtTimes } from '../engine';
import { FeatureStatisticsCollector } from '../feature-statistics/feature-statistics.collector';
import type { OfflineAppend } from './offline-feature-log';
import { SOURCE_VALUES_KEY, type ViewSource } from './view-source';

/** Bad rows listed in a report (all of them are counted). */
export const MAX_REPORTED_ERRORS = 20;

interface Latest {
  eventTime: number;
  features: Record<string, FeatureValue>;
}

/**
 * One materialization's pass over a dataset version, in memory bounded by the number of entities
 * (plus the aggregation inputs of a view that has aggregations, which its online values and
 * statistics are computed from): maps each row through the view, counts what it leaves out, feeds
 * the statistics, and hands back the offline rows that are new (event time after `after`, the
 * watermark of an incremental run; -Infinity for a full one).
 */
export class MaterializationPass {
  rowsRead = 0;
  readonly skipped: Partial<Record<MaterializationSkipReason, number>> = {};
  readonly errors: DatasetRowError[] = [];
  /** Newest valid event time seen (null before any). */
  maxEventTime: number | null = null;
  private readonly latest = new Map<string, Latest>();
  private readonly changed = new Set<string>();
  private readonly events = new Map<string, AggregationEvent[]>();
  private readonly declaredStats: FeatureStatisticsCollector;

  constructor(
    private readonly source: ViewSource,
    private readonly after: number,
  ) {
    this.declaredStats = new FeatureStatisticsCollector(source.declared);
  }

  /** The batch's new offline rows. */
  add(rows: ReadonlyArray<Readonly<Record<string, unknown>>>): OfflineAppend[] {
    const appends: OfflineAppend[] = [];
    for (const raw of rows) {
      const line = ++this.rowsRead;
      const outcome = this.source.map(raw);
      if (!outcome.ok) {
        this.skip(outcome.reason);
        if (this.errors.length < MAX_REPORTED_ERRORS) this.errors.push({ line, reason: outcome.detail });
        continue;
      }
      const { entityId, eventTime, features, sourceValues } = outcome.row;
      this.declaredStats.add(features);
      if (this.maxEventTime === null || eventTime > this.maxEventTime) this.maxEventTime = eventTime;
      const current = this.latest.get(entityId);
      // Equal times: the later row wins, as the later write does in the stores.
      if (!current || eventTime >= current.eventTime) this.latest.set(entityId, { eventTime, features });
      if (sourceValues) {
        const list = this.events.get(entityId);
        const event = { eventTime, values: sourceValues };
        if (list) list.push(event);
        else this.events.set(entityId, [event]);
      }
      if (eventTime <= this.after) {
        this.skip('already_materialized');
        continue;
      }
      this.changed.add(entityId);
      appends.push({ entityId, eventTime, featuresJson: JSON.stringify(sourceValues ? { ...features, [SOURCE_VALUES_KEY]: sourceValues } : features) });
    }
    return appends;
  }

  /**
   * The online write of every entity with a new row: its latest row's features and, for a view
   * with aggregations, the aggregates as of `now` (as the streaming path writes them), all stamped
   * with the entity's latest event time so the view's TTL ages them alike. Null values are left
   * out (the online store has no null).
   */
  *onlineWrites(tenantId: string, now: number): Iterable<OnlineWrite> {
    const plan = this.source.plan;
    for (const entityId of this.changed) {
      const latest = this.latest.get(entityId)!;
      const features: Record<string, FeatureValue> = { ...latest.features };
      if (plan) {
        const [aggregates] = aggregateAtTimes(this.events.get(entityId) ?? [], plan, [now]);
        for (const [name, value] of Object.entries(aggregates!)) if (value !== null) features[name] = value;
      }
      if (Object.keys(features).length === 0) continue;
      yield { tenantId, view: this.source.view, entityId, features, eventTime: new Date(latest.eventTime), ttlMs: this.source.ttlMs, defined: true };
    }
  }

  /** Valid rows seen (what the statistics cover). */
  get validRows(): number {
    return this.declaredStats.rows;
  }

  /**
   * Statistics of every feature over the valid rows: declared features as computed, aggregates as
   * of each row's event time (what a training set with those timestamps would hold).
   */
  statistics(): FeatureStatisticsProfile[] {
    const plan = this.source.plan;
    if (!plan) return this.declaredStats.profiles();
    const aggregateStats = new FeatureStatisticsCollector(plan.specs.map((s) => ({ name: s.name, dtype: aggregateDtype(s.fn as AggregationFn) })));
    for (const events of this.events.values()) {
      for (const values of aggregateAtTimes(events, plan, events.map((e) => e.eventTime))) aggregateStats.add(values);
    }
    return [...this.declaredStats.profiles(), ...aggregateStats.profiles()];
  }

  private skip(reason: MaterializationSkipReason): void {
    this.skipped[reason] = (this.skipped[reason] ?? 0) + 1;
  }
}
