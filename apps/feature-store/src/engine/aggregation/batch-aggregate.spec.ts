import type { AggregationEvent } from './aggregation-event';
import { createAggregationPlan } from './aggregation-plan';
import { aggregateAsOf, aggregateAtTimes, aggregateForRows } from './batch-aggregate';

const T0 = Date.UTC(2024, 0, 1);
const MIN = 60_000;

// The log in arrival order. e5 shares e4's event time and arrives after it.
const log: AggregationEvent[] = [
  { eventTime: T0, values: { amount: 100, category: 'x' } }, // e1: on the open edge of (τ − 1h, τ] for τ = T0 + 60m
  { eventTime: T0 + 1, values: { amount: 2, category: 'a' } }, // e2
  { eventTime: new Date(T0 + 10 * MIN), values: { amount: 4, category: 'b' } }, // e3 (a Date)
  { eventTime: new Date(T0 + 30 * MIN).toISOString(), values: { amount: '6', category: 'a' } }, // e4 (ISO text, numeric text)
  { eventTime: T0 + 30 * MIN, values: { category: 'c' } }, // e5: no amount
  { eventTime: T0 + 45 * MIN, values: { amount: 'abc', category: 'a' } }, // e6: present but not a number
  { eventTime: T0 + 60 * MIN, values: { amount: 8, category: 'b' } }, // e7: exactly at τ
  { eventTime: T0 + 60 * MIN + 10_000, values: { amount: 1000, category: 'z' } }, // e8: after τ, before t
  { eventTime: T0 + 120 * MIN, values: { amount: 5000, category: 'q' } }, // e9: the future
];

const hourly = createAggregationPlan([
  { name: 'events', fn: 'count', window: '1h', resolution: '1m' },
  { name: 'amounts', fn: 'count', field: 'amount', window: '1h', resolution: '1m' },
  { name: 'sum', fn: 'sum', field: 'amount', window: '1h', resolution: '1m' },
  { name: 'mean', fn: 'mean', field: 'amount', window: '1h', resolution: '1m' },
  { name: 'min', fn: 'min', field: 'amount', window: '1h', resolution: '1m' },
  { name: 'max', fn: 'max', field: 'amount', window: '1h', resolution: '1m' },
  { name: 'stddev', fn: 'stddev', field: 'amount', window: '1h', resolution: '1m' },
  { name: 'last_amount', fn: 'last', field: 'amount', window: '1h', resolution: '1m' },
  { name: 'last_category', fn: 'last', field: 'category', window: '1h', resolution: '1m' },
  { name: 'categories', fn: 'distinct_count', field: 'category', window: '1h', resolution: '1m' },
]);

