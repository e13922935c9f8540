/**
 * Small streaming sketches the profiler runs per cell. Written here rather than taken from npm
 * because they sit on the hottest path of ingestion (20 million cells for a 1M × 20 upload) and
 * the packages that offer them either hash through slow pure-JS 128-bit murmur ports
 * (bloom-filters), need a native addon (hyperloglog-lite), or push every value through a
 * balanced tree (tdigest). Each is a few lines of a published algorithm.
 */

/**
 * cyrb53 (bryc, public domain): a 53-bit string hash with good avalanche, returned as an exact
 * integer in a double. Fast enough to fingerprint every row and every distinct-count value.
 */
export function hash53(s: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  return finish53(h1, h2);
}

/** `hash53` of the text whose UTF-16 code units are the bytes `buf[start, end)` (ASCII or Latin-1 text). */
export function hash53Bytes(buf: Uint8Array, start: number, end: number, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = start; i < end; i++) {
    const ch = buf[i]!;
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  return finish53(h1, h2);
}

function finish53(h1: number, h2: number): number {
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * HyperLogLog (Flajolet et al. 2007) with 2^14 registers, standard error 1.04/√m ≈ 0.8%, and
 * the small-range (linear counting) correction. Registers take the top 14 of the 53 hash bits;
 * the rank is read from the next 32.
 */
const HLL_P = 14;
const HLL_M = 1 << HLL_P;

export class HyperLogLog {
  private readonly registers = new Uint8Array(HLL_M);

  add(value: string): void {
    this.addHash(hash53(value));
  }

  /**
   * Adds a value by its `hash53`, for callers that hashed it already. The register is the top 14
   * of the 53 bits (bits 32-52 are `h / 2^32`, truncated by `>>> 0`, of which the top 14 are
   * `>>> 7`) and the rank comes from the low 32 bits (`h >>> 0`): integer operations for
   * `floor(h / 2^39)` and `(h mod 2^39) >>> 0`, same result.
   */
  addHash(h: number): void {
    const index = (h / 4294967296) >>> (21 - HLL_P);
    const rank = Math.clz32(h >>> 0) + 1;
    if (rank > this.registers[index]!) this.registers[index] = rank;
  }

  count(): number {
    const m = HLL_M;
    let sum = 0;
    let zeros = 0;
    for (let i = 0; i < m; i++) {
      const r = this.registers[i]!;
      sum += 2 ** -r;
      if (r === 0) zeros++;
    }
    const alpha = 0.7213 / (1 + 1.079 / m);
    const estimate = (alpha * m * m) / sum;
    if (estimate <= 2.5 * m && zeros > 0) return Math.round(m * Math.log(m / zeros));
    return Math.round(estimate);
  }
}

/**
 * A uniform sample of fixed size from a stream of numbers: Li's Algorithm L (1994), which draws
 * O(k (1 + log(n/k))) random numbers in all instead of one per value. Holds every value while
 * fewer than `capacity` have been seen, so small columns get exact quantiles.
 */
export class Reservoir {
  private readonly sample: Float64Array;
  private seen = 0;
  private w = 0;
  private next = 0;

  constructor(
    readonly capacity: number,
    private readonly random: () => number,
  ) {
    this.sample = new Float64Array(capacity);
  }

  add(x: number): void {
    const k = this.capacity;
    if (this.seen < k) {
      this.sample[this.seen++] = x;
      if (this.seen === k) {
        this.w = Math.exp(Math.log(this.random()) / k);
        this.next = k + Math.floor(Math.log(this.random()) / Math.log(1 - this.w));
      }
      return;
    }
    if (this.seen++ === this.next) {
      this.sample[Math.floor(this.random() * k)] = x;
      this.w *= Math.exp(Math.log(this.random()) / k);
      this.next += Math.floor(Math.log(this.random()) / Math.log(1 - this.w)) + 1;
    }
  }

  get size(): number {
    return Math.min(this.seen, this.capacity);
  }

  /** The sample, sorted ascending. */
  sorted(): Float64Array {
    return this.sample.slice(0, this.size).sort();
  }
}

/** Quantile `p` of sorted values by linear interpolation between closest ranks (numpy's default, Hyndman-Fan type 7). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * A set of 53-bit fingerprints in an open-addressing table of doubles (0 marks an empty slot),
 * 8 bytes a member instead of the ~80 of a JS Set entry. Stops admitting new members at
 * `maxMembers` so memory stays bounded however long the stream is.
 */
export class FingerprintSet {
  private table = new Float64Array(1 << 16);
  private mask = (1 << 16) - 1;
  size = 0;

  constructor(readonly maxMembers: number) {}

  get full(): boolean {
    return this.size >= this.maxMembers;
  }

  /** Adds `fp`; true when it was already a member. Once full, only answers membership. */
  addOrHas(fp: number): boolean {
    const key = fp === 0 ? 1 : fp;
    let i = (key >>> 0) & this.mask;
    for (;;) {
      const slot = this.table[i]!;
      if (slot === 0) break;
      if (slot === key) return true;
      i = (i + 1) & this.mask;
    }
    if (this.full) return false;
    this.table[i] = key;
    this.size++;
    if (this.size * 2 > this.table.length) this.grow();
    return false;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Float64Array(old.length * 2);
    this.mask = this.table.length - 1;
    for (let j = 0; j < old.length; j++) {
      const key = old[j]!;
      if (key === 0) continue;
      let i = (key >>> 0) & this.mask;
      while (this.table[i] !== 0) i = (i + 1) & this.mask;
      this.table[i] = key;
    }
  }
}
