/**
 * Windowed aggregation definitions and the plan both execution paths share.
 *
 * Semantics (one definition, implemented by batch-aggregate.ts and streaming-state.ts):
 *   - A spec reads as of time t with window w at resolution g (g divides w). The read time is
 *     truncated to the resolution, τ = ⌊t / g⌋·g, and the window covers events whose event time
 *     lies in (τ − w, τ]. Truncation is what makes the streaming state exact: it keeps one
 *     aggregate per bucket ((k−1)·g, k·g] (bucket id k = ⌈eventTime / g⌉, aligned to the epoch, so
 *     days start at 00:00 UTC), and a truncated window is always a whole number of buckets. The price
 *     is freshness: an event becomes visible at the next multiple of g after it (at most g late);
 *     choose g accordingly. It never leaks the future: τ ≤ t.
 *   - count without a field counts events; count(field) counts events where the field is present
 *     (SQL's COUNT(col)). sum, mean, min, max and stddev read numbers (numeric strings and
 *     booleans as 1/0 count; other values and missing fields are skipped). last is the latest
 *     present value by event time, ties broken by arrival order. distinct_count is exact and
 *     counts present values by their text (1 and "1" are one value).
 *   - Empty windows: count, sum and distinct_count are 0; mean, min, max and last are null;
 *     stddev is the sample standard deviation (divides by n − 1, like pandas' std and SQL's
 *     STDDEV_SAMP), null for fewer than 2 values.
 *   - Late events: the watermark is the largest event time seen minus the allowed lateness. An
 *     event at or after the watermark is applied in its bucket wherever it falls; an older one is
 *     rejected as too late. The offline log must record what the stream accepted (or be filtered
 *     with `acceptEvents`, which applies the same rule in arrival order), and the batch path reads
 *     that log: then both paths see the same events and agree.
 */
import { FeatureEngineError } from '../engine.error';
import { formatDuration, toDurationMs } from '../time';

export const AGGREGATION_FUNCTIONS = ['count', 'sum', 'mean', 'min', 'max', 'stddev', 'last', 'distinct_count'] as const;
export type AggregationFn = (typeof AGGREGATION_FUNCTIONS)[number];

export interface AggregationSpec {
  /** Output feature name, unique within a plan. */
  name: string;
  fn: AggregationFn;
  /** Event field to aggregate; optional for count only (then events are counted). */
  field?: string;
  /** "1h", "7d", … or milliseconds. */
  window: string | number;
  /** Bucket width; must divide the window. Default: see `defaultResolution`. */
  resolution?: string | number;
}

export interface ResolvedAggregation {
  readonly name: string;
  readonly fn: AggregationFn;
  readonly field: string | null;
  readonly windowMs: number;
  readonly resolutionMs: number;
}

/** What each bucket of one resolution must track for one field. */
export interface FieldNeeds {
  readonly numeric: boolean;
  readonly last: boolean;
  readonly distinct: boolean;
}

/** All specs sharing one resolution share one series of buckets. */
export interface Tier {
  readonly resolutionMs: number;
  /** Longest window read from this tier: buckets older than it (past the watermark) expire. */
  readonly maxWindowMs: number;
  readonly fields: ReadonlyMap<string, FieldNeeds>;
}

export interface AggregationPlan {
  readonly specs: readonly ResolvedAggregation[];
  readonly tiers: readonly Tier[];
  readonly allowedLatenessMs: number;
  /** Identifies the bucket layout; a streaming state built under another layout is refused. */
  readonly fingerprint: string;
}

export interface PlanOptions {
  /** How far behind the largest event time seen an event may arrive and still count. Default 0. */
  allowedLateness?: string | number;
}

const RESOLUTION_LADDER = ['1s', '5s', '10s', '15s', '30s', '1m', '5m', '10m', '15m', '30m', '1h', '2h', '3h', '6h', '12h', '1d'].map((d) => toDurationMs(d));
/** Buckets per window aimed at by the default: freshness within ~2% of the window, state ≤ ~60 buckets. */
const TARGET_BUCKETS = 48;

/**
 * The coarsest "round" width (1s … 1d) that divides the window into at least 48 buckets:
 * 1h → 1m, 1d → 30m, 7d → 3h, 28d → 12h. Windows too short or too odd for the ladder get
 * window / k for the smallest k ≥ 48 that divides it, or the finest ladder step that divides it.
 */
export function defaultResolution(windowMs: number): number {
  const fits = RESOLUTION_LADDER.filter((g) => windowMs % g === 0);
  const coarse = fits.filter((g) => windowMs / g >= TARGET_BUCKETS);
  if (coarse.length > 0) return coarse[coarse.length - 1];
  if (fits.length > 0) return fits[0];
  for (let k = TARGET_BUCKETS; k <= 1000; k++) if (windowMs % k === 0) return windowMs / k;
  return windowMs;
}

