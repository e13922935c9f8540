/**
 * Calendar features of the time a forecast is for. With timestamps (a start instant per series
 * and a regular frequency), the parts that vary at that frequency, all in UTC; without them,
 * the position in the season t mod m, which is what "day of week" is for daily data with m = 7.
 */

/** Spacing of consecutive observations. */
export type CalendarFrequency = 'hour' | 'day' | 'week' | 'month';

export const CALENDAR_FREQUENCIES: readonly CalendarFrequency[] = ['hour', 'day', 'week', 'month'];

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 24 * MS_PER_HOUR;

/** Feature names per frequency: only the parts that change from one observation to the next. */
const PARTS: Readonly<Record<CalendarFrequency, readonly string[]>> = {
  hour: ['hourOfDay', 'dayOfWeek'],
  day: ['dayOfWeek', 'dayOfMonth', 'month', 'weekOfYear'],
  week: ['weekOfYear', 'month'],
  month: ['month'],
};

export function calendarFeatureNames(frequency: CalendarFrequency): readonly string[] {
  return PARTS[frequency];
}

/** The instant of observation t of a series whose observation 0 is at `start` (months keep the day of month, as date arithmetic does). */
export function timeOfIndex(start: number, t: number, frequency: CalendarFrequency): number {
  switch (frequency) {
    case 'hour':
      return start + t * MS_PER_HOUR;
    case 'day':
      return start + t * MS_PER_DAY;
    case 'week':
      return start + t * 7 * MS_PER_DAY;
    case 'month': {
      const d = new Date(start);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + t, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
    }
  }
}

/**
 * ISO 8601 week number 1–53 of a UTC instant: the week (Monday to Sunday) that holds the
 * year's first Thursday is week 1, so 1 January can fall in week 52 or 53 of the year before.
 */
export function isoWeek(epochMs: number): number {
  const d = new Date(epochMs);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const weekday = (d.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const thursday = new Date(day + (3 - weekday) * MS_PER_DAY);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  return Math.floor((thursday.getTime() - yearStart) / MS_PER_DAY / 7) + 1;
}

/** Writes the `calendarFeatureNames(frequency)` parts of `epochMs` into out[offset…]: day of week 0 (Sunday)–6, month 1–12. */
export function writeCalendarFeatures(epochMs: number, frequency: CalendarFrequency, out: Float32Array, offset: number): void {
  const d = new Date(epochMs);
  const parts = PARTS[frequency];
  for (let k = 0; k < parts.length; k++) {
    let v: number;
    switch (parts[k]) {
      case 'hourOfDay':
        v = d.getUTCHours();
        break;
      case 'dayOfWeek':
        v = d.getUTCDay();
        break;
      case 'dayOfMonth':
        v = d.getUTCDate();
        break;
      case 'month':
        v = d.getUTCMonth() + 1;
        break;
      default:
        v = isoWeek(epochMs);
    }
    out[offset + k] = v;
  }
}
