import { AsOfCursor, type FeatureRow, pointInTimeJoin } from './point-in-time-join';

const T = Date.UTC(2024, 5, 1, 12, 0, 0);
const MIN = 60_000;

// One entity's feature history: written at −2h, −30m, −1ms… and +1ms around the label time T.
const history: FeatureRow[] = [
  { eventTime: T - 120 * MIN, features: { score: 1 } },
  { eventTime: T - 30 * MIN, features: { score: 2 } },
  { eventTime: T + 1, features: { score: 99 } }, // 1 ms after the label: must never be used for T
];

describe('pointInTimeJoin: no leakage from the future', () => {
  it('ignores a feature row written 1 ms after the row’s timestamp', () => {
    const [match] = pointInTimeJoin([{ entityId: 'u1', timestamp: T }], { u1: history });
    expect(match).toEqual({ status: 'matched', features: { score: 2 }, eventTime: T - 30 * MIN });
  });

  it('uses a feature row written exactly at the row’s timestamp', () => {
    const [match] = pointInTimeJoin([{ entityId: 'u1', timestamp: T + 1 }], { u1: history });
    expect(match).toEqual({ status: 'matched', features: { score: 99 }, eventTime: T + 1 });
  });

  it('expires rows older than the ttl and keeps one exactly at timestamp − ttl', () => {
    const rows = [
      { entityId: 'u1', timestamp: T - 30 * MIN + 15 * MIN }, // 15 min after score 2: within ttl
      { entityId: 'u1', timestamp: T }, // 30 min after score 2: exactly at the ttl edge → used
      { entityId: 'u1', timestamp: T - 1 + 0 }, // 29:59.999 after → used
    ];
    const exact = pointInTimeJoin(rows, { u1: history.slice(0, 2) }, { ttlMs: 30 * MIN });
    expect(exact.map((m) => m.status)).toEqual(['matched', 'matched', 'matched']);
    const [expired] = pointInTimeJoin([{ entityId: 'u1', timestamp: T + 1 }], { u1: history.slice(0, 2) }, { ttlMs: 30 * MIN });
    expect(expired).toEqual({ status: 'expired', features: null, eventTime: T - 30 * MIN });
  });

  it('reports missing before the first row and for unknown entities', () => {
    const matches = pointInTimeJoin(
      [
        { entityId: 'u1', timestamp: T - 121 * MIN },
        { entityId: 'nobody', timestamp: T },
      ],
      new Map([['u1', history]]),
    );
    expect(matches).toEqual([
      { status: 'missing', features: null, eventTime: null },
      { status: 'missing', features: null, eventTime: null },
    ]);
  });

  it('answers rows in their own order whatever the order of timestamps and entities', () => {
    const other: FeatureRow[] = [{ eventTime: new Date(T - 5 * MIN).toISOString(), features: { score: 7 } }];
    const rows = [
      { entityId: 'u1', timestamp: T + 5 * MIN, label: 1 },
      { entityId: 'u2', timestamp: new Date(T) },
      { entityId: 'u1', timestamp: T - 60 * MIN },
      { entityId: 'u2', timestamp: T - 6 * MIN },
      { entityId: 'u1', timestamp: '2024-06-01T12:00:00Z' },
    ];
    expect(pointInTimeJoin(rows, { u1: history, u2: other }).map((m) => m.features?.score ?? m.status)).toEqual([99, 7, 1, 'missing', 2]);
  });

  it('takes the later of two rows written at the same time', () => {
    const tied: FeatureRow[] = [
      { eventTime: T, features: { v: 'first' } },
      { eventTime: T, features: { v: 'second' } },
    ];
    expect(pointInTimeJoin([{ entityId: 'e', timestamp: T }], { e: tied })[0].features).toEqual({ v: 'second' });
  });

  it('refuses unsorted feature rows and does not look up inherited keys', () => {
    expect(() => pointInTimeJoin([{ entityId: 'e', timestamp: T }], { e: [...history].reverse() })).toThrow(/Feature rows must be sorted by event time: row 2/);
    expect(pointInTimeJoin([{ entityId: 'constructor', timestamp: T }], {})[0].status).toBe('missing');
    expect(() => pointInTimeJoin([{ entityId: 'e', timestamp: 'later' }], {})).toThrow('Invalid timestamp of entity row 1 "later"');
  });
});

describe('AsOfCursor', () => {
  it('walks forward only', () => {
    const cursor = new AsOfCursor(history, undefined);
    expect(cursor.seek(T - 60 * MIN).features).toEqual({ score: 1 });
    expect(cursor.seek(T + 1).features).toEqual({ score: 99 });
    expect(() => cursor.seek(T)).toThrow(/must not decrease/);
  });
});
