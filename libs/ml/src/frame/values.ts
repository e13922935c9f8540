/**
 * Reading single values the way users send them in JSON: numbers as numbers or strings,
 * booleans as booleans or words, dates as ISO-8601-like strings, and many spellings of
 * "nothing here".
 */

/**
 * Strings that mean "missing", compared after trimming and lower-casing: the default
 * `na_values` of pandas.read_csv (so data exported from pandas or spreadsheets reads the same),
 * plus the empty and whitespace-only string.
 */
export const MISSING_TOKENS: ReadonlySet<string> = new Set([
  '',
  '#n/a',
  '#n/a n/a',
  '#na',
  '-1.#ind',
  '-1.#qnan',
  '-nan',
  '1.#ind',
  '1.#qnan',
  '<na>',
  'n/a',
  'na',
  'null',
  'nan',
  'none',
]);

const TRUE_TOKENS: ReadonlySet<string> = new Set(['true', 'yes']);
const FALSE_TOKENS: ReadonlySet<string> = new Set(['false', 'no']);

/** Decimal or scientific notation, optional sign, no thousands separators, no hex. */
const NUMBER_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * `YYYY-MM-DD` (or `/`), optionally followed by `T` or a space, `hh:mm[:ss[.fff]]` and a zone
 * (`Z`, `±hh`, `±hhmm`, `±hh:mm`). A time without zone is read as UTC, never as the server's
 * local time. Day-first or month-first forms (`03/01/2024`) are ambiguous and not dates here.
 */
const TIMESTAMP_PATTERN =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/** null, undefined, NaN, ±Infinity, and the strings in `MISSING_TOKENS`. */
export function isMissing(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'number') return !Number.isFinite(value);
  if (typeof value === 'string') return MISSING_TOKENS.has(value.trim().toLowerCase());
  if (value instanceof Date) return Number.isNaN(value.getTime());
  return false;
}

/** A finite number from a number or a numeric string (`" 42 "`, `"3.5"`, `"1e3"`); else undefined. */
export function parseNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'bigint') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  if (!NUMBER_PATTERN.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * true/false from booleans, the words true/false/yes/no in any case, and 0/1 as number or
 * string (so a flag column that mixes `true` and `1` reads as one flag); else undefined.
 */
export function parseBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : undefined;
  if (typeof value !== 'string') return undefined;
  const s = value.trim().toLowerCase();
  if (TRUE_TOKENS.has(s) || s === '1') return true;
  if (FALSE_TOKENS.has(s) || s === '0') return false;
  return undefined;
}

/** Milliseconds since the Unix epoch (UTC) for an ISO-like date string or a valid Date; else undefined. */
export function parseTimestamp(value: unknown): number | undefined {
  if (value instanceof Date) {
    const t = value.getTime();
    return Number.isNaN(t) ? undefined : t;
  }
  if (typeof value !== 'string') return undefined;
  const m = TIMESTAMP_PATTERN.exec(value.trim());
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millis = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let t = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const zone = m[8];
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMinutes = Number(digits.slice(0, 2)) * 60 + (digits.length > 2 ? Number(digits.slice(2, 4)) : 0);
    t -= sign * offsetMinutes * 60_000;
  }
  return t;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The category a value stands for: trimmed strings keep their case; numbers, booleans and dates
 * are spelled out (so `1` and `"1"` are one category); undefined when missing.
 */
export function categoryKey(value: unknown): string | undefined {
  if (isMissing(value)) return undefined;
  if (typeof value === 'string') return value.trim();
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}

/** What a single present value looks like; `binary` is 0 or 1, readable as a number and as a flag. */
export type ValueKind = 'missing' | 'binary' | 'number' | 'boolean' | 'timestamp' | 'text';

export function valueKind(value: unknown): ValueKind {
  if (isMissing(value)) return 'missing';
  if (typeof value === 'boolean') return 'boolean';
  const n = parseNumber(value);
  if (n !== undefined) return n === 0 || n === 1 ? 'binary' : 'number';
  if (typeof value === 'string') {
    const s = value.trim().toLowerCase();
    if (TRUE_TOKENS.has(s) || FALSE_TOKENS.has(s)) return 'boolean';
  }
  if (parseTimestamp(value) !== undefined) return 'timestamp';
  return 'text';
}
