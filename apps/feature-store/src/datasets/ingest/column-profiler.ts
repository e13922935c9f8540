import { DATASET_QUANTILES, type DatasetColumnProfile, type DatasetColumnType } from '@foresight/contracts';
import { mulberry32, parseTimestamp, TYPE_DOMINANCE } from '@foresight/ml';
import { flagWordFromAscii, latin1, numberFromAscii, timestampFromAscii, trimEnd, trimStart } from './ascii-values';
import { hash53, hash53Bytes, HyperLogLog, quantileSorted, Reservoir } from './sketches';

/** Values counted exactly per column; past this, distinct counts come from HyperLogLog. */
export const EXACT_DISTINCT_CAP = 10_000;
/** Numbers kept per column for quantiles and outliers (all of them in smaller columns). */
export const RESERVOIR_SIZE = 10_000;
const TOP_VALUES = 10;
const QUANTILE_P: Record<(typeof DATASET_QUANTILES)[number], number> = { p1: 0.01, p5: 0.05, p25: 0.25, p50: 0.5, p75: 0.75, p95: 0.95, p99: 0.99 };

const TRUE_WORDS = new Set(['true', 'yes']);
const FALSE_WORDS = new Set(['false', 'no']);

/** What the cells of one column look like, counted the way libs/ml's `profileColumn` counts them. */
export interface TypeEvidence {
  present: number;
  /** 0 or 1: a number and a flag at once. */
  binary: number;
  /** Numbers other than 0 and 1. */
  number: number;
  /** Numbers (binary included) that are not safe integers. */
  fractional: number;
  /** true/false/yes/no words. */
  boolean: number;
  timestamp: number;
  distinct: number;
  /** Mean length of the present values (long values make text rather than categories). */
  meanLength: number;
}

/**
 * The type of a column, by libs/ml's rule (`profileColumn`): boolean, then numeric, then
 * timestamp, each when ≥ TYPE_DOMINANCE of present values read so (a stray "?" in a price
 * column leaves it numeric and reads as missing), else categorical; an empty column is numeric
 * as training treats it. Numeric splits into integer/number; categorical into category/text:
 * text when most values are distinct (beyond 50 of them) or values are long, as free text is.
 */
export function inferType(e: TypeEvidence): DatasetColumnType {
  const needed = TYPE_DOMINANCE * e.present;
  if (e.present === 0) return 'number';
  if (e.boolean > 0 && e.boolean + e.binary >= needed) return 'boolean';
  if (e.number + e.binary >= needed) return e.fractional === 0 ? 'integer' : 'number';
  if (e.timestamp >= needed) return 'timestamp';
  const mostlyUnique = e.distinct > 50 && e.distinct > 0.5 * e.present;
  return mostlyUnique || e.meanLength > 100 ? 'text' : 'category';
}

/**
 * Profiles one column in one pass, in memory bounded whatever the row count: counts by value
 * kind, Welford's mean and variance, min/max, a reservoir sample for quantiles and outliers,
 * and exact value counts up to EXACT_DISTINCT_CAP distinct values (past that, HyperLogLog
 * estimates the distinct count, and top values are those counted among the values seen before
 * the cap, which is where a value frequent enough to be a top value shows up in all but
 * adversarial orders).
 */
export class ColumnProfiler {
  private missing = 0;
  private present = 0;
  private binary = 0;
  private numbers = 0;
  private fractional = 0;
  private booleanWords = 0;
  private trueCount = 0;
  private falseCount = 0;
  private timestamps = 0;
  private totalLength = 0;
  private mean = 0;
  private m2 = 0;
  private min = Infinity;
  private max = -Infinity;
  private tMin = Infinity;
  private tMax = -Infinity;
  private readonly values = new ValueCounter(EXACT_DISTINCT_CAP);
  private readonly reservoir: Reservoir;

  constructor(readonly name: string) {
    this.reservoir = new Reservoir(RESERVOIR_SIZE, mulberry32(hash53(name)));
  }

  add(raw: string | null): void {
    if (raw === null) {
      this.missing++;
      return;
    }
    this.present++;
    this.totalLength += raw.length;
    const key = needsTrim(raw) ? raw.trim() : raw;
    this.values.add(key);
    const n = plainNumber(key);
    if (n !== undefined) {
      this.addNumber(n);
      return;
    }
    this.addOther(key);
  }

  /**
   * `add` of a present (not missing) cell given as the ASCII bytes `buf[start, end)`: the CSV
   * fast path, which reads the bytes where they lie instead of making a string of each cell.
   */
  addAscii(buf: Buffer, start: number, end: number): void {
    this.present++;
    this.totalLength += end - start;
    const s = trimmedStart(buf, start, end);
    const e = trimmedEnd(buf, s, end);
    this.values.addAscii(buf, s, e);
    const n = numberOf(buf, s, e);
    if (n === n) {
      this.addNumber(n);
      return;
    }
    const first = buf[s]!;
    if (first >= 48 && first <= 57) {
      const t = timestampOfAscii(buf, s, e);
      if (t === t) this.addTimestamp(t);
      return;
    }
    const lower = first | 32;
    if (lower === 116 || lower === 102 || lower === 121 || lower === 110) {
      const flag = flagWordOf(buf, s, e);
      if (flag >= 0) this.addFlag(flag === 1);
    }
  }

