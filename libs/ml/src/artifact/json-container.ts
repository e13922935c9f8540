import { createHash } from 'node:crypto';

/**
 * Binary layout shared by the JSON artifacts (integers unsigned 32-bit little-endian):
 *
 *   0   magic (4 bytes: "FSMJ" tabular gbdt/linear, "FSMF" forecast table)
 *   4   format version
 *   8   J = byte length of the JSON
 *   12  SHA-256 of the JSON bytes (32 raw bytes)
 *   44  UTF-8 JSON
 *
 * JSON writes every double as its shortest round-tripping decimal, so the file stays readable
 * with `tail -c +45` and a round trip is exact. The checksum catches truncation and bit flips
 * that would still parse.
 */
export type Magic = readonly [number, number, number, number];
const PREAMBLE_BYTES = 44;

export function encodeJsonContainer(magic: Magic, version: number, value: unknown): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(value));
  const out = new Uint8Array(PREAMBLE_BYTES + json.length);
  const view = new DataView(out.buffer);
  out.set(magic, 0);
  view.setUint32(4, version, true);
  view.setUint32(8, json.length, true);
  out.set(sha256(json), 12);
  out.set(json, PREAMBLE_BYTES);
  return out;
}

export function hasMagic(bytes: Uint8Array, magic: Magic): boolean {
  return bytes.length >= 4 && magic.every((b, i) => bytes[i] === b);
}

/** The JSON object inside a container written by `encodeJsonContainer`; `fail` is called (and must throw) on anything else. */
export function decodeJsonContainer(bytes: Uint8Array, magic: Magic, version: number, fail: (why: string) => never): Record<string, unknown> {
  if (!(bytes instanceof Uint8Array) || bytes.length < PREAMBLE_BYTES) return fail('too short');
  if (!hasMagic(bytes, magic)) fail('bad magic bytes');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = view.getUint32(4, true);
  if (found !== version) fail(`format version ${found}, this library reads ${version}`);
  if (PREAMBLE_BYTES + view.getUint32(8, true) !== bytes.length) fail('length does not match its preamble');
  const json = bytes.subarray(PREAMBLE_BYTES);
  const digest = sha256(json);
  if (digest.some((b, i) => bytes[12 + i] !== b)) fail('content does not match its checksum');
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch {
    return fail('content is not UTF-8 JSON');
  }
  if (!isObject(value)) return fail('content is not an object');
  return value;
}

export function isObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

function sha256(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(bytes).digest());
}
