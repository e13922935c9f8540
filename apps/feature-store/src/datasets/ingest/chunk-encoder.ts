import type { ContentHasher } from './content-hasher';
import { hash53Bytes } from './sketches';

const COMMA = 0x2c;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const HEX = '0123456789abcdef';
// Bound once: imports compile to getters, too slow to go through per row.
const hashOfBytes = hash53Bytes;
/** JSON.stringify's short escapes for control characters; the others are \u00XX. */
const SHORT_ESCAPES: Record<number, number> = { 0x08: 0x62, 0x09: 0x74, 0x0a: 0x6e, 0x0c: 0x66, 0x0d: 0x72 };

/**
 * Writes stored rows straight into the bytes of the chunk that will hold them: each row the JSON
 * array `JSON.stringify` makes of its cells (trailing nulls dropped), a chunk the JSON array of
 * its rows. ASCII cells are copied from the upload's bytes as they are; other cells go through
 * `JSON.stringify`. Rows are laid out `[row\nrow\n...row\n` so that the content hash can take
 * the bytes `row\n...` as they are, before the newlines become commas and the last a `]`.
 * Each row's fingerprint for the duplicate count is the hash of its bytes.
 */
export class ChunkEncoder {
  private out: Buffer;
  private pos = 1;
  private rowStart = 1;
  /** Cells written in the current row, and nulls held back: written only if a present cell follows. */
  private written = 0;
  private nulls = 0;
  private readonly rowEnds: Int32Array;
  private rowCount = 0;

  constructor(
    private readonly hasher: ContentHasher,
    chunkRows: number,
    private capacity = 1 << 20,
  ) {
    this.rowEnds = new Int32Array(chunkRows);
    this.out = this.fresh();
  }

  /** Rows written since the last seal. */
  get rows(): number {
    return this.rowCount;
  }

  beginRow(): void {
    this.reserve(1);
    this.rowStart = this.pos;
    this.out[this.pos++] = 0x5b;
    this.written = 0;
    this.nulls = 0;
  }

  nullCell(): void {
    this.nulls++;
  }

  /** A present cell whose text is the ASCII bytes `buf[start, end)`; `escape` when some need escaping (control chars, `"`, `\`). */
  asciiCell(buf: Buffer, start: number, end: number, escape: boolean): void {
    const length = end - start;
    this.separate(escape ? 6 * length + 2 : length + 2);
    const out = this.out;
    let p = this.pos;
    out[p++] = QUOTE;
    if (!escape) {
      if (length < 64) for (let i = start; i < end; i++) out[p++] = buf[i]!;
      else p += buf.copy(out, p, start, end);
    } else {
      for (let i = start; i < end; i++) {
        const b = buf[i]!;
        if (b === QUOTE || b === BACKSLASH) {
          out[p++] = BACKSLASH;
          out[p++] = b;
        } else if (b < 0x20) {
          out[p++] = BACKSLASH;
          const short = SHORT_ESCAPES[b];
          if (short !== undefined) out[p++] = short;
          else p += out.write(`u00${HEX[b >> 4]}${HEX[b & 15]}`, p, 'latin1');
        } else out[p++] = b;
      }
    }
    out[p++] = QUOTE;
    this.pos = p;
  }

  /** A present cell given as a string. */
  textCell(value: string): void {
    const json = JSON.stringify(value);
    this.separate(3 * json.length);
    this.pos += this.out.write(json, this.pos, 'utf8');
  }

  endRow(): void {
    this.reserve(2);
    this.out[this.pos++] = 0x5d;
    this.closeRow();
  }

  /** A whole row given as the JSON text of its cells. */
  row(json: string): void {
    this.reserve(3 * json.length + 1);
    this.rowStart = this.pos;
    this.pos += this.out.write(json, this.pos, 'utf8');
    this.closeRow();
  }

  /** The rows written since the last seal as one chunk's bytes (a JSON array of rows), or undefined when there are none. */
  seal(): Buffer | undefined {
    if (this.rowCount === 0) return undefined;
    const out = this.out;
    this.hasher.update(out.subarray(1, this.pos));
    const last = this.rowCount - 1;
    for (let r = 0; r < last; r++) out[this.rowEnds[r]!] = COMMA;
    out[this.rowEnds[last]!] = 0x5d;
    const data = out.subarray(0, this.pos);
    this.rowCount = 0;
    this.out = this.fresh();
    this.pos = 1;
    return data;
  }

  private closeRow(): void {
    const fingerprint = hashOfBytes(this.out, this.rowStart, this.pos);
    this.hasher.addRow(fingerprint);
    this.out[this.pos] = NEWLINE;
    this.rowEnds[this.rowCount++] = this.pos++;
  }

  /** Writes the nulls held back and the comma before a cell, and makes room for `room` more bytes. */
  private separate(room: number): void {
    this.reserve(5 * this.nulls + room + 1);
    const out = this.out;
    let p = this.pos;
    for (; this.nulls > 0; this.nulls--) {
      if (this.written++ > 0) out[p++] = COMMA;
      out[p++] = 0x6e;
      out[p++] = 0x75;
      out[p++] = 0x6c;
      out[p++] = 0x6c;
    }
    if (this.written++ > 0) out[p++] = COMMA;
    this.pos = p;
  }

  private reserve(bytes: number): void {
    if (this.pos + bytes <= this.out.length) return;
    while (this.capacity < this.pos + bytes) this.capacity *= 2;
    const grown = Buffer.allocUnsafe(this.capacity);
    this.out.copy(grown, 0, 0, this.pos);
    this.out = grown;
  }

  /** A new chunk buffer (the sealed one belongs to the writer now), its opening bracket written. */
  private fresh(): Buffer {
    const out = Buffer.allocUnsafe(this.capacity);
    out[0] = 0x5b;
    return out;
  }
}
