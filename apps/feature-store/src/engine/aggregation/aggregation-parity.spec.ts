import { mulberry32, type Rng } from '@foresight/ml';
import type { Value } from '../expression/values';
import { acceptEvents, type AggregationEvent } from './aggregation-event';
import { AGGREGATION_FUNCTIONS, type AggregationSpec, createAggregationPlan } from './aggregation-plan';
import { aggregateAsOf, aggregateAtTimes } from './batch-aggregate';
import { applyEvent, createState, decodeState, encodeChanges, encodeState, readState, watermarkOf } from '../index';

// Property: on random logs (out of order, too late, replayed, equal timestamps, missing and
// non-numeric values) the streaming state, the by-definition batch and the sliding batch agree
// at many read times — exactly for integer data, within 1e-9 (relative to the data's scale) for floats.

const T0 = Date.UTC(2024, 0, 1);
const WINDOWS = ['30s', '15m', '1h', '1d', '2w'];
const CATEGORIES = ['a', 'b', 'c', 'd', 1, '1', true];

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];

function randomSpecs(rng: Rng): AggregationSpec[] {
  const specs: AggregationSpec[] = [{ name: 'events_1h', fn: 'count', window: '1h' }];
  const n = 3 + Math.floor(rng() * 8);
  for (let i = 0; i < n; i++) {
    const fn = pick(rng, AGGREGATION_FUNCTIONS);
    const field = fn === 'distinct_count' || (fn === 'last' && rng() < 0.5) ? 'category' : fn === 'count' && rng() < 0.3 ? 'category' : 'amount';
    const window = pick(rng, WINDOWS);
    const spec: AggregationSpec = { name: `f${i}`, fn, field, window };
    // Sometimes a coarser, explicit resolution (a divisor of every window in WINDOWS but 30s).
    if (rng() < 0.3 && window !== '30s') spec.resolution = pick(rng, ['1m', '5m', '15m']);
    specs.push(spec);
  }
  return specs;
}

function randomAmount(rng: Rng, integers: boolean): unknown {
  const u = rng();
  if (u < 0.08) return undefined;
  if (u < 0.12) return null;
  if (u < 0.15) return 'not a number';
  if (u < 0.2) return integers ? String(Math.floor(rng() * 100)) : (rng() * 100).toFixed(3);
  if (u < 0.23) return rng() < 0.5;
  return integers ? Math.floor(rng() * 2000) - 500 : (rng() - 0.3) * 1e3;
}

interface Trial {
  log: AggregationEvent[];
  replays: number[];
}

function randomLog(rng: Rng, integers: boolean, latenessMs: number): Trial {
  const log: AggregationEvent[] = [];
  const replays: number[] = [];
  let clock = T0;
  const n = 60 + Math.floor(rng() * 140);
  for (let i = 0; i < n; i++) {
    clock += Math.floor(rng() * rng() * 20 * 60_000);
    const u = rng();
    // Mostly on time, often out of order within the lateness, sometimes too late, sometimes a repeated timestamp.
    const eventTime =
      u < 0.15 && log.length > 0
        ? (log[Math.floor(rng() * log.length)].eventTime as number)
        : u < 0.55
          ? clock - Math.floor(rng() * latenessMs)
          : u < 0.62
            ? clock - latenessMs - Math.floor(rng() * 3_600_000) - 1
            : clock;
    const values: Record<string, unknown> = {};
    const amount = randomAmount(rng, integers);
    if (amount !== undefined) values.amount = amount;
    if (rng() > 0.1) values.category = pick(rng, CATEGORIES);
    log.push({ eventTime, values });
    if (rng() < 0.1) replays.push(Math.floor(rng() * log.length));
  }
  return { log, replays };
}

function expectSame(actual: Record<string, Value>, expected: Record<string, Value>, context: string): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [name, want] of Object.entries(expected)) {
    const got = actual[name];
    if (typeof want === 'number' && typeof got === 'number' && !(Number.isInteger(want) && Number.isInteger(got))) {
      const tolerance = 1e-9 * Math.max(1_000, Math.abs(want), Math.abs(got));
      if (Math.abs(got - want) > tolerance) throw new Error(`${context}: ${name} = ${got}, expected ${want}`);
    } else if (got !== want) {
      throw new Error(`${context}: ${name} = ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
    }
  }
}

describe('batch and streaming aggregation parity (property)', () => {
  it.each(Array.from({ length: 40 }, (_, i) => [i]))('random log #%i: stream, definition and sliding window agree', (seed) => {
    const rng = mulberry32(1000 + seed);
    const integers = seed % 2 === 0;
    const latenessMs = pick(rng, [0, 60_000, 15 * 60_000, 2 * 3_600_000]);
    const plan = createAggregationPlan(randomSpecs(rng), { allowedLateness: latenessMs });
    const { log, replays } = randomLog(rng, integers, latenessMs);

    let state = createState(plan);
    // A Redis hash kept up to date by the deltas alone, as the consumer will.
    const hash: Record<string, string> = {};
    const rejected: number[] = [];
    const accepted: AggregationEvent[] = [];
    let replayCursor = 0;
    let reads = 0;
    log.forEach((event, offset) => {
      const result = applyEvent(plan, state, event, { partition: 3, offset });
      if (result.status === 'applied') accepted.push(event);
      else {
        expect(result.status).toBe('too_late');
        rejected.push(offset);
      }
      const change = encodeChanges(state, result);
      Object.assign(hash, change.set);
      for (const field of change.del) delete hash[field];

      // Replaying an event already applied (a consumer restart) changes nothing.
      while (replayCursor < replays.length && replays[replayCursor] <= offset) {
        const again = replays[replayCursor++];
        const before = JSON.stringify(state);
        expect(applyEvent(plan, state, log[again], { partition: 3, offset: again }).status).toBe('duplicate');
        expect(JSON.stringify(state)).toBe(before);
      }
      if (offset % 7 === 3) state = decodeState(plan, hash);

      if (offset % 5 === 0) {
        const watermark = watermarkOf(state.maxEventTime, plan.allowedLatenessMs);
        const times = Array.from({ length: 6 }, () => Math.floor(watermark + rng() * (state.maxEventTime! - watermark + 3 * 86_400_000)));
        const sliding = aggregateAtTimes(accepted, plan, times);
        times.forEach((t, k) => {
          const expected = aggregateAsOf(accepted, plan, t);
          expectSame(readState(plan, state, t), expected, `seed ${seed}, after event ${offset}, stream at ${t}`);
          expectSame(sliding[k], expected, `seed ${seed}, after event ${offset}, sliding at ${t}`);
          reads++;
        });
      }
    });

    expect(hash).toEqual(encodeState(state));
    // The batch path's filter replays the stream's lateness decisions exactly.
    expect(acceptEvents(log, plan.allowedLatenessMs).rejected.map((r) => r.index)).toEqual(rejected);
    expect(reads).toBeGreaterThan(50);
  });

  it('the sliding batch agrees with the definition over a whole history, at unsorted and repeated times', () => {
    const rng = mulberry32(7);
    const plan = createAggregationPlan(randomSpecs(rng).concat([{ name: 'd2w', fn: 'distinct_count', field: 'category', window: '2w' }]));
    const { log } = randomLog(rng, false, 0);
    const times = Array.from({ length: 400 }, () => T0 - 86_400_000 + Math.floor(rng() * 30 * 86_400_000));
    times.push(times[10], times[10], (log[5].eventTime as number));
    const sliding = aggregateAtTimes(log, plan, times);
    times.forEach((t, k) => expectSame(sliding[k], aggregateAsOf(log, plan, t), `time ${k}`));
  });
});
