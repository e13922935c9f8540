import type { DatasetColumnType, FeatureValue } from '@foresight/contracts';
import { categoryKey, isMissing, MISSING_TOKENS, parseBoolean, parseNumber, parseTimestamp } from '@foresight/ml';

/**
 * A stored cell: the value as sent, as text, or null when it is missing. Storing raw text and
 * typing on read means a version's types can only be decided once the whole column is seen,
 * and the same rows from CSV and from JSON are stored (and hashed) alike.
 */
export type RawCell = string | null;

const LONGEST_MISSING_TOKEN = Math.max(...[...MISSING_TOKENS].map((t) => t.length));
const TOKEN_ENDS_WITH_DIGIT = [...MISSING_TOKENS].some((t) => /[0-9]$/.test(t));
// Bound once: the re-exports of @foresight/ml are getters, too slow to go through per cell.
const missing = isMissing;

/**
 * A text field as a cell. Skips `isMissing` (trim, lower-case, set look-up) when the value has
 * nothing to trim and cannot be a missing token: longer than all of them, or ending in a digit
 * as none of them does (checked against the token list itself). That is most cells of a CSV.
 */
export function cellFromText(value: string): RawCell {
  const n = value.length;
  if (n > 0) {
    const first = value.charCodeAt(0);
    const last = value.charCodeAt(n - 1);
    const untrimmable = first > 32 && first < 127 && last > 32 && last < 127;
    if (untrimmable && (n > LONGEST_MISSING_TOKEN || (!TOKEN_ENDS_WITH_DIGIT && last >= 48 && last <= 57))) return value;
  }
  return missing(value) ? null : value;
}

/** A JSON value as a cell: numbers in JavaScript's shortest form, nested values as JSON text. */
export function cellFromJson(value: unknown): RawCell {
  switch (typeof value) {
    case 'string':
      return cellFromText(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : null;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return String(value);
    case 'object':
      return value === null ? null : JSON.stringify(value);
    default:
      return null;
  }
}

/** A cell read as `type`: null when missing or when it does not read as that type. */
export function readCell(raw: RawCell, type: DatasetColumnType): FeatureValue | null {
  if (raw === null) return null;
  switch (type) {
    case 'number':
      return parseNumber(raw) ?? null;
    case 'integer': {
      const n = parseNumber(raw);
      return n !== undefined && Number.isSafeInteger(n) ? n : null;
    }
    case 'boolean':
      return parseBoolean(raw) ?? null;
    case 'timestamp': {
      const t = parseTimestamp(raw);
      return t === undefined ? null : new Date(t).toISOString();
    }
    case 'category':
      return categoryKey(raw) ?? null;
    case 'text':
      return raw;
  }
}

/** Why a present cell does not fit a declared type, or undefined when it fits. */
export function misfit(raw: RawCell, type: DatasetColumnType): string | undefined {
  if (raw === null || readCell(raw, type) !== null) return undefined;
  const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
  return `${JSON.stringify(shown)} is not ${type === 'integer' ? 'an integer' : `a ${type}`}`;
}
