import { type AggregationSpec, createAggregationPlan, defaultResolution } from './aggregation-plan';
import { parseDuration } from '../time';

describe('createAggregationPlan', () => {
  it('picks a round default resolution giving at least 48 buckets per window', () => {
    const pairs = ['30s', '15m', '1h', '1d', '7d', '28d', '2w'].map((w) => [w, defaultResolution(parseDuration(w))]);
    expect(pairs).toEqual([
      ['30s', 1_000],
      ['15m', 15_000],
      ['1h', 60_000],
      ['1d', 1_800_000],
      ['7d', 10_800_000],
      ['28d', 43_200_000],
      ['2w', 21_600_000],
    ]);
    expect(defaultResolution(1_500)).toBe(30); // off the ladder: 1500 / 50
  });

  it('groups specs by resolution into tiers that track only what their specs need', () => {
    const plan = createAggregationPlan([
      { name: 'n', fn: 'count', window: '1h' },
      { name: 's', fn: 'sum', field: 'amount', window: '1h' },
      { name: 'l', fn: 'last', field: 'status', window: '15m', resolution: '1m' },
      { name: 'd', fn: 'distinct_count', field: 'merchant', window: '1d' },
    ]);
    expect(plan.tiers.map((t) => [t.resolutionMs, t.maxWindowMs, Object.fromEntries(t.fields)])).toEqual([
      [60_000, 3_600_000, { amount: { numeric: true, last: false, distinct: false }, status: { numeric: false, last: true, distinct: false } }],
      [1_800_000, 86_400_000, { merchant: { numeric: false, last: false, distinct: true } }],
    ]);
    expect(plan.fingerprint).toBe('60000/3600000["amount":n,"status":l];1800000/86400000["merchant":d]');
  });

  it.each<[string, AggregationSpec[], string]>([
    ['no specs', [], 'An aggregation plan needs at least one spec'],
    ['an unknown function', [{ name: 'x', fn: 'median' as never, field: 'a', window: '1h' }], 'Aggregation 1 ("x"): unknown function "median"; expected one of count, sum, mean, min, max, stddev, last, distinct_count'],
    ['a missing field', [{ name: 'x', fn: 'sum', window: '1h' }], 'Aggregation 1 ("x"): sum needs a field'],
    ['a bad window', [{ name: 'x', fn: 'count', window: '1mo' }], 'Aggregation 1 ("x"): Invalid duration "1mo": expected a positive whole number'],
    ['a resolution that does not divide the window', [{ name: 'x', fn: 'count', window: '1h', resolution: '7m' }], 'Aggregation 1 ("x"): resolution 7m does not divide window 1h'],
    [
      'a repeated name',
      [
        { name: 'x', fn: 'count', window: '1h' },
        { name: 'x', fn: 'count', window: '1d' },
      ],
      'Aggregation 2 ("x"): the name "x" is used twice',
    ],
    ['an empty name', [{ name: ' ', fn: 'count', window: '1h' }], 'Aggregation 1: name must be a non-empty string'],
  ])('refuses %s', (_, specs, message) => {
    expect(() => createAggregationPlan(specs)).toThrow(expect.objectContaining({ code: 'INVALID_AGGREGATION', message: expect.stringContaining(message) }));
  });

  it('refuses a negative or malformed allowed lateness', () => {
    expect(() => createAggregationPlan([{ name: 'n', fn: 'count', window: '1h' }], { allowedLateness: -5 })).toThrow(/Invalid allowed lateness -5/);
    expect(createAggregationPlan([{ name: 'n', fn: 'count', window: '1h' }], { allowedLateness: '5m' }).allowedLatenessMs).toBe(300_000);
  });
});
