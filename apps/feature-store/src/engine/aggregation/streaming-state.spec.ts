import { FeatureEngineError } from '../engine.error';
import { createAggregationPlan } from './aggregation-plan';
import { aggregateAsOf } from './batch-aggregate';
import { applyEvent, type AggregationState, createState, decodeState, encodeState, mergeStates, readState } from './streaming-state';

const T0 = Date.UTC(2024, 0, 1);
const MIN = 60_000;
const HOUR = 60 * MIN;

const plan = createAggregationPlan(
  [
    { name: 'n1h', fn: 'count', window: '1h' },
    { name: 'sum1d', fn: 'sum', field: 'amount', window: '1d' },
    { name: 'sd1d', fn: 'stddev', field: 'amount', window: '1d' },
    { name: 'last1h', fn: 'last', field: 'amount', window: '1h' },
    { name: 'kinds1d', fn: 'distinct_count', field: 'kind', window: '1d' },
  ],
  { allowedLateness: '10m' },
);

function feed(state: AggregationState, times: number[], amount = (i: number) => i): void {
  times.forEach((t, i) => expect(applyEvent(plan, state, { eventTime: t, values: { amount: amount(i), kind: `k${i % 3}` } }).status).toBe('applied'));
}

describe('streaming aggregation state', () => {
  it('reads the hand-computed values', () => {
    const state = createState(plan);
    feed(state, [T0 + 5 * MIN, T0 + 20 * MIN, T0 + 50 * MIN, T0 + 70 * MIN], (i) => [1, 2, 3, 10][i]);
    // t = 01:10:20 → 1h window at 1m resolution is (00:10, 01:10]: 00:20, 00:50, 01:10.
    // 1d at 30m resolution ends at 01:00: 00:05, 00:20, 00:50 → 1 + 2 + 3.
    expect(readState(plan, state, T0 + 70 * MIN + 20_000)).toEqual({ n1h: 3, sum1d: 6, sd1d: 1, last1h: 10, kinds1d: 3 });
  });

  it('accepts an event exactly at the watermark and rejects one a millisecond older, saying why', () => {
    const state = createState(plan);
    feed(state, [T0 + HOUR]);
    expect(applyEvent(plan, state, { eventTime: T0 + 50 * MIN, values: { amount: 5 } }).status).toBe('applied');
    const late = applyEvent(plan, state, { eventTime: T0 + 50 * MIN - 1, values: { amount: 7 } });
    expect(late).toMatchObject({ status: 'too_late', touched: [], expired: [] });
    expect('reason' in late && late.reason).toBe(
      'event time 2024-01-01T00:49:59.999Z is before the watermark 2024-01-01T00:50:00.000Z (latest event 2024-01-01T01:00:00.000Z minus 600000 ms allowed lateness)',
    );
    expect(readState(plan, state, T0 + HOUR).sum1d).toBe(5); // 0 + 5, not 7 (1d window ends at 01:00)
  });

  it('reports an event without a readable time as invalid and leaves the state alone', () => {
    const state = createState(plan);
    const before = JSON.stringify(state);
    expect(applyEvent(plan, state, { eventTime: 'soon', values: {} }).status).toBe('invalid_event');
    expect(JSON.stringify(state)).toBe(before);
  });

  it('ignores a replayed offset per partition and refuses a malformed one', () => {
    const state = createState(plan);
    const event = { eventTime: T0, values: { amount: 4 } };
    expect(applyEvent(plan, state, event, { partition: 0, offset: '41' }).status).toBe('applied');
    expect(applyEvent(plan, state, event, { partition: 0, offset: '41' }).status).toBe('duplicate');
    expect(applyEvent(plan, state, event, { partition: 0, offset: 40 }).status).toBe('duplicate');
    expect(applyEvent(plan, state, event, { partition: 1, offset: 3 }).status).toBe('applied');
    expect(readState(plan, state, T0).n1h).toBe(2);
    expect(state.offsets).toEqual({ '0': 41, '1': 3 });
    expect(() => applyEvent(plan, state, event, { partition: 0, offset: 'x' })).toThrow(/Invalid source offset x for partition 0/);
    expect(() => applyEvent(plan, state, event, { partition: '__proto__', offset: 1 })).toThrow(FeatureEngineError);
  });

  it('stays bounded: buckets older than the longest window before the watermark expire', () => {
    const state = createState(plan);
    const times = Array.from({ length: 30 * 24 * 6 }, (_, i) => T0 + i * 10 * MIN); // 30 days, every 10 minutes
    feed(state, times);
    // 1m tier (1h window): ≤ 60 + 10 (lateness) + 1 buckets; 30m tier (1d window): ≤ 48 + 1 + 1.
    const keys = Object.keys(state.buckets);
    expect(keys.filter((k) => k.startsWith('60000:')).length).toBeLessThanOrEqual(71);
    expect(keys.filter((k) => k.startsWith('1800000:')).length).toBeLessThanOrEqual(50);
    const now = times[times.length - 1];
    expect(readState(plan, state, now)).toEqual(aggregateAsOf(times.map((t, i) => ({ eventTime: t, values: { amount: i, kind: `k${i % 3}` } })), plan, now));
  });

  it('refuses reads whose window reaches into expired buckets', () => {
    const state = createState(plan);
    feed(state, [T0, T0 + 3 * 86_400_000]);
    expect(() => readState(plan, state, T0 + HOUR)).toThrow(expect.objectContaining({ code: 'READ_BEFORE_WATERMARK' }));
    expect(readState(plan, state, T0 + 3 * 86_400_000 - 10 * MIN).n1h).toBe(0);
  });

  it('round-trips through Redis hash fields and refuses a state built for another layout', () => {
    const state = createState(plan);
    feed(state, [T0, T0 + MIN, T0 + 2 * MIN]);
    const fields = encodeState(state);
    // Bucket k holds ((k−1)·g, k·g]: T0 closes bucket T0/g, the next minutes open the following ones.
    const m = T0 / MIN;
    const h = T0 / (30 * MIN);
    expect(Object.keys(fields).sort()).toEqual([`b:1800000:${h}`, `b:1800000:${h + 1}`, `b:60000:${m}`, `b:60000:${m + 1}`, `b:60000:${m + 2}`, 'meta']);
    expect(decodeState(plan, fields)).toEqual(state);
    expect(decodeState(plan, {})).toEqual(createState(plan));
    const other = createAggregationPlan([{ name: 'n', fn: 'count', window: '2h' }]);
    expect(() => decodeState(other, fields)).toThrow(expect.objectContaining({ code: 'STATE_MISMATCH' }));
  });

  it('merges two states of disjoint events into the state of their union', () => {
    const times = Array.from({ length: 40 }, (_, i) => T0 + i * 3 * MIN);
    const a = createState(plan);
    const b = createState(plan);
    times.forEach((t, i) => applyEvent(plan, i % 2 ? a : b, { eventTime: t, values: { amount: i * 1.5, kind: `k${i % 5}` } }));
    const merged = mergeStates(plan, a, b);
    const all = times.map((t, i) => ({ eventTime: t, values: { amount: i * 1.5, kind: `k${i % 5}` } }));
    const t = times[times.length - 1] + MIN;
    const got = readState(plan, merged, t);
    const want = aggregateAsOf(all, plan, t);
    expect(got.sd1d as number).toBeCloseTo(want.sd1d as number, 9);
    expect({ ...got, sd1d: 0 }).toEqual({ ...want, sd1d: 0 });
    expect(readState(plan, a, t).n1h).toBeLessThan(want.n1h as number); // the inputs are untouched
  });
});