  /** Missing cells of rows that lacked this column (JSON rows, or a column added mid-stream). */
  addMissing(count: number): void {
    this.missing += count;
  }

  private addNumber(x: number): void {
    if (x === 0 || x === 1) {
      this.binary++;
      if (x === 1) this.trueCount++;
      else this.falseCount++;
    } else this.numbers++;
    if (!Number.isSafeInteger(x)) this.fractional++;
    const count = this.binary + this.numbers;
    const delta = x - this.mean;
    this.mean += delta / count;
    this.m2 += delta * (x - this.mean);
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    this.reservoir.add(x);
  }

  private addOther(key: string): void {
    const first = key.charCodeAt(0);
    if (first >= 48 && first <= 57) {
      // Only a value starting with a digit can be a timestamp (YYYY-...).
      const t = timestampOf(key);
      if (t !== undefined) this.addTimestamp(t);
      return;
    }
    // Only true/false/yes/no are flag words: anything starting otherwise is text.
    const lower = first | 32;
    if (lower === 116 || lower === 102 || lower === 121 || lower === 110) this.addWord(key);
  }

  private addTimestamp(t: number): void {
    this.timestamps++;
    if (t < this.tMin) this.tMin = t;
    if (t > this.tMax) this.tMax = t;
  }

  private addWord(key: string): void {
    const word = key.toLowerCase();
    if (TRUE_WORDS.has(word)) this.addFlag(true);
    else if (FALSE_WORDS.has(word)) this.addFlag(false);
  }

  private addFlag(value: boolean): void {
    this.booleanWords++;
    if (value) this.trueCount++;
    else this.falseCount++;
  }

  get distinct(): number {
    return this.values.distinct;
  }

  evidence(): TypeEvidence {
    return {
      present: this.present,
      binary: this.binary,
      number: this.numbers,
      fractional: this.fractional,
      boolean: this.booleanWords,
      timestamp: this.timestamps,
      distinct: this.distinct,
      meanLength: this.present === 0 ? 0 : this.totalLength / this.present,
    };
  }

  /** Present cells that do not read as `type` (they read as null). */
  invalidFor(type: DatasetColumnType): number {
    switch (type) {
      case 'number':
      case 'integer':
        return this.present - this.binary - this.numbers;
      case 'boolean':
        return this.present - this.binary - this.booleanWords;
      case 'timestamp':
        return this.present - this.timestamps;
      case 'category':
      case 'text':
        return 0;
    }
  }

  /** Rows outside Tukey's fences, estimated from the sample (exact while it holds every number). */
  outliers(): number {
    const sample = this.reservoir.sorted();
    if (sample.length < 4) return 0;
    const q1 = quantileSorted(sample, 0.25);
    const q3 = quantileSorted(sample, 0.75);
    const lo = q1 - 1.5 * (q3 - q1);
    const hi = q3 + 1.5 * (q3 - q1);
    let outside = 0;
    for (const x of sample) if (x < lo || x > hi) outside++;
    return Math.round((outside * (this.binary + this.numbers)) / sample.length);
  }

  profile(type: DatasetColumnType): DatasetColumnProfile {
    const base: DatasetColumnProfile = {
      name: this.name,
      type,
      missing: this.missing,
      invalid: this.invalidFor(type),
      distinct: this.distinct,
      ...(this.values.approximate ? { distinctApproximate: true } : {}),
    };
    const numeric = this.binary + this.numbers;
    switch (type) {
      case 'number':
      case 'integer': {
        if (numeric === 0) return base;
        const sorted = this.reservoir.sorted();
        const quantiles = Object.fromEntries(
          DATASET_QUANTILES.map((q) => [q, round(quantileSorted(sorted, QUANTILE_P[q]))]),
        ) as DatasetColumnProfile['quantiles'];
        return {
          ...base,
          min: this.min,
          max: this.max,
          mean: round(this.mean),
          ...(numeric > 1 ? { std: round(Math.sqrt(this.m2 / (numeric - 1))) } : {}),
          quantiles,
        };
      }
      case 'timestamp':
        return this.timestamps === 0 ? base : { ...base, min: new Date(this.tMin).toISOString(), max: new Date(this.tMax).toISOString() };
      case 'boolean':
        return {
          ...base,
          topValues: [
            { value: 'true', count: this.trueCount },
            { value: 'false', count: this.falseCount },
          ].sort((a, b) => b.count - a.count),
        };
      case 'category':
      case 'text':
        return { ...base, topValues: this.values.top(TOP_VALUES) };
    }
  }
}

/** Bits of ValueCounter's membership filter: 32 KiB, ~4% false positives at 10,000 values. */
const FILTER_BITS = 18;

