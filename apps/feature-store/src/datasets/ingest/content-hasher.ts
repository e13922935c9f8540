import { createHash } from 'node:crypto';
import { FingerprintSet, hash53 } from './sketches';

/** Rows whose fingerprints are kept for duplicate counting (8 bytes each, 32 MiB of table at most). */
export const MAX_FINGERPRINTS = 2_000_000;
const CANONICAL_FORM = 'foresight.dataset.v1';

/**
 * The content hash and the duplicate count, from each row as it is stored: a JSON array of its
 * cells in column order (order of first appearance), text as sent (JSON numbers in their
 * shortest form, booleans as true/false), null for missing, trailing nulls dropped; the column
 * list closes the hash. So an empty CSV field, a JSON null and an absent key are one thing,
 * and a CSV and a JSON array (or NDJSON) of the same table hash the same as long as they list
 * the columns in the same order, as exports of one table do. A different column order is a
 * different hash: hashing an order-free form cost as much as the rest of the profiling.
 */
export class ContentHasher {
  private readonly hash = createHash('sha256').update(`${CANONICAL_FORM}\n`);
  private readonly fingerprints = new FingerprintSet(MAX_FINGERPRINTS);
  private lines: string[] = [];
  duplicates = 0;
  /** Rows after the fingerprint table filled up: not checked for duplicates. */
  unchecked = 0;

  add(stored: string): void {
    const wasFull = this.fingerprints.full;
    if (this.fingerprints.addOrHas(hash53(stored))) this.duplicates++;
    else if (wasFull) this.unchecked++;
    this.lines.push(stored);
    if (this.lines.length === 1024) this.flush();
  }

  digest(columns: readonly string[]): string {
    this.flush();
    this.hash.update(`#${JSON.stringify(columns)}`);
    return this.hash.digest('hex');
  }

  private flush(): void {
    if (this.lines.length === 0) return;
    this.hash.update(`${this.lines.join('\n')}\n`);
    this.lines = [];
  }
}
