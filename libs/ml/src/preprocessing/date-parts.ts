/** Calendar parts a timestamp feature is expanded into, all in UTC. */
export const DATE_PARTS = ['year', 'month', 'dow', 'doy'] as const;
export type DatePart = (typeof DATE_PARTS)[number];

const MS_PER_DAY = 86_400_000;

/**
 * Writes [year, month 1–12, day of week 0 (Sunday)–6, day of year 1–366] of the UTC instant
 * `epochMs` into `out` from `offset`.
 */
export function writeDateParts(epochMs: number, out: Float64Array, offset = 0): void {
  const d = new Date(epochMs);
  const year = d.getUTCFullYear();
  out[offset] = year;
  out[offset + 1] = d.getUTCMonth() + 1;
  out[offset + 2] = d.getUTCDay();
  out[offset + 3] = Math.floor((Date.UTC(year, d.getUTCMonth(), d.getUTCDate()) - Date.UTC(year, 0, 1)) / MS_PER_DAY) + 1;
}
