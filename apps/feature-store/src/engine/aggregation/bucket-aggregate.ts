/**
 * The per-bucket aggregate: a commutative monoid (an empty value, an associative merge) that
 * both the streaming state and the batch sliding window fold, so they combine numbers the same way.
 *
 * Variance is carried as M2 (sum of squared deviations from the bucket's mean), added to one
 * value at a time by Welford's update and merged by Chan, Golub & LeVeque's pairwise formula
 * (M2 = M2a + M2b + δ²·na·nb / n, δ = mean_b − mean_a): unlike a sum of squares it does not
 * lose the variance to cancellation when values are large and close together.
 *
 * Keys are short because the state lives in Redis, one JSON bucket per hash field.
 */
import { partitionPoint } from '../sorted';
import { categoryKeyOf, toNumber, toValue, type Value } from '../expression/values';
import type { FieldNeeds, ResolvedAggregation, Tier } from './aggregation-plan';

export interface FieldAggregate {
  /** Events where the field is present. */
  c: number;
  /** Numeric values, their sum, M2, min and max (min/max null while n = 0). */
  n?: number;
  s?: number;
  q?: number;
  lo?: number | null;
  hi?: number | null;
  /** Latest present value: [event time, arrival sequence, value]. */
  l?: [number, number, Value];
  /** Distinct values by their text, sorted. */
  d?: string[];
}

export interface BucketAggregate {
  /** Events in the bucket. */
  r: number;
  f: Record<string, FieldAggregate>;
}

export function emptyBucket(): BucketAggregate {
  return { r: 0, f: {} };
}

/** Adds one event to a bucket in place (the bucket belongs to the caller). */
export function addEvent(bucket: BucketAggregate, tier: Tier, values: Readonly<Record<string, unknown>>, eventTime: number, seq: number): void {
  bucket.r++;
  for (const [field, needs] of tier.fields) {
    const value = Object.prototype.hasOwnProperty.call(values, field) ? toValue(values[field]) : null;
    if (value === null) continue;
    const agg = (bucket.f[field] ??= emptyField(needs));
    agg.c++;
    if (needs.numeric) addNumber(agg, toNumber(value));
    if (needs.last && (agg.l === undefined || isLater(eventTime, seq, agg.l))) agg.l = [eventTime, seq, value];
    if (needs.distinct) insertSorted(agg.d!, categoryKeyOf(value)!);
  }
}

function emptyField(needs: FieldNeeds): FieldAggregate {
  const agg: FieldAggregate = { c: 0 };
  if (needs.numeric) Object.assign(agg, { n: 0, s: 0, q: 0, lo: null, hi: null });
  if (needs.distinct) agg.d = [];
  return agg;
}

function addNumber(agg: FieldAggregate, x: number | null): void {
  if (x === null) return;
  const n = agg.n!;
  const s = agg.s!;
  if (n > 0) agg.q! += (x - s / n) * (x - (s + x) / (n + 1));
  agg.n = n + 1;
  agg.s = s + x;
  agg.lo = agg.lo === null || x < agg.lo! ? x : agg.lo;
  agg.hi = agg.hi === null || x > agg.hi! ? x : agg.hi;
}

function isLater(eventTime: number, seq: number, than: [number, number, Value]): boolean {
  return eventTime > than[0] || (eventTime === than[0] && seq > than[1]);
}

function insertSorted(keys: string[], key: string): void {
  const at = partitionPoint(keys.length, (i) => keys[i] < key);
  if (keys[at] !== key) keys.splice(at, 0, key);
}

/**
 * a ⊕ b as a new bucket (inputs untouched). `withDistinct: false` skips the distinct sets, for
 * the batch sliding window, which counts distinct values with a multiset instead of merging sets.
 */
export function mergeBuckets(a: BucketAggregate, b: BucketAggregate, withDistinct = true): BucketAggregate {
  const f: Record<string, FieldAggregate> = { ...a.f };
  for (const [field, y] of Object.entries(b.f)) {
    const x = a.f[field];
    f[field] = x === undefined ? y : mergeFields(x, y, withDistinct);
  }
  return { r: a.r + b.r, f };
}

function mergeFields(x: FieldAggregate, y: FieldAggregate, withDistinct: boolean): FieldAggregate {
  const out: FieldAggregate = { c: x.c + y.c };
  if (x.n !== undefined && y.n !== undefined) {
    const n = x.n + y.n!;
    if (x.n === 0 || y.n === 0) Object.assign(out, x.n === 0 ? { n, s: y.s, q: y.q } : { n, s: x.s, q: x.q });
    else {
      const delta = y.s! / y.n - x.s! / x.n;
      Object.assign(out, { n, s: x.s! + y.s!, q: x.q! + y.q! + (delta * delta * x.n * y.n) / n });
    }
    out.lo = x.lo === null ? y.lo : y.lo === null ? x.lo : Math.min(x.lo!, y.lo!);
    out.hi = x.hi === null ? y.hi : y.hi === null ? x.hi : Math.max(x.hi!, y.hi!);
  }
  if (x.l !== undefined || y.l !== undefined) out.l = x.l === undefined ? y.l : y.l === undefined ? x.l : isLater(y.l[0], y.l[1], x.l) ? y.l : x.l;
  if (withDistinct && x.d !== undefined && y.d !== undefined) out.d = unionSorted(x.d, y.d);
  return out;
}

function unionSorted(a: string[], b: string[]): string[] {
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i] < b[j])) out.push(a[i++]);
    else if (i >= a.length || b[j] < a[i]) out.push(b[j++]);
    else {
      out.push(a[i++]);
      j++;
    }
  }
  return out;
}

/**
 * The value of one spec from the aggregate of its window. `distinctCount` overrides the set size
 * when the caller counted distinct values itself.
 */
export function readSpec(agg: BucketAggregate, spec: ResolvedAggregation, distinctCount?: number): Value {
  if (spec.field === null) return agg.r;
  const field = agg.f[spec.field];
  switch (spec.fn) {
    case 'count':
      return field?.c ?? 0;
    case 'sum':
      return field?.n ? field.s! : 0;
    case 'mean':
      return field?.n ? field.s! / field.n : null;
    case 'min':
      return field?.n ? field.lo! : null;
    case 'max':
      return field?.n ? field.hi! : null;
    case 'stddev':
      return field?.n !== undefined && field.n >= 2 ? Math.sqrt(Math.max(field.q!, 0) / (field.n - 1)) : null;
    case 'last':
      return field?.l ? field.l[2] : null;
    case 'distinct_count':
      return distinctCount ?? field?.d?.length ?? 0;
  }
}
