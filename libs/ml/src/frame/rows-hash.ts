import { createHash } from 'node:crypto';

/** JSON.stringify replacer that writes object keys in code-unit order at every depth. */
function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * SHA-256 (hex) of a canonical serialisation of `rows`: each row as JSON with object keys
 * sorted at every depth, rows joined by "\n" in their given order. Key order and whitespace as
 * sent do not change the hash; row order, names and values do. What JSON cannot carry
 * (undefined, NaN) serialises as JSON.stringify does, so the hash equals the hash of the same
 * rows after a JSON round trip.
 */
export function hashRows(rows: readonly unknown[]): string {
  const hash = createHash('sha256');
  rows.forEach((row, i) => {
    if (i > 0) hash.update('\n');
    hash.update(JSON.stringify(row, sortedKeys) ?? 'null');
  });
  return hash.digest('hex');
}
