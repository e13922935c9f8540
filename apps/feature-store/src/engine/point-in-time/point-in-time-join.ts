/**
 * Point-in-time ("as of") join: for each labelled entity row, the feature row an online read
 * would have returned at the row's timestamp — the latest feature row of that entity with
 * event time ≤ timestamp, and no older than timestamp − ttl. Nothing after the timestamp is
 * ever used, which is what keeps labels from leaking into training features.
 *
 * Sort-merge: entity rows are grouped by entity and walked in time order against that entity's
 * feature rows (sorted by event time; equal times resolve to the later row in the array, i.e.
 * the later write) with one forward-only cursor, O(n log n) for the sort plus O(n + m). The
 * cursor (AsOfCursor) is exported for callers that stream both inputs already sorted by
 * (entity, time), e.g. two ORDER BY queries, without holding everything in memory.
 */
import { FeatureEngineError } from '../engine.error';
import { type Instant, instantToMs, requireInstant } from '../time';

export interface EntityRow {
  entityId: string;
  timestamp: Instant;
}

export interface FeatureRow<F = Readonly<Record<string, unknown>>> {
  eventTime: Instant;
  features: F;
}

/** matched: a row in [timestamp − ttl, timestamp]; expired: only older ones; missing: none at or before. */
export type PitStatus = 'matched' | 'expired' | 'missing';

export interface PitMatch<F = Readonly<Record<string, unknown>>> {
  status: PitStatus;
  /** Features of the matched row; null unless matched. */
  features: F | null;
  /** Event time (epoch ms) of the matched row, or of the newest too-old row when expired. */
  eventTime: number | null;
}

export interface PitOptions {
  /** Rows older than timestamp − ttlMs do not count (status `expired`); omit for no limit. */
  ttlMs?: number;
}

/**
 * Walks one entity's feature rows forward as the as-of time grows. Times passed to `seek` must
 * not decrease (sort the entity rows by timestamp first).
 */
export class AsOfCursor<F = Readonly<Record<string, unknown>>> {
  private next = 0;
  private lastTime = -Infinity;
  private readonly times: Float64Array;

  constructor(
    private readonly rows: readonly FeatureRow<F>[],
    private readonly ttlMs: number | undefined,
  ) {
    this.times = new Float64Array(rows.length);
    let latest = -Infinity;
    for (let i = 0; i < rows.length; i++) {
      const t = instantToMs(rows[i].eventTime);
      // A row without a readable time can never be "at or before" anything: it is skipped.
      this.times[i] = t === undefined ? Infinity : t;
      if (t === undefined) continue;
      if (t < latest) {
        throw new FeatureEngineError('INVALID_TIMESTAMP', `Feature rows must be sorted by event time: row ${i + 1} (${new Date(t).toISOString()}) follows a row at ${new Date(latest).toISOString()}`);
      }
      latest = t;
    }
  }

  seek(asOf: number): PitMatch<F> {
    if (asOf < this.lastTime) throw new FeatureEngineError('INVALID_TIMESTAMP', `AsOfCursor.seek times must not decrease (${asOf} after ${this.lastTime})`);
    this.lastTime = asOf;
    while (this.next < this.rows.length && this.times[this.next] <= asOf) this.next++;
    let i = this.next - 1;
    while (i >= 0 && this.times[i] === Infinity) i--;
    if (i < 0) return { status: 'missing', features: null, eventTime: null };
    const eventTime = this.times[i];
    if (this.ttlMs !== undefined && eventTime < asOf - this.ttlMs) return { status: 'expired', features: null, eventTime };
    return { status: 'matched', features: this.rows[i].features, eventTime };
  }
}

/**
 * One match per entity row, in the entity rows' order. `featureRowsByEntity` holds each entity's
 * rows sorted by event time (a Map or a plain object keyed by entity id).
 */
export function pointInTimeJoin<F = Readonly<Record<string, unknown>>>(
  entityRows: readonly EntityRow[],
  featureRowsByEntity: ReadonlyMap<string, readonly FeatureRow<F>[]> | Readonly<Record<string, readonly FeatureRow<F>[]>>,
  options: PitOptions = {},
): PitMatch<F>[] {
  const ttlMs = options.ttlMs;
  if (ttlMs !== undefined && !(Number.isFinite(ttlMs) && ttlMs >= 0)) throw new FeatureEngineError('INVALID_DURATION', `Invalid ttl ${ttlMs}: expected a non-negative number of milliseconds`);
  const lookup =
    featureRowsByEntity instanceof Map
      ? (id: string) => featureRowsByEntity.get(id)
      : (id: string) => (Object.prototype.hasOwnProperty.call(featureRowsByEntity, id) ? (featureRowsByEntity as Record<string, readonly FeatureRow<F>[]>)[id] : undefined);

  const n = entityRows.length;
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) times[i] = requireInstant(entityRows[i].timestamp, `timestamp of entity row ${i + 1}`);

  // Group rows by entity in order of first appearance, then order each group by time.
  const groups = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const id = entityRows[i].entityId;
    const group = groups.get(id);
    if (group) group.push(i);
    else groups.set(id, [i]);
  }

  const out = new Array<PitMatch<F>>(n);
  const none = Object.freeze<PitMatch<F>>({ status: 'missing', features: null, eventTime: null });
  for (const [entityId, rows] of groups) {
    const featureRows = lookup(entityId);
    if (!featureRows || featureRows.length === 0) {
      for (const i of rows) out[i] = none;
      continue;
    }
    if (!isSortedBy(rows, times)) rows.sort((a, b) => times[a] - times[b]);
    const cursor = new AsOfCursor<F>(featureRows, ttlMs);
    for (const i of rows) out[i] = cursor.seek(times[i]);
  }
  return out;
}

function isSortedBy(indices: readonly number[], times: Float64Array): boolean {
  for (let k = 1; k < indices.length; k++) if (times[indices[k]] < times[indices[k - 1]]) return false;
  return true;
}
