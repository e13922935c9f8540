import { fitDtype, isMismatch } from './view-source';

describe('fitDtype', () => {
  it('keeps values of the dtype and converts only where nothing is lost', () => {
    expect(fitDtype(12, 'int64')).toBe(12);
    expect(fitDtype(3.5, 'float64')).toBe(3.5);
    expect(fitDtype(10452, 'string')).toBe('10452');
    expect(fitDtype(true, 'string')).toBe('true');
    expect(fitDtype(1, 'bool')).toBe(true);
    expect(fitDtype(0, 'bool')).toBe(false);
    expect(fitDtype('2024-03-01 10:00', 'timestamp')).toBe('2024-03-01T10:00:00.000Z');
    expect(fitDtype(Date.UTC(2024, 2, 1), 'timestamp')).toBe('2024-03-01T00:00:00.000Z');
    expect(fitDtype(null, 'int64')).toBeNull();
  });

  it('flags values that do not fit', () => {
    for (const [value, dtype] of [
      [2.5, 'int64'],
      ['12', 'int64'],
      ['3.5', 'float64'],
      [true, 'float64'],
      [2, 'bool'],
      ['yes', 'bool'],
      ['soon', 'timestamp'],
    ] as const) {
      expect(isMismatch(fitDtype(value, dtype))).toBe(true);
    }
  });
});
