/** One record as users send it: JSON object, any values, any column names. */
export type Row = Record<string, unknown>;

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * The value of column `name` in `row`, reading own properties only: a column called
 * `constructor` or `__proto__` must not pick up `Object.prototype`. Anything that is not a
 * plain object (null, a number, an array) has no cells.
 */
export function cell(row: unknown, name: string): unknown {
  if (row === null || typeof row !== 'object' || Array.isArray(row)) return undefined;
  return hasOwn.call(row, name) ? (row as Row)[name] : undefined;
}

/** Every column name in `rows`, in order of first appearance. Names are kept byte for byte. */
export function columnNames(rows: readonly unknown[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) {
    if (row === null || typeof row !== 'object' || Array.isArray(row)) continue;
    for (const key of Object.keys(row)) seen.add(key);
  }
  return [...seen];
}

/** Sets an own enumerable property, safe for keys such as `__proto__`. */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
