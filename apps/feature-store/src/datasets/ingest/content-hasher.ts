import { createHash } from 'node:crypto';
import { FingerprintSet } from './sketches';

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
  duplicates = 0;
  /** Rows after the fingerprint table filled up: not checked for duplicates. */
  unchecked = 0;

  /** Counts one stored row by its fingerprint (`hash53Bytes` of its stored bytes). */
  addRow(fingerprint: number): void {
    const wasFull = this.fingerprints.full;
    if (this.fingerprints.addOrHas(fingerprint)) this.duplicates++;
    else if (wasFull) this.unchecked++;
  }

  /** Stored rows in order, each followed by a newline (the bytes of a chunk before its brackets and commas). */
  update(rows: Uint8Array): void {
    this.hash.update(rows);
  }

  digest(columns: readonly string[]): string {
    this.hash.update(`#${JSON.stringify(columns)}`);
    return this.hash.digest('hex');
  }
}
