import { MlInputError, MlInputErrorCode } from '../errors/ml-input.error';

/**
 * The spacing of a series: calendar months (monthly, quarterly, yearly data, whose steps are not
 * a fixed number of milliseconds) or a fixed step in milliseconds (hourly, daily, weekly, …).
 */
export type Frequency = { readonly unit: 'month'; readonly step: number } | { readonly unit: 'ms'; readonly step: number };

const DAY = 86_400_000;

/** Timestamp `steps` steps after `from` (calendar months keep the day of month, clamped to the month's end). */
export function stepTimestamp(frequency: Frequency, from: number, steps: number): number {
  if (frequency.unit === 'ms') return from + steps * frequency.step;
  const d = new Date(from);
  const months = d.getUTCMonth() + steps * frequency.step;
  const year = d.getUTCFullYear() + Math.floor(months / 12);
  const month = ((months % 12) + 12) % 12;
  const day = Math.min(d.getUTCDate(), new Date(Date.UTC(year, month + 1, 0)).getUTCDate());
  return Date.UTC(year, month, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

/** The usual seasonal period of a frequency: 24 hours, 7 days, 52 weeks, 12 months, 4 quarters; otherwise none. */
export function defaultSeasonLength(frequency: Frequency): number {
  if (frequency.unit === 'month') return frequency.step === 1 ? 12 : frequency.step === 3 ? 4 : 1;
  if (frequency.step === 3_600_000) return 24;
  if (frequency.step === DAY) return 7;
  if (frequency.step === 7 * DAY) return 52;
  return 1;
}

export function describeFrequency(frequency: Frequency): string {
  if (frequency.unit === 'month') return frequency.step === 1 ? 'monthly' : frequency.step === 3 ? 'quarterly' : frequency.step === 12 ? 'yearly' : `${frequency.step} months`;
  const named: Record<number, string> = { 3_600_000: 'hourly', [DAY]: 'daily', [7 * DAY]: 'weekly' };
  return named[frequency.step] ?? `${frequency.step} ms`;
}

/** The median gap between consecutive distinct timestamps over every series (lists sorted by time). */
export function detectFrequency(lists: ReadonlyArray<ReadonlyArray<{ t: number }>>): Frequency {
  const gaps: number[] = [];
  for (const list of lists) for (let i = 1; i < list.length; i++) if (list[i]!.t > list[i - 1]!.t) gaps.push(list[i]!.t - list[i - 1]!.t);
  if (gaps.length === 0) throw new MlInputError(MlInputErrorCode.TooFewRows, 'rows', 'every series has a single timestamp; a forecast needs a history');
  gaps.sort((a, b) => a - b);
  const median = gaps[Math.floor(gaps.length / 2)]!;
  const days = median / DAY;
  if (days >= 28 && days <= 31) return { unit: 'month', step: 1 };
  if (days >= 89 && days <= 92) return { unit: 'month', step: 3 };
  if (days >= 365 && days <= 366) return { unit: 'month', step: 12 };
  return { unit: 'ms', step: median };
}

/** Steps from `start` to `t` (rounded to the nearest step). */
export function stepIndex(frequency: Frequency, start: number, t: number): number {
  if (frequency.unit === 'ms') return Math.round((t - start) / frequency.step);
  const a = new Date(start);
  const b = new Date(t);
  const months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
  return Math.round(months / frequency.step);
}
