import { cell, columnNames, setOwn } from './row';
import { valueKind } from './values';

export type ColumnType = 'numeric' | 'boolean' | 'categorical' | 'timestamp';

/**
 * Share of a column's present values that must read as one kind for the column to get that
 * type. Below 1 so that a price column with a stray "unknown" or "?" stays numeric (the stray
 * values then count as missing) instead of turning into a categorical column of prices.
 */
export const TYPE_DOMINANCE = 0.95;

/** Counts of each value kind in one column. */
export interface ColumnProfile {
  readonly type: ColumnType;
  /** Rows where the value is absent or a missing token. */
  readonly missing: number;
  /** Rows with a present value. */
  readonly present: number;
}

/**
 * Decides a column's type from its present values, in this order:
 * 1. boolean — at least one true/false/yes/no and ≥ TYPE_DOMINANCE of values are flags or 0/1;
 * 2. numeric — ≥ TYPE_DOMINANCE are numbers (so a column of only 0 and 1 stays numeric);
 * 3. timestamp — ≥ TYPE_DOMINANCE are ISO-like dates;
 * 4. categorical otherwise.
 * A column with no present value at all is `numeric`: there is no evidence either way, and a
 * numeric column with nothing observed contributes a constant that the model ignores.
 */
export function profileColumn(values: Iterable<unknown>): ColumnProfile {
  let missing = 0;
  let binary = 0;
  let number = 0;
  let boolean = 0;
  let timestamp = 0;
  let present = 0;
  for (const value of values) {
    const kind = valueKind(value);
    if (kind === 'missing') {
      missing++;
      continue;
    }
    present++;
    if (kind === 'binary') binary++;
    else if (kind === 'number') number++;
    else if (kind === 'boolean') boolean++;
    else if (kind === 'timestamp') timestamp++;
  }
  const needed = TYPE_DOMINANCE * present;
  let type: ColumnType;
  if (present === 0) type = 'numeric';
  else if (boolean > 0 && boolean + binary >= needed) type = 'boolean';
  else if (number + binary >= needed) type = 'numeric';
  else if (timestamp >= needed) type = 'timestamp';
  else type = 'categorical';
  return { type, missing, present };
}

function* columnValues(rows: readonly unknown[], name: string): Generator<unknown> {
  for (const row of rows) yield cell(row, name);
}

/** Profiles `columns` (default: every column seen in `rows`); a column absent from a row counts as missing there. */
export function profileColumns(rows: readonly unknown[], columns?: readonly string[]): Map<string, ColumnProfile> {
  const out = new Map<string, ColumnProfile>();
  for (const name of columns ?? columnNames(rows)) out.set(name, profileColumn(columnValues(rows, name)));
  return out;
}

/** The type of each column in `columns` (default: every column seen in `rows`), keyed by the exact column name. */
export function inferColumnTypes(rows: readonly unknown[], columns?: readonly string[]): Record<string, ColumnType> {
  const out: Record<string, ColumnType> = {};
  for (const [name, profile] of profileColumns(rows, columns)) setOwn(out, name, profile.type);
  return out;
}