describe('aggregateAsOf (hand-computed)', () => {
  it('reads every function over (τ − 1h, τ], τ = t truncated to the minute', () => {
    // t = 01:00:30 → τ = 01:00:00; window (00:00, 01:00] holds e2…e7.
    expect(aggregateAsOf(log, hourly, T0 + 60 * MIN + 30_000)).toEqual({
      events: 6,
      amounts: 5, // e2, e3, e4, e6, e7 have an amount ('abc' included); e5 has none
      sum: 20, // 2 + 4 + 6 + 8 ('abc' skipped)
      mean: 5,
      min: 2,
      max: 8,
      stddev: Math.sqrt(20 / 3), // deviations² 9 + 1 + 1 + 9 over n − 1 = 3
      last_amount: 8,
      last_category: 'b',
      categories: 3, // a, b, c
    });
  });

  it('breaks event-time ties by arrival and skips events without the field for last', () => {
    // τ = 00:30; window (−00:30, 00:30] holds e1…e5; e4 and e5 tie at 00:30, e5 arrived later.
    const at = aggregateAsOf(log, hourly, T0 + 30 * MIN + 59_999);
    expect(at.last_category).toBe('c');
    expect(at.last_amount).toBe('6'); // e5 has no amount: e4's value, as it was given
    expect(at.events).toBe(5);
    expect(at.sum).toBe(112); // 100 + 2 + 4 + 6
  });

  it('makes an event visible only once the read time reaches the next bucket edge after it', () => {
    const seen = (t: number) => aggregateAsOf(log, hourly, t).max;
    expect(seen(T0 + 60 * MIN + 59_999)).toBe(8); // e8 (01:00:10) is in bucket (01:00, 01:01]
    expect(seen(T0 + 61 * MIN)).toBe(1000);
    expect(aggregateAsOf(log, hourly, T0 + 61 * MIN).events).toBe(6); // e3…e8
  });

  it('gives the empty-window values before any event', () => {
    expect(aggregateAsOf(log, hourly, T0 - 1)).toEqual({
      events: 0,
      amounts: 0,
      sum: 0,
      mean: null,
      min: null,
      max: null,
      stddev: null,
      last_amount: null,
      last_category: null,
      categories: 0,
    });
  });

  it('needs two numbers for a sample standard deviation', () => {
    // τ = 00:10; window (−00:50, 00:10] holds e1, e2, e3 → 100, 2, 4.
    expect(aggregateAsOf(log, hourly, T0 + 10 * MIN).stddev).toBeCloseTo(Math.sqrt(((100 - 106 / 3) ** 2 + (2 - 106 / 3) ** 2 + (4 - 106 / 3) ** 2) / 2), 12);
    const single = createAggregationPlan([{ name: 's', fn: 'stddev', field: 'amount', window: '1m', resolution: '1s' }]);
    expect(aggregateAsOf(log, single, T0 + 10 * MIN).s).toBeNull(); // only e3 in (00:09, 00:10]
  });

  it('truncates each window to its own resolution', () => {
    const plan = createAggregationPlan([
      { name: 'n30s', fn: 'count', window: '30s' }, // default resolution 1s
      { name: 'n1d', fn: 'count', window: '1d' }, // default resolution 30m
      { name: 'sum1d', fn: 'sum', field: 'amount', window: '1d' },
      { name: 'n2w', fn: 'count', window: '2w' }, // default resolution 6h
    ]);
    // t = 01:00:30: 30s window (01:00:00, 01:00:30] holds e8; 1d window ends at 01:00 → e1…e7;
    // 2w window ends at 00:00 → only e1 (at exactly τ).
    expect(aggregateAsOf(log, plan, T0 + 60 * MIN + 30_000)).toEqual({ n30s: 1, n1d: 7, sum1d: 120, n2w: 1 });
  });

  it('counts distinct values by their text', () => {
    const plan = createAggregationPlan([{ name: 'd', fn: 'distinct_count', field: 'v', window: '1h', resolution: '1m' }]);
    const events = [1, '1', 1.0, true, 'true', 'x', null, undefined].map((v, i) => ({ eventTime: T0 + i, values: { v } }));
    expect(aggregateAsOf(events, plan, T0 + MIN).d).toBe(3); // "1", "true", "x"
  });

  it('skips events without a readable event time', () => {
    const events = [...log, { eventTime: 'yesterday', values: { amount: 1 } }, { eventTime: NaN, values: { amount: 1 } }];
    expect(aggregateAsOf(events, hourly, T0 + 60 * MIN).events).toBe(6);
  });
});

describe('aggregateAtTimes', () => {
  it('answers each read time like aggregateAsOf, in the order asked', () => {
    const times = [T0 + 61 * MIN, T0 - 1, T0 + 60 * MIN + 30_000, T0 + 30 * MIN + 59_999, T0 + 61 * MIN, T0 + 5 * 60 * MIN];
    const results = aggregateAtTimes(log, hourly, times);
    expect(results).toEqual(times.map((t) => aggregateAsOf(log, hourly, t)));
    expect(results[2].sum).toBe(20);
    expect(results[5].events).toBe(0);
  });

  it('slides over 20 000 events and 20 000 read times in well under a second', () => {
    const events = Array.from({ length: 20_000 }, (_, i) => ({ eventTime: T0 + i * 7_919, values: { amount: i % 97, category: `c${i % 13}` } }));
    const times = Array.from({ length: 20_000 }, (_, i) => T0 + i * 7_000);
    const started = performance.now();
    const results = aggregateAtTimes(events, hourly, times);
    const elapsed = performance.now() - started;
    expect(results[19_999]).toEqual(aggregateAsOf(events, hourly, times[19_999]));
    expect(elapsed).toBeLessThan(2_000);
  });
});

describe('aggregateForRows', () => {
  it('answers (entity, timestamp) rows in their order, each from its own entity’s events only', () => {
    const other: AggregationEvent[] = [{ eventTime: T0 + 59 * MIN, values: { amount: 1, category: 'k' } }];
    const rows = [
      { entityId: 'u2', timestamp: T0 + 60 * MIN },
      { entityId: 'u1', timestamp: T0 + 60 * MIN + 30_000 },
      { entityId: 'nobody', timestamp: T0 },
      { entityId: 'u1', timestamp: T0 - 1 },
    ];
    const results = aggregateForRows(rows, new Map([['u1', log], ['u2', other]]), hourly);
    expect(results.map((r) => [r.events, r.sum])).toEqual([
      [1, 1],
      [6, 20],
      [0, 0],
      [0, 0],
    ]);
  });
});
