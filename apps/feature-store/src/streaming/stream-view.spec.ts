import type { FeatureViewDefinition } from '@foresight/contracts';
import { applyEvent, createState } from '../engine';
import { entityIdFor, nextChangeAt, onlineFieldsAt, toStreamView } from './stream-view';
import { StreamEventRejectedException } from './streaming.exception';

const definition = (overrides: Partial<FeatureViewDefinition> = {}): FeatureViewDefinition => ({
  name: 'orders',
  entity: 'customer',
  source: { stream: 'events.orders' },
  timestampColumn: 'ts',
  ttl: '1d',
  description: '',
  features: [],
  aggregations: [
    { column: 'amount', fn: 'sum', windows: ['10s', '1h'] },
    { column: 'amount', fn: 'mean', windows: ['10s'] },
  ],
  ...overrides,
});

const view = (overrides: Partial<FeatureViewDefinition> = {}, joinKeys = ['customer_id']) =>
  toStreamView({ tenantId: 't1', name: 'orders', version: 1, ttlMs: 86_400_000, definition: definition(overrides), joinKeys }, 60_000)!;

describe('stream views', () => {
  it('turns each (column, fn, window) into an engine spec named as the definition names the feature', () => {
    const v = view();
    expect(v.plan.specs.map((s) => [s.name, s.fn, s.field, s.windowMs, s.resolutionMs])).toEqual([
      ['amount_sum_10s', 'sum', 'amount', 10_000, 1_000],
      ['amount_sum_1h', 'sum', 'amount', 3_600_000, 60_000],
      ['amount_mean_10s', 'mean', 'amount', 10_000, 1_000],
    ]);
    expect(v.topic).toBe('events.orders');
    expect(v.plan.allowedLatenessMs).toBe(60_000);
    // Longest window plus its bucket plus the lateness: older states can hold nothing readable.
    expect(v.stateTtlMs).toBe(3_600_000 + 60_000 + 60_000);
  });

  it('keeps the state layout when only names or the TTL change, and starts a new one when the buckets change', () => {
    expect(view({ ttl: '2d' }).layoutId).toBe(view().layoutId);
    expect(view({ aggregations: [{ column: 'amount', fn: 'sum', windows: ['10s', '2h'] }, { column: 'amount', fn: 'mean', windows: ['10s'] }] }).layoutId).not.toBe(view().layoutId);
  });

  it('is not a stream view without a stream source or without aggregations', () => {
    expect(toStreamView({ tenantId: 't1', name: 'x', version: 1, ttlMs: 0, definition: definition({ source: { dataset: { name: 'd' } } }), joinKeys: ['k'] }, 0)).toBeNull();
    expect(toStreamView({ tenantId: 't1', name: 'x', version: 1, ttlMs: 0, definition: definition({ aggregations: [], features: [{ name: 'a', dtype: 'int64' }] }), joinKeys: ['k'] }, 0)).toBeNull();
  });

  it('keys the entity by the view entity’s join keys, or takes entityId as given', () => {
    const ts = 0;
    expect(entityIdFor(view(), { entity: { customer_id: 'c-1', store: 3 }, timestamp: ts, fields: {} })).toBe('c-1');
    expect(entityIdFor(view({}, ['store', 'customer_id']), { entity: { customer_id: 'c-1', store: 3 }, timestamp: ts, fields: {} })).toBe('[3,"c-1"]');
    expect(entityIdFor(view(), { entityId: 'given', timestamp: ts, fields: {} })).toBe('given');
    const missing = () => entityIdFor(view({}, ['customer_id', 'region']), { entity: { customer_id: 'c-1' }, timestamp: ts, fields: {} });
    expect(missing).toThrow(StreamEventRejectedException);
    expect(missing).toThrow('event has no "region" in "entity", which feature view "orders" needs to key its entity (it has "customer_id")');
  });

  it('stamps online aggregates with the latest event time and turns a null aggregate into a deletion', () => {
    const v = view();
    const state = createState(v.plan);
    applyEvent(v.plan, state, { eventTime: 1_000_000, values: { amount: 5 } });
    applyEvent(v.plan, state, { eventTime: 1_000_500, values: { amount: 7 } });
    // Read at 1 001 000: bucket (1 000 000, 1 001 000] has ended, so the 10 s windows see 7 and the 1 h window (1 min buckets) neither.
    expect(onlineFieldsAt(v, state, 1_001_000)).toEqual([
      ['amount_sum_10s', '1000500|12'],
      ['amount_sum_1h', '1000500|0'],
      ['amount_mean_10s', '1000500|6'],
    ]);
    expect(onlineFieldsAt(v, state, 1_020_000)).toEqual([
      ['amount_sum_10s', '1000500|0'],
      ['amount_sum_1h', '1000500|12'],
      ['amount_mean_10s', '1000500|'],
    ]);
  });

  it('says nothing can be read yet while the events lie ahead of the clock beyond the lateness', () => {
    const v = view();
    const state = createState(v.plan);
    applyEvent(v.plan, state, { eventTime: 10_000_000, values: { amount: 1 } });
    expect(onlineFieldsAt(v, state, 1_000)).toBeNull();
    // Readable once every tier's window starts after what it expired: from the watermark (10 000 000 − 60 000) truncated to 1 s.
    expect(nextChangeAt(v, state, 1_000)).toBe(9_940_000);
    expect(onlineFieldsAt(v, state, 9_939_999)).toBeNull();
    expect(onlineFieldsAt(v, state, 9_940_000)).not.toBeNull();
  });

  it('schedules the next time a bucket enters or leaves a window', () => {
    const v = view();
    const state = createState(v.plan);
    applyEvent(v.plan, state, { eventTime: 1_000_500, values: { amount: 1 } }); // 1 s bucket ends 1 001 000, 1 min bucket ends 1 020 000
    expect(nextChangeAt(v, state, 1_000_600)).toBe(1_001_000); // enters the 10 s windows
    expect(nextChangeAt(v, state, 1_001_000)).toBe(1_011_000); // leaves them
    expect(nextChangeAt(v, state, 1_011_000)).toBe(1_020_000); // enters the 1 h window
    expect(nextChangeAt(v, state, 1_020_000)).toBe(1_020_000 + 3_600_000); // leaves it
    expect(nextChangeAt(v, state, 1_020_000 + 3_600_000)).toBeNull();
  });
});
