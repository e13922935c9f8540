import { isMissing, mulberry32, parseBoolean, parseNumber, parseTimestamp } from '@foresight/ml';
import { flagWordFromAscii, isMissingAscii, numberFromAscii, timestampFromAscii, trimEnd, trimStart } from './ascii-values';

/** The value as the ASCII bytes readers see it, padded so ranges never start at 0 or end at the buffer's end. */
const bytes = (s: string) => ({ buf: Buffer.from(`#${s}#`, 'latin1'), start: 1, end: 1 + s.length });
const trimmed = (s: string) => {
  const { buf, start, end } = bytes(s);
  const from = trimStart(buf, start, end);
  return { buf, from, to: trimEnd(buf, from, end) };
};

describe('ASCII value readers agree with the string readers of libs/ml', () => {
  it('reads missing tokens in any case and spacing, and nothing else', () => {
    const cases = ['', ' ', '\t\r\n', 'NA', ' n/a ', 'NULL', 'None', '#N/A N/A', '-1.#IND', '<NA>', 'nan', '-NaN', 'NAN ', 'na!', 'n', 'nul', 'nulls', '0', 'none of it', '#n/a n/b', '\u0001'];
    for (const c of cases) {
      const { buf, start, end } = bytes(c);
      expect([c, isMissingAscii(buf, start, end)]).toEqual([c, isMissing(c)]);
    }
  });

  it('trims what String.prototype.trim trims', () => {
    for (const c of [' a ', '\t\n\v\f\r a b \r\n', 'a', '   ', '\u0001a\u0001', '\u001fa']) {
      const { buf, from, to } = trimmed(c);
      expect([c, buf.toString('latin1', from, to)]).toEqual([c, c.trim()]);
    }
  });

  it('reads true/false/yes/no in any case as parseBoolean does, and no other word', () => {
    for (const c of ['true', 'TRUE', 'Yes', 'yEs', 'no', 'NO', 'false', 'FaLsE', 'n', 'ye', 'tru', 'truee', 'nope', 'f', 'y']) {
      const { buf, start, end } = bytes(c);
      const flag = flagWordFromAscii(buf, start, end);
      expect([c, flag === -1 ? undefined : flag === 1]).toEqual([c, parseBoolean(c)]);
    }
  });

  it('reads numbers as parseNumber does, to the last bit', () => {
    const cases = ['0', '-0', '+1', '1.', '.5', '-.5', '1e3', '1E-3', '2.5e+10', '1e400', '.', '-', '+', 'e5', '1e', '1e+', '0x10', '1_000', '1,5', 'Infinity', 'NaN', '12a', 'a12', '00012', '9007199254740993', '123456789012345', '1234567890123456', '0.1', '0.3', '2.675', '1.005', '-123.456789', '999999999999999.9', '0.000000000000000000001', '1.7976931348623157e308'];
    const random = mulberry32(7);
    for (let i = 0; i < 20_000; i++) cases.push(((random() - 0.3) * 10 ** Math.floor(random() * 12)).toFixed(Math.floor(random() * 8)));
    for (const c of cases) {
      const { buf, from, to } = trimmed(c);
      const x = numberFromAscii(buf, from, to);
      expect([c, Number.isNaN(x) ? undefined : x]).toEqual([c, parseNumber(c)]);
      if (c === '-0') expect(Object.is(x, -0)).toBe(true);
    }
  });

  it('reads timestamps as parseTimestamp does', () => {
    const cases = [
      '2024-01-01',
      '2024/1/2',
      '2024-1-12',
      '2024-01-123',
      '2024-02-29',
      '2023-02-29',
      '1900-02-29',
      '2000-02-29',
      '0000-02-29',
      '0004-02-29',
      '0099-12-31',
      '0100-02-29',
      '2024-13-01',
      '2024-00-10',
      '2024-04-31',
      '2024-01-01T00:00:00.000Z',
      '2024-01-01t10:00z',
      '2024-01-01 9:05',
      '2024-01-01 24:00',
      '2024-01-01 23:60',
      '2024-01-01 23:59:60',
      '2024-01-01T10:00:00.5',
      '2024-01-01T10:00:00.123456789+02:00',
      '2024-01-01T10:00:00.1234567890',
      '2024-01-01T10:00:00.',
      '2024-01-01T10:00:',
      '2024-01-01T10:00.5',
      '2024-01-01T10:00 +0530',
      '2024-01-01T10:00\t-05',
      '2024-01-01T10:00-05:3',
      '2024-01-01T10:00+053',
      '2024-01-01T10:00+05:',
      '2024-01-01T10:00Zx',
      '2024-01-01T',
      '2024-01-01x',
      '2024-01',
      '20240101',
      '12024-01-01',
      '2024-01-01 10:00:00 -00:00',
    ];
    for (let ms = 0; ms < 1000; ms += 7) cases.push(`2024-03-04T05:06:07.${String(ms).padStart(3, '0')}Z`, `2024-03-04T05:06:07.${String(ms % 100).padStart(2, '0')}`, `2024-03-04T05:06:07.${ms % 10}`);
    for (const c of cases) {
      const { buf, from, to } = trimmed(c);
      const t = timestampFromAscii(buf, from, to);
      expect([c, Number.isNaN(t) ? undefined : t]).toEqual([c, parseTimestamp(c)]);
    }
  });
});
