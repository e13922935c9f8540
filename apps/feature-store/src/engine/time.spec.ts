import { formatDuration, parseDuration, requireInstant } from './time';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['15m', 900_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['7d', 604_800_000],
    ['28d', 2_419_200_000],
    ['2w', 1_209_600_000],
    ['250ms', 250],
  ])('%s is %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '0s', '1.5h', '1h30m', '1mo', '1y', '-5m', 'm', '10', '5 min', 'ten seconds'])('refuses %j with what it expected', (text) => {
    expect(() => parseDuration(text)).toThrow(
      expect.objectContaining({ code: 'INVALID_DURATION', message: expect.stringMatching(/^Invalid duration .*: (expected a positive whole number followed by one of ms, s, m, h, d, w|must be greater than zero)/) }),
    );
  });

  it('names the offending text', () => {
    expect(() => parseDuration('1mo')).toThrow('Invalid duration "1mo": expected a positive whole number followed by one of ms, s, m, h, d, w (e.g. "30s", "15m", "1h", "7d", "2w")');
  });

  it('formats back to the largest exact unit', () => {
    expect(['30s', '15m', '1h', '1d', '2w', '90m', '250ms'].map((d) => formatDuration(parseDuration(d)))).toEqual(['30s', '15m', '1h', '1d', '2w', '90m', '250ms']);
  });
});

describe('requireInstant', () => {
  it('reads epoch ms, ISO text (no zone = UTC) and Dates', () => {
    const t = Date.UTC(2024, 2, 5, 10, 0, 0);
    expect([t, '2024-03-05T10:00:00', '2024-03-05T11:00:00+01:00', new Date(t)].map((v) => requireInstant(v, 'time'))).toEqual([t, t, t, t]);
  });

  it('refuses anything else, naming it', () => {
    expect(() => requireInstant('next tuesday', 'read time')).toThrow('Invalid read time "next tuesday": expected epoch milliseconds, an ISO-8601 timestamp or a Date');
  });
});
