import { cellFromJson, cellFromText, misfit, readCell } from './cells';

describe('cells', () => {
  it('stores missing tokens as null and everything else as sent', () => {
    expect(['', '  ', 'NA', 'n/a', ' null ', 'NaN', '#N/A', '-1.#IND'].map(cellFromText)).toEqual(new Array(8).fill(null));
    expect(['0', ' 1 ', 'None of these', 'nan-ish', '2024-01-01', '1.#INDx'].map(cellFromText)).toEqual(['0', ' 1 ', 'None of these', 'nan-ish', '2024-01-01', '1.#INDx']);
    expect([1.5, 1e21, true, false, null, undefined, NaN, { a: 1 }, [1], 'NA'].map(cellFromJson)).toEqual(['1.5', '1e+21', 'true', 'false', null, null, null, '{"a":1}', '[1]', null]);
  });

  it('reads cells as their column type, null when they do not fit', () => {
    expect(readCell(' 42 ', 'integer')).toBe(42);
    expect(readCell('4.2', 'integer')).toBeNull();
    expect(readCell('4.2', 'number')).toBe(4.2);
    expect([' Yes ', 'no', 'TRUE', '0', 'maybe'].map((v) => readCell(v, 'boolean'))).toEqual([true, false, true, false, null]);
    expect(readCell('2024-01-02 03:04', 'timestamp')).toBe('2024-01-02T03:04:00.000Z');
    expect(readCell('2024-01-02T03:04:05+02:00', 'timestamp')).toBe('2024-01-02T01:04:05.000Z');
    expect(readCell('03/01/2024', 'timestamp')).toBeNull();
    expect(readCell('  Paris ', 'category')).toBe('Paris');
    expect(readCell('  Paris ', 'text')).toBe('  Paris ');
    expect(readCell(null, 'text')).toBeNull();
    expect(misfit('abc', 'integer')).toBe('"abc" is not an integer');
    expect(misfit(null, 'integer')).toBeUndefined();
  });
});
