import { MISSING_TOKENS } from '@foresight/ml';

/**
 * The value readers of `cells.ts` and libs/ml (`isMissing`, `parseNumber`, `parseTimestamp`)
 * over a range of ASCII bytes of the upload, so the CSV fast path can profile a cell without
 * first making a string of it (20 million strings for a 1M × 20 upload, most of the ingestion's
 * time and garbage). Only ASCII ranges come here: there a byte is a UTF-16 code unit, so every
 * answer is the one the string readers give; the spec checks them against each other.
 */

const TOKENS_BY_LENGTH: Uint8Array[][] = [];
for (const token of MISSING_TOKENS) (TOKENS_BY_LENGTH[token.length] ??= []).push(Buffer.from(token, 'latin1'));
const LONGEST_TOKEN = TOKENS_BY_LENGTH.length - 1;

/** What String.prototype.trim removes, as far as ASCII goes: tab, LF, VT, FF, CR and space. */
export function isAsciiSpace(b: number): boolean {
  return b === 32 || (b >= 9 && b <= 13);
}

/** First byte of `buf[start, end)` that trim keeps. */
export function trimStart(buf: Buffer, start: number, end: number): number {
  while (start < end && isAsciiSpace(buf[start]!)) start++;
  return start;
}

/** One past the last byte of `buf[start, end)` that trim keeps. */
export function trimEnd(buf: Buffer, start: number, end: number): number {
  while (end > start && isAsciiSpace(buf[end - 1]!)) end--;
  return end;
}

/** `isMissing` of the text: a missing token once trimmed and lower-cased (empty included). */
export function isMissingAscii(buf: Buffer, start: number, end: number): boolean {
  const s = trimStart(buf, start, end);
  const e = trimEnd(buf, s, end);
  const n = e - s;
  if (n > LONGEST_TOKEN) return false;
  const candidates = TOKENS_BY_LENGTH[n];
  if (candidates === undefined) return false;
  next: for (const token of candidates) {
    for (let i = 0; i < n; i++) if (lower(buf[s + i]!) !== token[i]) continue next;
    return true;
  }
  return false;
}

function lower(b: number): number {
  return b >= 65 && b <= 90 ? b + 32 : b;
}

const TRUE_WORDS = ['true', 'yes'].map((w) => Buffer.from(w, 'latin1'));
const FALSE_WORDS = ['false', 'no'].map((w) => Buffer.from(w, 'latin1'));

/** A trimmed ASCII range as a flag word in any case: 1 for true/yes, 0 for false/no, -1 for anything else. */
export function flagWordFromAscii(buf: Buffer, start: number, end: number): number {
  if (TRUE_WORDS.some((w) => sameLowerCase(buf, start, end, w))) return 1;
  if (FALSE_WORDS.some((w) => sameLowerCase(buf, start, end, w))) return 0;
  return -1;
}

function sameLowerCase(buf: Buffer, start: number, end: number, word: Uint8Array): boolean {
  if (end - start !== word.length) return false;
  for (let i = 0; i < word.length; i++) if (lower(buf[start + i]!) !== word[i]) return false;
  return true;
}

/** Exact doubles 10^0..10^22: a mantissa below 2^53 divided by one of them is correctly rounded. */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * `parseNumber` of a trimmed ASCII range (optional sign, digits with an optional point, optional
 * exponent), or NaN when it is not one. Up to 15 significant digits without exponent the value
 * is computed as mantissa / 10^k (Clinger's fast path: both exact, so the one division is
 * correctly rounded, as `Number(text)` is); anything longer goes through `Number` on the text.
 */
export function numberFromAscii(buf: Buffer, start: number, end: number): number {
  let i = start;
  let c = i < end ? buf[i]! : -1;
  const negative = c === 45;
  if (c === 43 || c === 45) c = ++i < end ? buf[i]! : -1;
  let digits = 0;
  let mantissa = 0;
  let scale = 0;
  while (c >= 48 && c <= 57) {
    digits++;
    mantissa = mantissa * 10 + (c - 48);
    c = ++i < end ? buf[i]! : -1;
  }
  if (c === 46) {
    c = ++i < end ? buf[i]! : -1;
    while (c >= 48 && c <= 57) {
      digits++;
      scale++;
      mantissa = mantissa * 10 + (c - 48);
      c = ++i < end ? buf[i]! : -1;
    }
  }
  if (digits === 0) return NaN;
  let exact = digits <= 15;
  if (c === 101 || c === 69) {
    exact = false;
    c = ++i < end ? buf[i]! : -1;
    if (c === 43 || c === 45) c = ++i < end ? buf[i]! : -1;
    let exponent = 0;
    while (c >= 48 && c <= 57) {
      exponent++;
      c = ++i < end ? buf[i]! : -1;
    }
    if (exponent === 0) return NaN;
  }
  if (i !== end) return NaN;
  if (exact) {
    const x = scale === 0 ? mantissa : mantissa / POW10[scale]!;
    return negative ? -x : x;
  }
  const x = Number(latin1(buf, start, end));
  return Number.isFinite(x) ? x : NaN;
}

