import { Module } from '@nestjs/common';
import { AggregationStateStore } from './aggregation-state.store';
import { StreamAggregator } from './stream-aggregator.service';
import { StreamEventsConsumer } from './stream-events.consumer';
import { StreamViewRegistry } from './stream-view.registry';
import { StreamViewsRepository } from './stream-views.repository';
import { WindowRefresher } from './window-refresher';

/**
 * Streaming feature aggregation: events on `events.<domain>` (contract: @foresight/contracts
 * StreamEventPayloadSchema) update the windowed aggregates of every view with
 * `source: { stream: "events.<domain>" }`, with the batch path's semantics (engine/aggregation).
 *
 * Exactly once. Per (view, entity) the engine's state lives in one Redis hash (a field per bucket plus
 * a meta field holding the per-partition offset high-water mark). An event is applied in memory and
 * written by one Lua script that compares the meta with the one it was built on and then writes
 * state, offset mark and online values together; a replayed offset (crash before the commit, a
 * rebalance, an offset reset) is recognised by the mark and changes nothing.
 *
 * Online values: written, not computed on read. Each applied event writes every aggregate of the view
 * as of that moment into the view's ordinary online hash, so `getOnlineFeatures` reads them like any
 * other feature in its one round trip, with no engine in the client. Computing on read would put the
 * bucket merging (exact stddev, distinct sets, `last`) into the read script or the client library,
 * a second implementation of the semantics next to the engine, on the latency-critical path.
 * The price is that windows slide with no event: a bucket enters a window when its end passes and
 * leaves it one window later. So every write also records in the tenant's due set when the entity's
 * aggregates next change that way, and the WindowRefresher re-reads those entities and rewrites
 * their values: an online aggregate lags its window by at most FEATURE_STREAM_REFRESH_MS (250 ms) plus
 * one refresh pass after a boundary, and is exact otherwise. The refresh uses the same
 * compare-and-set, so it never overwrites a newer event's values.
 *
 * Semantics kept from the engine: a read as of t sees the buckets that ended by t (an event becomes
 * visible when its bucket ends — at most one resolution after its event time, 1 s for windows up to
 * 48 s, 1 min for 1 h; see `defaultResolution`), so the online value equals the batch `aggregateAsOf`
 * of the accepted events at the read time, which is also what training sets see. Each value carries
 * the entity's latest event time: `ageMs` is the time since its last event and the view's TTL
 * expires aggregates of entities that went quiet, as it does for materialized features.
 * A null aggregate (mean of an empty window) is stored as an absent field and reads `missing`.
 *
 * Lateness: FEATURE_STREAM_ALLOWED_LATENESS behind the entity's latest event; older events are
 * counted (feature_stream_events_total{outcome="too_late"}) and logged with the reason, not
 * dead-lettered: they are valid, replaying them later cannot make them count, and the dead-letter
 * topic is for messages someone must fix. Malformed events (schema, missing join key) are
 * dead-lettered with the reason and the stream goes on.
 *
 * Definitions: the stream views of all tenants are cached in memory from PostgreSQL
 * (StreamViewRegistry), rebuilt when a cheap marker query sees a new version: no SQL per event.
 */
@Module({
  providers: [StreamViewsRepository, StreamViewRegistry, AggregationStateStore, StreamAggregator, StreamEventsConsumer, WindowRefresher],
  exports: [StreamAggregator, StreamViewRegistry],
})
export class StreamingModule {}
