import { ValidationException } from '@foresight/platform';
import { nextCronRun } from './cron-schedule';

describe('nextCronRun', () => {
  const at = (iso: string) => new Date(iso);

  it('finds the next firing strictly after the given time, with or without a seconds field', () => {
    expect(nextCronRun('*/15 * * * *', 'UTC', at('2026-03-01T10:07:30Z')).toISOString()).toBe('2026-03-01T10:15:00.000Z');
    expect(nextCronRun('*/15 * * * *', 'UTC', at('2026-03-01T10:15:00Z')).toISOString()).toBe('2026-03-01T10:30:00.000Z');
    expect(nextCronRun('*/2 * * * * *', 'UTC', at('2026-03-01T10:00:01Z')).toISOString()).toBe('2026-03-01T10:00:02.000Z');
    expect(nextCronRun('@daily', 'UTC', at('2026-03-01T10:00:00Z')).toISOString()).toBe('2026-03-02T00:00:00.000Z');
  });

  it('reads the fields in the schedule’s time zone, across a daylight-saving change', () => {
    // 03:00 in Paris is 02:00Z in winter (UTC+1) and 01:00Z in summer (UTC+2); DST starts 2026-03-29.
    expect(nextCronRun('0 3 * * *', 'Europe/Paris', at('2026-03-27T12:00:00Z')).toISOString()).toBe('2026-03-28T02:00:00.000Z');
    expect(nextCronRun('0 3 * * *', 'Europe/Paris', at('2026-03-29T12:00:00Z')).toISOString()).toBe('2026-03-30T01:00:00.000Z');
  });

  it('refuses a bad expression naming the cron field', () => {
    for (const bad of ['61 * * * *', 'every day', '* * * * * * *']) {
      let error: unknown;
      try {
        nextCronRun(bad, 'UTC', new Date());
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ValidationException);
      expect((error as ValidationException).errors).toEqual([{ path: 'cron', message: expect.any(String) }]);
    }
  });
});