/** floor(Number(`0.${digits}`) * 1000) for every fraction of one to three digits, as libs/ml computes milliseconds. */
const MILLIS: Float64Array[] = [1, 10, 100, 1000].map((count, len) =>
  Float64Array.from({ length: count }, (_, v) => (len === 0 ? 0 : Math.floor(Number(`0.${String(v).padStart(len, '0')}`) * 1000))),
);

/**
 * `parseTimestamp` of a trimmed ASCII range, or NaN: the same pattern as libs/ml's
 * (`YYYY-MM-DD` or `/`, optional `T`/space time `h[h]:mm[:ss[.f{1,9}]]`, spaces, zone `Z`,
 * `±hh`, `±hhmm`, `±hh:mm`) read char by char, the same range checks, and the same `Date.UTC`
 * (so years 0-99 are 1900-1999 there as in libs/ml).
 */
export function timestampFromAscii(buf: Buffer, start: number, end: number): number {
  let i = start;
  if (end - start < 8) return NaN;
  const year = fixedDigits(buf, i, 4);
  if (year < 0) return NaN;
  i += 4;
  if (!isDateSeparator(buf[i]!)) return NaN;
  const month = shortNumber(buf, ++i, end);
  if (month < 0) return NaN;
  i += month >= 100 ? 2 : 1;
  if (i >= end || !isDateSeparator(buf[i]!)) return NaN;
  const day = shortNumber(buf, ++i, end);
  if (day < 0) return NaN;
  i += day >= 100 ? 2 : 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let millis = 0;
  let offsetMinutes = 0;
  if (i < end) {
    const sep = buf[i]!;
    if (sep !== 84 && sep !== 116 && sep !== 32) return NaN;
    const h = shortNumber(buf, ++i, end);
    if (h < 0) return NaN;
    i += h >= 100 ? 2 : 1;
    hour = h % 100;
    if (i >= end || buf[i] !== 58) return NaN;
    minute = fixedDigits(buf, ++i, 2, end);
    if (minute < 0) return NaN;
    i += 2;
    if (i < end && buf[i] === 58) {
      second = fixedDigits(buf, ++i, 2, end);
      if (second < 0) return NaN;
      i += 2;
      if (i < end && buf[i] === 46) {
        const from = ++i;
        while (i < end && buf[i]! >= 48 && buf[i]! <= 57) i++;
        const len = i - from;
        if (len === 0 || len > 9) return NaN;
        millis = len <= 3 ? MILLIS[len]![fixedDigits(buf, from, len)]! : Math.floor(Number(`0.${latin1(buf, from, i)}`) * 1000);
      }
    }
    while (i < end && isAsciiSpace(buf[i]!)) i++;
    if (i < end) {
      const z = buf[i]!;
      if (z === 90 || z === 122) i++;
      else if (z === 43 || z === 45) {
        const hh = fixedDigits(buf, i + 1, 2, end);
        if (hh < 0) return NaN;
        i += 3;
        let mm = 0;
        if (i < end) {
          if (buf[i] === 58) i++;
          mm = fixedDigits(buf, i, 2, end);
          if (mm < 0) return NaN;
          i += 2;
        }
        offsetMinutes = (z === 45 ? -1 : 1) * (hh * 60 + mm);
      } else return NaN;
    }
    if (i !== end) return NaN;
  }
  const m = month % 100;
  const d = day % 100;
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(year, m)) return NaN;
  if (hour > 23 || minute > 59 || second > 59) return NaN;
  return Date.UTC(year, m - 1, d, hour, minute, second, millis) - offsetMinutes * 60_000;
}

function isDateSeparator(b: number): boolean {
  return b === 45 || b === 47;
}

/** `count` digits at `at` (within `end`) as a number, or -1. */
function fixedDigits(buf: Buffer, at: number, count: number, end = at + count): number {
  if (at + count > end) return -1;
  let v = 0;
  for (let k = 0; k < count; k++) {
    const c = buf[at + k]!;
    if (c < 48 || c > 57) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

/** One or two digits at `at` (greedy, as `\d{1,2}`): the value plus 100 when two were read, or -1. */
function shortNumber(buf: Buffer, at: number, end: number): number {
  if (at >= end) return -1;
  const a = buf[at]!;
  if (a < 48 || a > 57) return -1;
  if (at + 1 < end) {
    const b = buf[at + 1]!;
    if (b >= 48 && b <= 57) return 100 + (a - 48) * 10 + (b - 48);
  }
  return a - 48;
}

/** Days in a month as `new Date(Date.UTC(year, month, 0)).getUTCDate()` counts them (years 0-99 are 19xx). */
function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  const y = year <= 99 ? 1900 + year : year;
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
}

/** The bytes as a string, one char per byte (the range is ASCII). */
export function latin1(buf: Buffer, start: number, end: number): string {
  return buf.toString('latin1', start, end);
}
