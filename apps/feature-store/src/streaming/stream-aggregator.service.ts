import { Injectable, Logger } from '@nestjs/common';
import type { StreamEventPayload } from '@foresight/contracts';
import { onlineKey } from '@foresight/feature-store-client';
import { MetricsService } from '@foresight/platform';
import { type AggregationEvent, type AggregationState, applyEvent, decodeState, encodeChanges, instantToMs, type SourcePosition, STATE_META_FIELD } from '../engine';
import { AggregationStateStore, dueMember, parseDueMember, stateKey, type StateWrite } from './aggregation-state.store';
import { entityIdFor, nextChangeAt, onlineFieldsAt, type StreamView } from './stream-view';
import { StreamViewRegistry } from './stream-view.registry';
import { StreamEventRejectedException } from './streaming.exception';

export type StreamOutcome = 'applied' | 'duplicate' | 'too_late';

interface Target {
  view: StreamView;
  entityId: string;
  key: string;
}

/** A state as last written by this process, and the meta it was written with (the next compare-and-set's expectation). */
interface CachedState {
  meta: string;
  state: AggregationState;
}

const MAX_CONFLICTS = 5;
const CACHED_STATES = 10_000;
const REFRESH_BATCH = 500;
const REFRESH_LEASE_MS = 30_000;

/**
 * Applies stream events to the aggregation state of every view of the tenant that reads the topic,
 * and keeps the online values of the aggregates current (design: streaming.module.ts).
 *
 * One event = one round trip in the steady state: the states this process wrote last are kept in
 * memory (a partition's entities keep coming to the same consumer), and the compare-and-set write
 * tells when one changed elsewhere (a rebalance, another instance), in which case it is re-read and
 * the event re-applied. A state that may have been half-applied in memory (a failed write) is dropped.
 */
@Injectable()
export class StreamAggregator {
  private readonly logger = new Logger(StreamAggregator.name);
  private readonly cache = new Map<string, CachedState>();
  private readonly events;
  private readonly refreshed;

  constructor(
    private readonly registry: StreamViewRegistry,
    private readonly store: AggregationStateStore,
    metrics: MetricsService,
  ) {
    this.events = metrics.counter('feature_stream_events_total', 'Stream events per view by outcome (applied, duplicate, too_late) and events no view reads (no_view)', ['topic', 'outcome']);
    this.refreshed = metrics.counter('feature_stream_refreshes_total', 'Online aggregates re-read after their windows slid, by outcome (written, conflict, gone)', ['outcome']);
  }

