import { OnlineFeatureLookupError, parseViewRef, presentValues, reading, scriptRequest } from './online-feature-reader';
import { decodeOnlineValue, encodeOnlineValue, entityIdOf, onlineKey } from './online-keys';

describe('online store encoding and query planning (unit)', () => {
  it('round-trips typed values with their event time', () => {
    for (const value of [812, 90.5, -3.5e-7, 0, 'a|b "c"', 'true', '12', true, false, '']) {
      expect(decodeOnlineValue(encodeOnlineValue(value, 1767323045000))).toEqual({ value, eventTimeMs: 1767323045000 });
    }
  });

  it('classifies a stored value as present, expired (older than the TTL) or missing', () => {
    const raw = encodeOnlineValue(7, 1_000);
    expect(reading(raw, 500, 1_400)).toEqual({ value: 7, ageMs: 400, status: 'present' });
    expect(reading(raw, 500, 1_500)).toEqual({ value: 7, ageMs: 500, status: 'present' });
    expect(reading(raw, 500, 1_501)).toEqual({ value: null, ageMs: 501, status: 'expired' });
    expect(reading(raw, 0, 10_000_000)).toEqual({ value: 7, ageMs: 9_999_000, status: 'present' });
    expect(reading(null, 500, 1_000)).toEqual({ value: null, ageMs: null, status: 'missing' });
  });

  it('keeps only present values for a model, null when there are none', () => {
    expect(presentValues({ entityId: 'e', features: { a: { value: 1, ageMs: 3, status: 'present' }, b: { value: null, ageMs: 9, status: 'expired' } } })).toEqual({ a: 1 });
    expect(presentValues({ entityId: 'e', features: { b: { value: null, ageMs: null, status: 'missing' } } })).toBeNull();
  });

  it('parses view references and groups a feature filter by view', () => {
    expect(parseViewRef('schools')).toEqual({ view: 'schools', version: 0 });
    expect(parseViewRef('schools@12')).toEqual({ view: 'schools', version: 12 });
    expect(parseViewRef({ view: 'schools', version: 3 })).toEqual({ view: 'schools', version: 3 });
    expect(() => parseViewRef('schools@0')).toThrow(OnlineFeatureLookupError);
    expect(scriptRequest({ tenantId: 't', views: ['a@2', 'b', 'c'], entityIds: ['e'], features: ['b:x', 'a:y', 'b:z'] })).toEqual({
      request: { views: [{ view: 'a', version: 2, features: ['y'], strict: true }, { view: 'b', version: 0, features: ['x', 'z'], strict: true }] },
      qualified: true,
    });
    expect(() => scriptRequest({ tenantId: 't', views: ['a'], entityIds: ['e'], features: ['x'] })).toThrow(/must be "<view>:<feature>"/);
    expect(scriptRequest({ tenantId: 't', view: 'a', entityIds: ['e'] })).toEqual({ request: { views: [{ view: 'a', version: 0, strict: true }] }, qualified: false });
  });

  it('builds tenant-scoped keys that separators in names cannot make collide', () => {
    expect(onlineKey('a', 'v', 'x:y')).not.toEqual(onlineKey('a', 'v:x', 'y'));
    expect(onlineKey('a', 'v', 'e')).not.toEqual(onlineKey('b', 'v', 'e'));
    expect(onlineKey('a', 'v', 'e')).toBe('fs:{a}:v:e');
  });

  it('derives entity ids from join keys: the value, or the JSON array of a composite key', () => {
    expect(entityIdOf(['school_id'], { school_id: 42, x: 1 })).toBe('42');
    expect(entityIdOf(['store', 'sku'], { sku: 'A-1', store: 7 })).toBe('[7,"A-1"]');
  });
});