/**
 * Counts of distinct values, keyed by their 53-bit hash in an open-addressing table (one hash
 * a value instead of a Map's own hashing plus HyperLogLog's), exact up to `cap` values; past
 * the cap new values only feed HyperLogLog with the same hash. A bit filter over the counted
 * hashes answers "not counted" for most new values past the cap without a look in the table,
 * whose slots are cache misses (a 1M-row column of mostly distinct values spent 2 s on them).
 */
export class ValueCounter {
  private readonly keys: Float64Array;
  private readonly counts: Int32Array;
  private readonly filter = new Int32Array((1 << FILTER_BITS) >>> 5);
  private readonly names: string[] = [];
  private readonly slotOf: Int32Array;
  private readonly mask: number;
  private size = 0;
  private hll?: HyperLogLog;

  constructor(private readonly cap: number) {
    let slots = 1;
    while (slots < cap * 2) slots <<= 1;
    this.keys = new Float64Array(slots);
    this.counts = new Int32Array(slots);
    this.slotOf = new Int32Array(cap);
    this.mask = slots - 1;
  }

  add(value: string): void {
    if (this.tally(hash53(value))) this.names.push(ownCopy(value));
  }

  /** `add` of the text whose chars are the ASCII bytes `buf[start, end)`. */
  addAscii(buf: Buffer, start: number, end: number): void {
    if (this.tally(hashOfBytes(buf, start, end))) this.names.push(latin1Of(buf, start, end));
  }

  /** Counts the value hashed `h`; true when it is new and counted exactly, so the caller records its name. */
  private tally(h: number): boolean {
    const key = h === 0 ? 1 : h;
    const bit = (key >>> 0) >>> (32 - FILTER_BITS);
    if (this.hll !== undefined && (this.filter[bit >>> 5]! & (1 << (bit & 31))) === 0) {
      this.hll.addHash(key);
      return false;
    }
    let i = (key >>> 0) & this.mask;
    for (;;) {
      const k = this.keys[i]!;
      if (k === key) {
        this.counts[i]!++;
        return false;
      }
      if (k === 0) break;
      i = (i + 1) & this.mask;
    }
    if (this.size < this.cap) {
      this.keys[i] = key;
      this.counts[i] = 1;
      this.slotOf[this.size++] = i;
      this.filter[bit >>> 5]! |= 1 << (bit & 31);
      if (this.size === this.cap) {
        this.hll = new HyperLogLog();
        for (let j = 0; j < this.size; j++) this.hll.addHash(this.keys[this.slotOf[j]!]!);
      }
      return true;
    }
    this.hll!.addHash(key);
    return false;
  }

  get approximate(): boolean {
    return this.hll !== undefined;
  }

  get distinct(): number {
    return this.hll ? Math.max(this.hll.count(), this.size) : this.size;
  }

  /** The `n` most frequent values, ties by value. */
  top(n: number): Array<{ value: string; count: number }> {
    const all = this.names.map((value, j) => ({ value, count: this.counts[this.slotOf[j]!]! }));
    return all.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0)).slice(0, n);
  }
}

// Bound once: imports compile to getters, too slow to go through per cell.
const timestampOf = parseTimestamp;
const latin1Of = latin1;
const flagWordOf = flagWordFromAscii;
const numberOf = numberFromAscii;
const timestampOfAscii = timestampFromAscii;
const trimmedStart = trimStart;
const trimmedEnd = trimEnd;
const hashOfBytes = hash53Bytes;

/**
 * libs/ml's `parseNumber` on a value with nothing to trim: its pattern (optional sign, digits
 * with an optional point, optional exponent) scanned by hand rather than by regular expression,
 * which is most of the profiler's time otherwise. The spec checks both agree.
 */
export function plainNumber(s: string): number | undefined {
  const n = s.length;
  let i = 0;
  let c = s.charCodeAt(0);
  if (c === 43 || c === 45) c = s.charCodeAt(++i);
  let digits = 0;
  while (c >= 48 && c <= 57) {
    digits++;
    c = s.charCodeAt(++i);
  }
  if (c === 46) {
    c = s.charCodeAt(++i);
    while (c >= 48 && c <= 57) {
      digits++;
      c = s.charCodeAt(++i);
    }
  }
  if (digits === 0) return undefined;
  if (c === 101 || c === 69) {
    c = s.charCodeAt(++i);
    if (c === 43 || c === 45) c = s.charCodeAt(++i);
    let exponent = 0;
    while (c >= 48 && c <= 57) {
      exponent++;
      c = s.charCodeAt(++i);
    }
    if (exponent === 0) return undefined;
  }
  if (i !== n) return undefined;
  const x = +s;
  return Number.isFinite(x) ? x : undefined;
}

function needsTrim(s: string): boolean {
  const first = s.charCodeAt(0);
  const last = s.charCodeAt(s.length - 1);
  return !(first > 32 && first < 127 && last > 32 && last < 127);
}

/** A flat copy: a substring of a parsed chunk would otherwise keep the whole chunk alive. */
function ownCopy(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

/** Stats keep 12 significant digits: enough for any use, and stable across platforms' last-bit differences. */
function round(x: number): number {
  return Number(x.toPrecision(12));
}
