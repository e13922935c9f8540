/**
 * Incremental per-entity aggregation state: the streaming half of the semantics defined in
 * aggregation-plan.ts. The state is plain JSON (one small object per bucket) so it can live in a
 * Redis hash with one field per bucket, and two states of one entity can be merged.
 *
 * Exactness: one aggregate per bucket ((k−1)·g, k·g] per resolution g; a read truncates its time
 * to g, so a window is a whole run of buckets and the result equals the batch path's exactly
 * (integers) or up to float rounding (merge order). Bounded: after each event, buckets wholly
 * older than the tier's longest window before the watermark are dropped; no accepted event can
 * land in them (it would be too late), and no read at or after the watermark needs them.
 *
 * Replays: recommended rule — pass the Kafka (partition, offset) as `source`. The state keeps the
 * highest offset applied per partition and answers `duplicate` for anything at or below it, so a
 * consumer that crashed after writing the state but before committing its offset can replay
 * safely, provided the new state (offsets included) is written in one atomic step (a Lua script
 * or MULTI with WATCH on the hash). Entity-keyed topics keep an entity on one partition, so the
 * map stays one entry long. Duplicates produced upstream (a retrying producer) carry new
 * offsets: enable the idempotent producer for those. States unused for longer than the longest
 * window plus the allowed lateness hold nothing a read can see: give the hash that TTL.
 */
import { FeatureEngineError } from '../engine.error';
import type { Value } from '../expression/values';
import { type Instant, requireInstant } from '../time';
import { admit, type AggregationEvent, watermarkOf } from './aggregation-event';
import type { AggregationPlan, ResolvedAggregation, Tier } from './aggregation-plan';
import { addEvent, type BucketAggregate, emptyBucket, mergeBuckets, readSpec } from './bucket-aggregate';

export interface AggregationState {
  v: 1;
  /** The plan fingerprint the buckets were built for. */
  layout: string;
  maxEventTime: number | null;
  /** Arrival counter: breaks ties between events with equal event times for `last`. */
  seq: number;
  /** Highest source offset applied, per partition. */
  offsets: Record<string, number>;
  /** `${resolutionMs}:${bucketId}` → aggregate of the events in that bucket. */
  buckets: Record<string, BucketAggregate>;
}

export interface SourcePosition {
  partition: string | number;
  /** Kafka offsets arrive as decimal strings. */
  offset: string | number | bigint;
}

export type ApplyResult =
  | { status: 'applied'; eventTime: number; touched: string[]; expired: string[] }
  | { status: 'too_late' | 'invalid_event' | 'duplicate'; reason: string; touched: string[]; expired: string[] };

export function createState(plan: AggregationPlan): AggregationState {
  return { v: 1, layout: plan.fingerprint, maxEventTime: null, seq: 0, offsets: {}, buckets: {} };
}

export const bucketKey = (resolutionMs: number, bucketId: number): string => `${resolutionMs}:${bucketId}`;

/** Bucket id k of an event time: the bucket ((k−1)·g, k·g]. */
export const bucketIdOf = (eventTime: number, resolutionMs: number): number => Math.ceil(eventTime / resolutionMs);

/**
 * Applies one event in place. Never throws on the event itself: a bad or late event comes back
 * with its status and the reason, and leaves the buckets as they were.
 */
export function applyEvent(plan: AggregationPlan, state: AggregationState, event: AggregationEvent, source?: SourcePosition): ApplyResult {
  assertLayout(plan, state);
  if (source !== undefined) {
    const partition = String(source.partition);
    if (!/^[A-Za-z0-9._-]{1,249}$/.test(partition) || partition === '__proto__') {
      throw new FeatureEngineError('INVALID_SOURCE_POSITION', `Invalid source partition ${JSON.stringify(partition)}: expected a partition number or a topic-partition name`);
    }
    const offset = Number(source.offset);
    if (!Number.isSafeInteger(offset) || offset < 0) {
      throw new FeatureEngineError('INVALID_SOURCE_POSITION', `Invalid source offset ${String(source.offset)} for partition ${partition}: expected a non-negative integer`);
    }
    const applied = state.offsets[partition];
    if (applied !== undefined && offset <= applied) {
      return { status: 'duplicate', reason: `offset ${offset} of partition ${partition} is at or below the last applied offset ${applied}`, touched: [], expired: [] };
    }
    state.offsets[partition] = offset;
  }
  const admission = admit(event, state.maxEventTime, plan.allowedLatenessMs);
  if (!admission.accepted) return { status: admission.reason, reason: admission.detail, touched: [], expired: [] };

  const { eventTime } = admission;
  const seq = state.seq++;
  const touched: string[] = [];
  for (const tier of plan.tiers) {
    const key = bucketKey(tier.resolutionMs, bucketIdOf(eventTime, tier.resolutionMs));
    addEvent((state.buckets[key] ??= emptyBucket()), tier, event.values, eventTime, seq);
    touched.push(key);
  }
  const expired: string[] = [];
  if (state.maxEventTime === null || eventTime > state.maxEventTime) {
    const previous = state.maxEventTime;
    state.maxEventTime = eventTime;
    expired.push(...expire(plan, state, previous));
  }
  return { status: 'applied', eventTime, touched, expired };
}

