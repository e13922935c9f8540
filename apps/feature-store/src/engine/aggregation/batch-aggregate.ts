/**
 * The batch half of the aggregation semantics defined in aggregation-plan.ts, over an event log
 * (the accepted events, in arrival order or sorted by event time with ties in arrival order —
 * the position in the array breaks `last` ties).
 *
 * `aggregateAsOf` computes each spec straight from its definition (the reference the streaming
 * state is tested against). `aggregateAtTimes` answers many read times for one entity in
 * O(n log n + m log m + (n + m)·specs): the events are cut into the same buckets the streaming
 * state keeps, and each window slides over them with a two-stacks fold (and a multiset for
 * distinct counts) as the sorted read times advance.
 */
import { categoryKeyOf, toNumber, toValue, type Value } from '../expression/values';
import { type Instant, instantToMs, requireInstant } from '../time';
import type { AggregationEvent } from './aggregation-event';
import type { AggregationPlan, ResolvedAggregation } from './aggregation-plan';
import { addEvent, type BucketAggregate, emptyBucket, mergeBuckets, readSpec } from './bucket-aggregate';
import { SlidingFold } from './sliding-fold';
import { bucketIdOf, windowBucketIds } from './streaming-state';

interface TimedEvent {
  time: number;
  /** Position in the log: arrival order among events with equal times. */
  index: number;
  values: Readonly<Record<string, unknown>>;
}

/** Valid events sorted by (event time, position); events without a readable time are skipped. */
function timedEvents(events: readonly AggregationEvent[]): TimedEvent[] {
  const out: TimedEvent[] = [];
  let sorted = true;
  events.forEach((event, index) => {
    const time = instantToMs(event?.eventTime);
    if (time === undefined || !event.values || typeof event.values !== 'object') return;
    if (out.length > 0 && time < out[out.length - 1].time) sorted = false;
    out.push({ time, index, values: event.values });
  });
  if (!sorted) out.sort((a, b) => a.time - b.time || a.index - b.index);
  return out;
}

/** Every spec of the plan as of t, by definition. */
export function aggregateAsOf(events: readonly AggregationEvent[], plan: AggregationPlan, t: Instant): Record<string, Value> {
  const at = requireInstant(t, 'read time');
  const timed = timedEvents(events);
  const out: Record<string, Value> = {};
  for (const spec of plan.specs) {
    const end = Math.floor(at / spec.resolutionMs) * spec.resolutionMs;
    const inWindow = timed.filter((e) => e.time > end - spec.windowMs && e.time <= end);
    out[spec.name] = computeDirect(spec, inWindow);
  }
  return out;
}

function computeDirect(spec: ResolvedAggregation, events: TimedEvent[]): Value {
  if (spec.field === null) return events.length;
  const field = spec.field;
  const present = events
    .map((e) => ({ e, value: Object.prototype.hasOwnProperty.call(e.values, field) ? toValue(e.values[field]) : null }))
    .filter((p): p is { e: TimedEvent; value: Exclude<Value, null> } => p.value !== null);
  const numbers = present.map((p) => toNumber(p.value)).filter((x): x is number => x !== null);
  const n = numbers.length;
  const sum = numbers.reduce((a, b) => a + b, 0);
  switch (spec.fn) {
    case 'count':
      return present.length;
    case 'sum':
      return sum;
    case 'mean':
      return n > 0 ? sum / n : null;
    case 'min':
      return n > 0 ? Math.min(...numbers) : null;
    case 'max':
      return n > 0 ? Math.max(...numbers) : null;
    case 'stddev': {
      if (n < 2) return null;
      const mean = sum / n;
      return Math.sqrt(numbers.reduce((acc, x) => acc + (x - mean) ** 2, 0) / (n - 1));
    }
    case 'last':
      // Sorted by (time, arrival): the last present value is the latest.
      return present.length > 0 ? present[present.length - 1].value : null;
    case 'distinct_count':
      return new Set(present.map((p) => categoryKeyOf(p.value))).size;
  }
}

/**
 * Every spec of the plan at each of `times` (any order; results come back in the same order),
 * for one entity's events. Equal to `aggregateAsOf` at each time.
 */
