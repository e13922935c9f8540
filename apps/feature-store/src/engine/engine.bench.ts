/**
 * Measures the engine's hot paths on one core: `npx tsx apps/feature-store/src/engine/engine.bench.ts`.
 *   - point-in-time join of 1M entity rows against 3 feature views (the training-set target is
 *     ≤ 60 s for the whole service path; this is the pure join inside it)
 *   - streaming applyEvent throughput and readState latency
 *   - aggregateAtTimes over one entity's long history
 * Data is generated with a seeded PRNG, so runs are comparable.
 */
import { mulberry32 } from '@foresight/ml';
import { aggregateAtTimes, applyEvent, createAggregationPlan, createState, type FeatureRow, pointInTimeJoin, readState } from './index';

const rng = mulberry32(42);
const T0 = Date.UTC(2024, 0, 1);
const DAY = 86_400_000;

function time<T>(label: string, f: () => T): T {
  const started = performance.now();
  const out = f();
  console.log(`${label}: ${((performance.now() - started) / 1000).toFixed(2)} s`);
  return out;
}

// --- point-in-time join: 100k entities × 10 labelled rows, 3 views × 8 rows per entity ---
const ENTITIES = 100_000;
const entityRows = Array.from({ length: ENTITIES * 10 }, (_, i) => ({ entityId: `e${i % ENTITIES}`, timestamp: T0 + Math.floor(rng() * 90 * DAY), label: i & 1 }));
const views = [0, 1, 2].map(() => {
  const byEntity = new Map<string, FeatureRow[]>();
  for (let e = 0; e < ENTITIES; e++) {
    const times = Array.from({ length: 8 }, () => T0 + Math.floor(rng() * 90 * DAY)).sort((a, b) => a - b);
    byEntity.set(`e${e}`, times.map((t) => ({ eventTime: t, features: { x: rng(), y: Math.floor(rng() * 10) } })));
  }
  return byEntity;
});
const matches = time(`pointInTimeJoin 1M rows × 3 views`, () => views.map((view) => pointInTimeJoin(entityRows, view, { ttlMs: 30 * DAY })));
const matched = matches.flat().filter((m) => m.status === 'matched').length;
console.log(`  matched ${matched} of ${matches.length * entityRows.length} (row, view) pairs`);

// --- streaming: one entity, 200k events, 6 specs over 3 resolutions ---
const plan = createAggregationPlan(
  [
    { name: 'n1h', fn: 'count', window: '1h' },
    { name: 'sum1h', fn: 'sum', field: 'amount', window: '1h' },
    { name: 'mean1d', fn: 'mean', field: 'amount', window: '1d' },
    { name: 'sd7d', fn: 'stddev', field: 'amount', window: '7d' },
    { name: 'last1d', fn: 'last', field: 'status', window: '1d' },
    { name: 'merchants7d', fn: 'distinct_count', field: 'merchant', window: '7d' },
  ],
  { allowedLateness: '5m' },
);
const events = Array.from({ length: 200_000 }, (_, i) => ({
  eventTime: T0 + i * 20_000 - Math.floor(rng() * 120_000),
  values: { amount: rng() * 100, status: i % 3 ? 'ok' : 'declined', merchant: `m${Math.floor(rng() * 50)}` },
}));
const state = createState(plan);
time('applyEvent × 200k', () => events.forEach((event, offset) => applyEvent(plan, state, event, { partition: 0, offset })));
console.log(`  state: ${Object.keys(state.buckets).length} buckets, ${JSON.stringify(state).length} bytes of JSON`);
const now = T0 + 200_000 * 20_000;
time('readState × 1000', () => {
  for (let i = 0; i < 1000; i++) readState(plan, state, now + i);
});

// --- batch: the same history at 100k read times ---
const times = Array.from({ length: 100_000 }, (_, i) => T0 + i * 40_000);
time('aggregateAtTimes 200k events × 100k times', () => aggregateAtTimes(events, plan, times));