/** Buckets with id ≤ this are gone from the tier (none of them can change or be read again). */
function expiredThrough(tier: Tier, maxEventTime: number | null, allowedLatenessMs: number): number {
  const watermark = watermarkOf(maxEventTime, allowedLatenessMs);
  return Math.floor(watermark / tier.resolutionMs) - tier.maxWindowMs / tier.resolutionMs;
}

/**
 * Drops the buckets that fell behind the horizon since `previous` (the max event time before
 * the last advance; null = unknown, scan everything). Invariant kept: no bucket at or below a
 * tier's horizon remains, so only the ids between the old and the new horizon need a look.
 */
function expire(plan: AggregationPlan, state: AggregationState, previous: number | null): string[] {
  const expired: string[] = [];
  const drop = (key: string) => {
    if (state.buckets[key] === undefined) return;
    delete state.buckets[key];
    expired.push(key);
  };
  const scan: Map<number, number> = new Map();
  for (const tier of plan.tiers) {
    const to = expiredThrough(tier, state.maxEventTime, plan.allowedLatenessMs);
    const from = previous === null ? -Infinity : expiredThrough(tier, previous, plan.allowedLatenessMs);
    if (to <= from) continue;
    if (to - from <= MAX_EXPIRY_STEPS) for (let id = from + 1; id <= to; id++) drop(bucketKey(tier.resolutionMs, id));
    else scan.set(tier.resolutionMs, to);
  }
  if (scan.size > 0) {
    for (const key of Object.keys(state.buckets)) {
      const [resolution, id] = parseBucketKey(key);
      const to = scan.get(resolution);
      if (to !== undefined && id <= to) drop(key);
    }
  }
  return expired;
}

/** Beyond this many bucket ids to check, one pass over the state's buckets is cheaper. */
const MAX_EXPIRY_STEPS = 256;

function parseBucketKey(key: string): [number, number] {
  const colon = key.indexOf(':');
  return [Number(key.slice(0, colon)), Number(key.slice(colon + 1))];
}

/**
 * Every spec of the plan as of `t`. Exact for any t whose windows the state still holds, which
 * includes every t at or after the watermark; earlier reads throw READ_BEFORE_WATERMARK (answer
 * those from the offline log with the batch path).
 */
export function readState(plan: AggregationPlan, state: AggregationState, t: Instant): Record<string, Value> {
  assertLayout(plan, state);
  const at = requireInstant(t, 'read time');
  const byTier = new Map<number, Array<[number, BucketAggregate]>>();
  for (const [key, bucket] of Object.entries(state.buckets)) {
    const [resolution, id] = parseBucketKey(key);
    const list = byTier.get(resolution) ?? [];
    list.push([id, bucket]);
    byTier.set(resolution, list);
  }
  for (const list of byTier.values()) list.sort((a, b) => a[0] - b[0]);

  const out: Record<string, Value> = {};
  const windows = new Map<string, BucketAggregate>();
  for (const spec of plan.specs) {
    const tier = plan.tiers.find((x) => x.resolutionMs === spec.resolutionMs)!;
    const { first, last } = windowBucketIds(spec, at);
    const horizon = expiredThrough(tier, state.maxEventTime, plan.allowedLatenessMs);
    if (first <= horizon) {
      throw new FeatureEngineError(
        'READ_BEFORE_WATERMARK',
        `Cannot read "${spec.name}" as of ${new Date(at).toISOString()} from the streaming state: its window starts before buckets the state has already expired (watermark ${new Date(watermarkOf(state.maxEventTime, plan.allowedLatenessMs)).toISOString()}); read it from the offline log`,
      );
    }
    const windowKey = `${spec.resolutionMs}:${first}:${last}`;
    let agg = windows.get(windowKey);
    if (agg === undefined) {
      agg = emptyBucket();
      for (const [id, bucket] of byTier.get(spec.resolutionMs) ?? []) if (id >= first && id <= last) agg = mergeBuckets(agg, bucket);
      windows.set(windowKey, agg);
    }
    out[spec.name] = readSpec(agg, spec);
  }
  return out;
}

