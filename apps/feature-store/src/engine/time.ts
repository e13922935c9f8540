/**
 * Time values of the engine: instants are epoch milliseconds (UTC); durations are whole
 * milliseconds parsed from the short forms feature definitions use ("30s", "15m", "1h", "7d", "2w").
 * Months and years are refused: their length varies, and a window must have one fixed length for
 * batch and streaming to agree.
 */
import { parseTimestamp } from '@foresight/ml';
import { FeatureEngineError } from './engine.error';

/** Epoch milliseconds, an ISO-8601 string (a time without zone is UTC) or a Date. */
export type Instant = number | string | Date;

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
type DurationUnit = keyof typeof UNIT_MS;
const DURATION_PATTERN = /^(\d+)(ms|s|m|h|d|w)$/;
const DURATION_HINT = 'a positive whole number followed by one of ms, s, m, h, d, w (e.g. "30s", "15m", "1h", "7d", "2w")';

/** "30s" → 30000. Throws INVALID_DURATION for anything else (zero, decimals, "1h30m", "1mo"). */
export function parseDuration(text: string): number {
  const match = typeof text === 'string' ? DURATION_PATTERN.exec(text.trim()) : null;
  if (!match) throw new FeatureEngineError('INVALID_DURATION', `Invalid duration ${JSON.stringify(text)}: expected ${DURATION_HINT}`);
  const amount = Number(match[1]);
  const ms = amount * UNIT_MS[match[2] as DurationUnit];
  if (amount === 0 || !Number.isSafeInteger(ms)) {
    throw new FeatureEngineError('INVALID_DURATION', `Invalid duration ${JSON.stringify(text)}: must be greater than zero and at most ${Number.MAX_SAFE_INTEGER} ms`);
  }
  return ms;
}

/** A duration given as text or as milliseconds; milliseconds must be a positive safe integer. */
export function toDurationMs(value: string | number, what = 'duration'): number {
  if (typeof value === 'string') return parseDuration(value);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new FeatureEngineError('INVALID_DURATION', `Invalid ${what} ${String(value)}: expected a positive whole number of milliseconds or ${DURATION_HINT}`);
  }
  return value;
}

/** The shortest exact spelling of a duration in the largest unit that divides it: 86400000 → "1d". */
export function formatDuration(ms: number): string {
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) {
    if (ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  return `${ms}ms`;
}

/** Epoch ms of an instant, or undefined when it is not one (used on data, where bad values are skipped). */
export function instantToMs(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  return parseTimestamp(value);
}

/** Epoch ms of an instant given by a caller (a query time, an event time); throws INVALID_TIMESTAMP. */
export function requireInstant(value: Instant, what: string): number {
  const ms = instantToMs(value);
  if (ms === undefined) throw new FeatureEngineError('INVALID_TIMESTAMP', `Invalid ${what} ${JSON.stringify(value)}: expected epoch milliseconds, an ISO-8601 timestamp or a Date`);
  return ms;
}
