import { categoryKey, isMissing, parseBoolean, parseNumber, parseTimestamp } from './values';

describe('reading single values', () => {
  it.each([null, undefined, '', '   ', 'NA', 'N/A', 'n/a', 'null', 'NULL', 'NaN', 'nan', '#N/A', 'None', NaN, Infinity, new Date('nope')])(
    'treats %p as missing',
    (value) => expect(isMissing(value)).toBe(true),
  );

  it.each([0, 'zero', 'false', false, '0', 'n'])('treats %p as present', (value) => expect(isMissing(value)).toBe(false));

  it.each([
    [3.5, 3.5],
    ['3.5', 3.5],
    [' 42 ', 42],
    ['1e3', 1000],
    ['-2.5E-1', -0.25],
    ['+7', 7],
    ['.5', 0.5],
    ['5.', 5],
  ])('parses %p as the number %p', (value, expected) => expect(parseNumber(value)).toBe(expected));

  it.each(['', 'abc', '1,234', '0x10', '12px', 'Infinity', '1e999', true, null, '2024-03-01', [], {}])(
    'does not read %p as a number',
    (value) => expect(parseNumber(value)).toBeUndefined(),
  );

  it.each([
    [true, true],
    ['TRUE', true],
    [' yes ', true],
    ['Yes', true],
    [1, true],
    ['1', true],
    [false, false],
    ['false', false],
    ['FALSE', false],
    ['no', false],
    [0, false],
  ])('parses %p as the flag %p', (value, expected) => expect(parseBoolean(value)).toBe(expected));

  it.each(['maybe', 2, 'y', null])('does not read %p as a flag', (value) => expect(parseBoolean(value)).toBeUndefined());

  it('reads ISO-like dates as UTC instants, honouring explicit offsets', () => {
    expect(parseTimestamp('2024-03-01')).toBe(Date.UTC(2024, 2, 1));
    expect(parseTimestamp('2024-03-01T10:00:00Z')).toBe(Date.UTC(2024, 2, 1, 10));
    expect(parseTimestamp('2024-03-01 10:00')).toBe(Date.UTC(2024, 2, 1, 10)); // no zone → UTC, not server-local
    expect(parseTimestamp('2024-03-01T10:00:00.250+02:00')).toBe(Date.UTC(2024, 2, 1, 8, 0, 0, 250));
    expect(parseTimestamp('2024-03-01T10:00:00-0530')).toBe(Date.UTC(2024, 2, 1, 15, 30));
    expect(parseTimestamp('2024/3/1')).toBe(Date.UTC(2024, 2, 1));
    expect(parseTimestamp(new Date(Date.UTC(2020, 0, 1)))).toBe(Date.UTC(2020, 0, 1));
  });

  it.each(['2024-02-30', '2023-02-29', '2024-13-01', '03/01/2024', '2024-03-01T25:00', 'yesterday', 20240301])(
    'does not read %p as a date',
    (value) => expect(parseTimestamp(value)).toBeUndefined(),
  );

  it('spells categories so that 1 and "1" agree, trimming strings but keeping case', () => {
    expect(categoryKey(1)).toBe('1');
    expect(categoryKey(' 1 ')).toBe('1');
    expect(categoryKey(' Red ')).toBe('Red');
    expect(categoryKey('red')).toBe('red');
    expect(categoryKey(true)).toBe('true');
    expect(categoryKey({ a: 1 })).toBe('{"a":1}');
    expect(categoryKey('N/A')).toBeUndefined();
  });
});
