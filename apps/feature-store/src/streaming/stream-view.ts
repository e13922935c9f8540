import { createHash } from 'node:crypto';
import { aggregateFeatureName, type FeatureViewDefinition, type StreamEventPayload } from '@foresight/contracts';
import { encodeOnlineValue, entityIdOf } from '@foresight/feature-store-client';
import { type AggregationPlan, type AggregationState, createAggregationPlan, FeatureEngineError, readState } from '../engine';
import { StreamEventRejectedException } from './streaming.exception';

/** A stream-sourced view as the aggregator needs it: compiled once per definition change, never per event. */
export interface StreamView {
  tenantId: string;
  name: string;
  version: number;
  topic: string;
  joinKeys: readonly string[];
  /** The view's TTL (0 = none): aggregates read `expired` this long after the entity's latest event. */
  ttlMs: number;
  plan: AggregationPlan;
  /**
   * Short hash of the plan's bucket layout, part of the state key: a version that changes what the
   * buckets hold starts a fresh state instead of tripping over the old one (which expires).
   */
  layoutId: string;
  /** After this long without a write a state holds nothing any read at or after now can see. */
  stateTtlMs: number;
}

/** The view's aggregations as engine specs, one per (column, fn, window), named as the definition names them. */
export function toStreamView(
  row: { tenantId: string; name: string; version: number; ttlMs: number; definition: FeatureViewDefinition; joinKeys: readonly string[] },
  allowedLatenessMs: number,
): StreamView | null {
  const { definition } = row;
  if (!('stream' in definition.source) || definition.aggregations.length === 0) return null;
  const plan = createAggregationPlan(
    definition.aggregations.flatMap((a) => a.windows.map((window) => ({ name: aggregateFeatureName(a.column, a.fn, window), fn: a.fn, field: a.column, window }))),
    { allowedLateness: allowedLatenessMs },
  );
  const longest = Math.max(...plan.tiers.map((t) => t.maxWindowMs + t.resolutionMs));
  return {
    tenantId: row.tenantId,
    name: row.name,
    version: row.version,
    topic: definition.source.stream,
    joinKeys: row.joinKeys,
    ttlMs: row.ttlMs,
    plan,
    layoutId: createHash('sha256').update(plan.fingerprint).digest('hex').slice(0, 16),
    stateTtlMs: longest + allowedLatenessMs,
  };
}

/** The entity an event is about, for one view: its `entityId`, or the view entity's join keys taken from `entity`. */
export function entityIdFor(view: StreamView, payload: StreamEventPayload): string {
  if (payload.entityId !== undefined) return payload.entityId;
  const entity = payload.entity ?? {};
  const missing = view.joinKeys.filter((k) => !Object.prototype.hasOwnProperty.call(entity, k));
  if (missing.length > 0) {
    throw new StreamEventRejectedException(
      `event has no ${missing.map((k) => `"${k}"`).join(', ')} in "entity", which feature view "${view.name}" needs to key its entity (it has ${Object.keys(entity).map((k) => `"${k}"`).join(', ')})`,
    );
  }
  return entityIdOf(view.joinKeys, entity);
}

/**
 * The online fields of the aggregates as of `now`: each value stamped with the entity's latest event
 * time (so `ageMs` is the time since the entity's last event and the view's TTL applies to it, as for
 * any other feature), and `"<t>|"` for a null aggregate (mean of an empty window), which the write
 * script turns into a deleted field: the online store has no null, a reader sees `missing`.
 * Null when `now` is before what the state can answer (its events lie ahead of the clock).
 */
export function onlineFieldsAt(view: StreamView, state: AggregationState, now: number): [string, string][] | null {
  if (state.maxEventTime === null) return [];
  let values;
  try {
    values = readState(view.plan, state, now);
  } catch (error) {
    if (error instanceof FeatureEngineError && error.code === 'READ_BEFORE_WATERMARK') return null;
    throw error;
  }
  const t = state.maxEventTime;
  return Object.entries(values).map(([name, value]) => [name, value === null ? `${t}|` : encodeOnlineValue(value, t)]);
}

/**
 * When the aggregates next change with no new event, or null if they never will: a bucket k of
 * width g (events in ((k−1)·g, k·g]) enters a window of width w when the read time reaches k·g and
 * leaves it at k·g + w (see aggregation-plan.ts). While the state's events lie ahead of the clock,
 * the first time it can be read at all.
 */
export function nextChangeAt(view: StreamView, state: AggregationState, now: number): number | null {
  if (state.maxEventTime === null) return null;
  const { plan } = view;
  const watermark = state.maxEventTime - plan.allowedLatenessMs;
  const readableFrom = Math.max(...plan.tiers.map((tier) => Math.floor(watermark / tier.resolutionMs) * tier.resolutionMs));
  if (readableFrom > now) return readableFrom;
  let next = Infinity;
  const windowsByResolution = new Map<number, Set<number>>();
  for (const spec of plan.specs) windowsByResolution.set(spec.resolutionMs, (windowsByResolution.get(spec.resolutionMs) ?? new Set()).add(spec.windowMs));
  for (const key of Object.keys(state.buckets)) {
    const colon = key.indexOf(':');
    const resolution = Number(key.slice(0, colon));
    const end = Number(key.slice(colon + 1)) * resolution;
    for (const window of windowsByResolution.get(resolution) ?? []) {
      for (const at of [end, end + window]) if (at > now && at < next) next = at;
    }
  }
  return Number.isFinite(next) ? next : null;
}
