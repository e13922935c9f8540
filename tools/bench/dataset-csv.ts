// The benchmark table shared by the dataset-ingestion benchmarks: generated row by row from a
// seeded generator, so every run and every tool sends the same bytes without holding them.
import { Readable } from 'node:stream';

export const COLUMNS = ['id', 'ts', 'active', 'segment', 'city', 'amount', 'price', 'score', 'ratio', 'lat', 'lon', 'temp', 'weight', 'height', 'discount', 'qty', 'visits', 'age', 'rank', 'note'];
const SEGMENTS = ['retail', 'wholesale', 'online', 'partner', 'staff'];

/** The benchmark table, row by row, from a seeded generator: 20 columns of every type, a few missing values. */
export function csvStream(rows: number): Readable {
  let s = 42;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  const start = Date.UTC(2024, 0, 1);
  let i = 0;
  return new Readable({
    read() {
      if (i === 0) this.push(`${COLUMNS.join(',')}\n`);
      const lines: string[] = [];
      for (const end = Math.min(rows, i + 2000); i < end; i++) {
        lines.push(
          [
            i,
            new Date(start + i * 1000).toISOString(),
            rnd() < 0.5 ? 'true' : 'false',
            SEGMENTS[i % 5],
            `city-${Math.floor(rnd() * 300)}`,
            (rnd() * 1000).toFixed(2),
            (rnd() * 100).toFixed(3),
            rnd().toFixed(4),
            (rnd() * 2).toFixed(5),
            (48 + rnd()).toFixed(6),
            (2 + rnd()).toFixed(6),
            rnd() < 0.02 ? '' : (rnd() * 40 - 5).toFixed(1),
            (50 + rnd() * 50).toFixed(2),
            (150 + rnd() * 50).toFixed(1),
            (rnd() * 0.3).toFixed(3),
            Math.floor(rnd() * 20),
            Math.floor(rnd() * 500),
            18 + Math.floor(rnd() * 70),
            Math.floor(rnd() * 10_000),
            rnd() < 0.1 ? 'NA' : `note ${Math.floor(rnd() * 50)}`,
          ].join(','),
        );
      }
      this.push(lines.length > 0 ? `${lines.join('\n')}\n` : null);
    },
  });
}