export function createAggregationPlan(specs: readonly AggregationSpec[], options: PlanOptions = {}): AggregationPlan {
  if (!Array.isArray(specs) || specs.length === 0) throw invalid('An aggregation plan needs at least one spec');
  const names = new Set<string>();
  const resolved = specs.map((spec, i) => {
    const where = `Aggregation ${i + 1}${typeof spec?.name === 'string' && spec.name.trim() ? ` ("${spec.name}")` : ''}`;
    if (typeof spec?.name !== 'string' || spec.name.trim() === '') throw invalid(`${where}: name must be a non-empty string`);
    if (spec.name === '__proto__') throw invalid(`${where}: "__proto__" cannot be a feature name`);
    if (names.has(spec.name)) throw invalid(`${where}: the name "${spec.name}" is used twice`);
    names.add(spec.name);
    if (!AGGREGATION_FUNCTIONS.includes(spec.fn)) throw invalid(`${where}: unknown function ${JSON.stringify(spec.fn)}; expected one of ${AGGREGATION_FUNCTIONS.join(', ')}`);
    const field = spec.field === undefined || spec.field === null ? null : spec.field;
    if (field === null && spec.fn !== 'count') throw invalid(`${where}: ${spec.fn} needs a field`);
    if (field !== null && (typeof field !== 'string' || field === '' || field === '__proto__')) throw invalid(`${where}: field must be a non-empty string other than "__proto__"`);
    const windowMs = wrap(where, () => toDurationMs(spec.window, 'window'));
    const resolutionMs = spec.resolution === undefined ? defaultResolution(windowMs) : wrap(where, () => toDurationMs(spec.resolution!, 'resolution'));
    if (windowMs % resolutionMs !== 0) {
      throw invalid(`${where}: resolution ${formatDuration(resolutionMs)} does not divide window ${formatDuration(windowMs)}; windows must be whole numbers of buckets`);
    }
    return { name: spec.name, fn: spec.fn, field, windowMs, resolutionMs } satisfies ResolvedAggregation;
  });
  const allowedLatenessMs = options.allowedLateness === undefined || options.allowedLateness === 0 ? 0 : toDurationMs(options.allowedLateness, 'allowed lateness');
  const tiers = buildTiers(resolved);
  return { specs: resolved, tiers, allowedLatenessMs, fingerprint: fingerprintOf(tiers) };
}

function buildTiers(specs: readonly ResolvedAggregation[]): Tier[] {
  const byResolution = new Map<number, ResolvedAggregation[]>();
  for (const spec of specs) byResolution.set(spec.resolutionMs, [...(byResolution.get(spec.resolutionMs) ?? []), spec]);
  return [...byResolution.entries()]
    .sort(([a], [b]) => a - b)
    .map(([resolutionMs, group]) => {
      const fields = new Map<string, { numeric: boolean; last: boolean; distinct: boolean }>();
      for (const spec of group) {
        if (spec.field === null) continue;
        const needs = fields.get(spec.field) ?? { numeric: false, last: false, distinct: false };
        if (['sum', 'mean', 'min', 'max', 'stddev'].includes(spec.fn)) needs.numeric = true;
        if (spec.fn === 'last') needs.last = true;
        if (spec.fn === 'distinct_count') needs.distinct = true;
        fields.set(spec.field, needs);
      }
      const sortedFields = new Map([...fields.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      return { resolutionMs, maxWindowMs: Math.max(...group.map((s) => s.windowMs)), fields: sortedFields };
    });
}

/**
 * Readable and stable: changes whenever what the buckets hold or how long they are kept changes
 * (a longer window needs buckets an old state has already expired), not when only names do.
 */
function fingerprintOf(tiers: readonly Tier[]): string {
  return tiers
    .map((tier) => {
      const fields = [...tier.fields.entries()].map(([f, n]) => `${JSON.stringify(f)}:${n.numeric ? 'n' : ''}${n.last ? 'l' : ''}${n.distinct ? 'd' : ''}`);
      return `${tier.resolutionMs}/${tier.maxWindowMs}[${fields.join(',')}]`;
    })
    .join(';');
}

function wrap<T>(where: string, f: () => T): T {
  try {
    return f();
  } catch (error) {
    if (error instanceof FeatureEngineError) throw invalid(`${where}: ${error.message}`);
    throw error;
  }
}

function invalid(message: string): FeatureEngineError {
  return new FeatureEngineError('INVALID_AGGREGATION', message);
}