export function aggregateAtTimes(events: readonly AggregationEvent[], plan: AggregationPlan, times: readonly Instant[]): Array<Record<string, Value>> {
  const at = times.map((t, i) => requireInstant(t, `read time ${i + 1}`));
  const order = at.map((_, i) => i);
  if (at.some((t, i) => i > 0 && t < at[i - 1])) order.sort((a, b) => at[a] - at[b] || a - b);
  const results: Array<Record<string, Value>> = at.map(() => ({}));
  const timed = timedEvents(events);

  for (const tier of plan.tiers) {
    const buckets = bucketize(timed, plan, tier.resolutionMs);
    const windows = new Map<number, ResolvedAggregation[]>();
    for (const spec of plan.specs) if (spec.resolutionMs === tier.resolutionMs) windows.set(spec.windowMs, [...(windows.get(spec.windowMs) ?? []), spec]);
    for (const specs of windows.values()) slideWindow(buckets, specs, order, at, results);
  }
  return results;
}

function bucketize(timed: readonly TimedEvent[], plan: AggregationPlan, resolutionMs: number): Array<{ id: number; agg: BucketAggregate }> {
  const tier = plan.tiers.find((x) => x.resolutionMs === resolutionMs)!;
  const buckets: Array<{ id: number; agg: BucketAggregate }> = [];
  for (const event of timed) {
    const id = bucketIdOf(event.time, resolutionMs);
    if (buckets.length === 0 || buckets[buckets.length - 1].id !== id) buckets.push({ id, agg: emptyBucket() });
    addEvent(buckets[buckets.length - 1].agg, tier, event.values, event.time, event.index);
  }
  return buckets;
}

/** One window length at one resolution: all its specs share the slide. */
function slideWindow(
  buckets: ReadonlyArray<{ id: number; agg: BucketAggregate }>,
  specs: readonly ResolvedAggregation[],
  order: readonly number[],
  at: readonly number[],
  results: Array<Record<string, Value>>,
): void {
  const fold = new SlidingFold<BucketAggregate>((a, b) => mergeBuckets(a, b, false), emptyBucket);
  const distinctFields = [...new Set(specs.filter((s) => s.fn === 'distinct_count').map((s) => s.field!))];
  const multisets = new Map(distinctFields.map((field) => [field, new Map<string, number>()]));
  const adjust = (agg: BucketAggregate, delta: 1 | -1): void => {
    for (const [field, counts] of multisets) {
      for (const key of agg.f[field]?.d ?? []) {
        const next = (counts.get(key) ?? 0) + delta;
        if (next === 0) counts.delete(key);
        else counts.set(key, next);
      }
    }
  };
  let head = 0; // oldest bucket in the window
  let tail = 0; // next bucket to enter
  let previous: { first: number; last: number; values: Record<string, Value> } | undefined;
  for (const q of order) {
    const { first, last } = windowBucketIds(specs[0], at[q]);
    if (previous && previous.first === first && previous.last === last) {
      Object.assign(results[q], previous.values);
      continue;
    }
    while (tail < buckets.length && buckets[tail].id <= last) {
      fold.push(buckets[tail].agg);
      adjust(buckets[tail].agg, 1);
      tail++;
    }
    while (head < tail && buckets[head].id < first) {
      fold.shift();
      adjust(buckets[head].agg, -1);
      head++;
    }
    const agg = fold.fold();
    const values: Record<string, Value> = {};
    for (const spec of specs) values[spec.name] = readSpec(agg, spec, spec.fn === 'distinct_count' ? multisets.get(spec.field!)!.size : undefined);
    Object.assign(results[q], values);
    previous = { first, last, values };
  }
}

/**
 * Training-set form: the plan's features for each (entity, timestamp) row, in the rows' order,
 * one sliding pass per entity. `eventsByEntity` holds each entity's accepted events.
 */
export function aggregateForRows(
  rows: ReadonlyArray<{ entityId: string; timestamp: Instant }>,
  eventsByEntity: ReadonlyMap<string, readonly AggregationEvent[]>,
  plan: AggregationPlan,
): Array<Record<string, Value>> {
  const groups = new Map<string, number[]>();
  rows.forEach((row, i) => {
    const group = groups.get(row.entityId);
    if (group) group.push(i);
    else groups.set(row.entityId, [i]);
  });
  const out = new Array<Record<string, Value>>(rows.length);
  for (const [entityId, indices] of groups) {
    const results = aggregateAtTimes(eventsByEntity.get(entityId) ?? [], plan, indices.map((i) => rows[i].timestamp));
    indices.forEach((rowIndex, k) => (out[rowIndex] = results[k]));
  }
  return out;
}