/** The buckets a spec reads as of t: ids first…last, i.e. event times in (τ − w, τ], τ = ⌊t/g⌋·g. */
export function windowBucketIds(spec: ResolvedAggregation, t: number): { first: number; last: number } {
  const last = Math.floor(t / spec.resolutionMs);
  return { first: last - spec.windowMs / spec.resolutionMs + 1, last };
}

/**
 * The state of the union of two disjoint event sets (e.g. a backfill and the live stream, or
 * two partitions). Ties in `last` between the two sides fall to the larger arrival counter.
 */
export function mergeStates(plan: AggregationPlan, a: AggregationState, b: AggregationState): AggregationState {
  assertLayout(plan, a);
  assertLayout(plan, b);
  const merged: AggregationState = structuredClone(a);
  for (const [key, bucket] of Object.entries(b.buckets)) {
    merged.buckets[key] = merged.buckets[key] === undefined ? structuredClone(bucket) : mergeBuckets(merged.buckets[key], structuredClone(bucket));
  }
  for (const [partition, offset] of Object.entries(b.offsets)) merged.offsets[partition] = Math.max(merged.offsets[partition] ?? -1, offset);
  merged.seq = Math.max(a.seq, b.seq);
  if (b.maxEventTime !== null && (merged.maxEventTime === null || b.maxEventTime > merged.maxEventTime)) merged.maxEventTime = b.maxEventTime;
  expire(plan, merged, null);
  return merged;
}

function assertLayout(plan: AggregationPlan, state: AggregationState): void {
  if (state?.v !== 1 || state.layout !== plan.fingerprint) {
    throw new FeatureEngineError(
      'STATE_MISMATCH',
      `Aggregation state was built for layout ${JSON.stringify(state?.layout)} but the plan needs ${JSON.stringify(plan.fingerprint)}; rebuild the state from the offline log`,
    );
  }
}

/** Hash field of the state's scalars; every other field is `b:<bucket key>`. */
export const STATE_META_FIELD = 'meta';
const BUCKET_PREFIX = 'b:';

/** The whole state as Redis hash fields. */
export function encodeState(state: AggregationState): Record<string, string> {
  const fields: Record<string, string> = { [STATE_META_FIELD]: encodeMeta(state) };
  for (const [key, bucket] of Object.entries(state.buckets)) fields[BUCKET_PREFIX + key] = JSON.stringify(bucket);
  return fields;
}

/** What one `applyEvent` changed, as an HSET of fields and an HDEL of fields — write both atomically. */
export function encodeChanges(state: AggregationState, result: ApplyResult): { set: Record<string, string>; del: string[] } {
  const set: Record<string, string> = { [STATE_META_FIELD]: encodeMeta(state) };
  for (const key of result.touched) if (state.buckets[key]) set[BUCKET_PREFIX + key] = JSON.stringify(state.buckets[key]);
  return { set, del: result.expired.map((key) => BUCKET_PREFIX + key) };
}

/** A state from its hash fields; no fields (a missing key) is an empty state. */
export function decodeState(plan: AggregationPlan, fields: Readonly<Record<string, string>>): AggregationState {
  const meta = fields[STATE_META_FIELD];
  if (meta === undefined) return createState(plan);
  const state = { ...(JSON.parse(meta) as Omit<AggregationState, 'buckets'>), buckets: {} } as AggregationState;
  for (const [field, raw] of Object.entries(fields)) {
    if (field.startsWith(BUCKET_PREFIX)) state.buckets[field.slice(BUCKET_PREFIX.length)] = JSON.parse(raw) as BucketAggregate;
  }
  assertLayout(plan, state);
  return state;
}

function encodeMeta(state: AggregationState): string {
  return JSON.stringify({ v: state.v, layout: state.layout, maxEventTime: state.maxEventTime, seq: state.seq, offsets: state.offsets });
}
