/**
 * Runtime values of feature expressions and the coercions between them. The value domain is
 * JSON's scalars: number (always finite), string, boolean, null. Rows may carry other things;
 * `readCell` maps them into the domain once, so operators never see NaN, undefined or objects.
 */
import { parseNumber } from '@foresight/ml';
import { instantToMs } from '../time';

export type Value = number | string | boolean | null;
export type Row = Readonly<Record<string, unknown>>;

/** Static type of an expression. `timestamp` is a column declared as one: it reads as epoch ms. */
export type Dtype = 'number' | 'string' | 'boolean' | 'timestamp' | 'unknown';

const hasOwn = (row: Row, name: string): boolean => Object.prototype.hasOwnProperty.call(row, name);

/**
 * The value of a column in a row. Only own properties are read, so a column named `__proto__`
 * or `constructor` sees the row's data and never the object machinery. Dates become epoch ms;
 * undefined, NaN, ±Infinity, objects and arrays become null.
 */
export function readCell(row: Row, name: string): Value {
  if (!hasOwn(row, name)) return null;
  return toValue(row[name]);
}

export function toValue(raw: unknown): Value {
  switch (typeof raw) {
    case 'number':
      return Number.isFinite(raw) ? raw : null;
    case 'string':
    case 'boolean':
      return raw;
    case 'bigint': {
      const n = Number(raw);
      return Number.isFinite(n) ? n : null;
    }
    default:
      if (raw instanceof Date) return instantToMs(raw) ?? null;
      return null;
  }
}

/** A number from a number, a boolean (1/0) or a numeric string ("3.5", " 42 "); else null. */
export function toNumber(value: Value): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') return parseNumber(value) ?? null;
  return null;
}

/** A result of arithmetic: NaN and ±Infinity (log of 0, overflow) become null instead of leaking. */
export function finite(n: number): number | null {
  return Number.isFinite(n) ? n : null;
}

/** The key a value has in a category mapping: 1, "1" and 1.0 are one key; true and "true" are one key. */
export function categoryKeyOf(value: Value): string | null {
  if (value === null) return null;
  if (typeof value === 'string') {
    const n = parseNumber(value);
    return n === undefined ? value : String(n);
  }
  return String(value);
}