  /** Outcome per view that reads the topic (none: no view of the tenant reads it). */
  async apply(tenantId: string, topic: string, payload: StreamEventPayload, position: SourcePosition, now = Date.now()): Promise<StreamOutcome[]> {
    const views = this.registry.viewsFor(tenantId, topic);
    if (views.length === 0) {
      this.events.labels(topic, 'no_view').inc();
      return [];
    }
    const eventTime = instantToMs(payload.timestamp);
    if (eventTime === undefined) throw new StreamEventRejectedException(`timestamp ${JSON.stringify(payload.timestamp)} is not a readable instant`);
    // Every view's entity is resolved before anything is written: an event is applied whole or not at all.
    const targets = views.map((view): Target => {
      const entityId = entityIdFor(view, payload);
      return { view, entityId, key: stateKey(tenantId, view.name, view.layoutId, entityId) };
    });
    const event: AggregationEvent = { eventTime, values: { ...payload.fields, ...payload.entity } };
    const outcomes = new Map<Target, StreamOutcome>();
    let pending = targets;
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > MAX_CONFLICTS) throw new Error(`stream event ${topic}@${position.partition}:${position.offset}: aggregation state kept changing concurrently (${MAX_CONFLICTS} attempts)`);
      const states = await this.states(pending);
      const writes: { target: Target; write: StateWrite; cached: CachedState }[] = [];
      try {
        pending.forEach((target, i) => {
          const { state, meta } = states[i]!;
          const result = applyEvent(target.view.plan, state, event, position);
          if (result.status === 'duplicate') return void outcomes.set(target, 'duplicate');
          if (result.status === 'invalid_event') throw new StreamEventRejectedException(result.reason);
          outcomes.set(target, result.status);
          if (result.status === 'too_late') {
            this.logger.warn({ tenantId, topic, view: target.view.name, entityId: target.entityId, partition: position.partition, offset: String(position.offset), reason: result.reason }, 'stream event too late; not aggregated');
          }
          const changes = encodeChanges(state, result);
          // A too-late event changes only the offset mark: the online values stay as they are.
          const online = this.onlineWrite(target, state, now, result.status === 'applied');
          writes.push({
            target,
            cached: { meta: changes.set[STATE_META_FIELD]!, state },
            write: { tenantId, stateKey: target.key, expectedMeta: meta, stateTtlMs: target.view.stateTtlMs, set: changes.set, del: changes.del, ...online, ...this.schedule(target, state, now) },
          });
        });
      } catch (error) {
        // applyEvent changed cached states in place: they no longer match what is stored.
        for (const target of pending) this.cache.delete(target.key);
        throw error;
      }
      let written: boolean[];
      try {
        written = await this.store.write(writes.map((w) => w.write));
      } catch (error) {
        for (const { target } of writes) this.cache.delete(target.key);
        throw error;
      }
      pending = [];
      writes.forEach(({ target, cached }, i) => {
        if (written[i]) return void this.remember(target.key, cached);
        this.cache.delete(target.key);
        pending.push(target);
      });
    }
    const result = targets.map((t) => outcomes.get(t)!);
    for (const outcome of result) this.events.labels(topic, outcome).inc();
    return result;
  }

  /**
   * Re-reads the aggregates whose windows slid past a bucket boundary since they were written (the
   * due schedule says which) and writes them to the online store. Returns how many were written.
   */
  async refreshDue(now = Date.now()): Promise<number> {
    const tenantIds = this.registry.tenantIds();
    let written = 0;
    let claimed: string[][];
    do {
      claimed = await this.store.claimDue(tenantIds, now, now + REFRESH_LEASE_MS, REFRESH_BATCH);
      const targets: Target[] = [];
      const gone = new Map<string, string[]>();
      claimed.forEach((members, i) => {
        const tenantId = tenantIds[i]!;
        for (const member of members) {
          const { view: name, entityId } = parseDueMember(member);
          const view = this.registry.view(tenantId, name);
          if (view) targets.push({ view, entityId, key: stateKey(tenantId, name, view.layoutId, entityId) });
          else gone.set(tenantId, [...(gone.get(tenantId) ?? []), member]);
        }
      });
      const fields = await this.store.load(targets.map((t) => t.key));
      const writes: StateWrite[] = [];
      targets.forEach((target, i) => {
        const meta = fields[i]![STATE_META_FIELD];
        if (meta === undefined) {
          const list = gone.get(target.view.tenantId) ?? [];
          gone.set(target.view.tenantId, [...list, dueMember(target.view.name, target.entityId)]);
          return;
        }
        const state = decodeState(target.view.plan, fields[i]!);
        writes.push({ tenantId: target.view.tenantId, stateKey: target.key, expectedMeta: meta, stateTtlMs: target.view.stateTtlMs, set: {}, del: [], ...this.onlineWrite(target, state, now), ...this.schedule(target, state, now) });
      });
      for (const [tenantId, members] of gone) await this.store.dropDue(tenantId, members);
      this.refreshed.labels('gone').inc([...gone.values()].flat().length);
      // A conflict means an event was applied meanwhile; its write already refreshed the values.
      const results = await this.store.write(writes);
      const ok = results.filter(Boolean).length;
      this.refreshed.labels('written').inc(ok);
      this.refreshed.labels('conflict').inc(results.length - ok);
      written += ok;
    } while (claimed.some((members) => members.length === REFRESH_BATCH));
    return written;
  }

  /** Cached states, or the stored ones read in one round trip. */
  private async states(targets: readonly Target[]): Promise<CachedState[]> {
    const misses = targets.filter((t) => !this.cache.has(t.key));
    const loaded = await this.store.load(misses.map((t) => t.key));
    misses.forEach((target, i) => {
      const fields = loaded[i]!;
      this.remember(target.key, { meta: fields[STATE_META_FIELD] ?? '', state: decodeState(target.view.plan, fields) });
    });
    return targets.map((t) => this.cache.get(t.key)!);
  }

  private remember(key: string, entry: CachedState): void {
    this.cache.delete(key);
    this.cache.set(key, entry);
    if (this.cache.size > CACHED_STATES) this.cache.delete(this.cache.keys().next().value!);
  }

  private onlineWrite(target: Target, state: AggregationState, now: number, changed = true): Pick<StateWrite, 'onlineKey' | 'online' | 'onlineExpireAt'> {
    const { view } = target;
    const online = changed ? (onlineFieldsAt(view, state, now) ?? []) : [];
    const expireAt = view.ttlMs > 0 && state.maxEventTime !== null ? state.maxEventTime + view.ttlMs : 0;
    return { onlineKey: onlineKey(view.tenantId, view.name, target.entityId), online, onlineExpireAt: expireAt };
  }

  private schedule(target: Target, state: AggregationState, now: number): Pick<StateWrite, 'dueMember' | 'dueAt'> {
    return { dueMember: dueMember(target.view.name, target.entityId), dueAt: nextChangeAt(target.view, state, now) };
  }
}
