import { MlInputError } from '../errors/ml-input.error';
import { defineSearchSpace, fromInternal, toInternal, validateSearchSpace, type ParamsOf } from './search-space';

function refusal(space: unknown): { field: string; message: string } {
  try {
    validateSearchSpace(space);
  } catch (e) {
    if (e instanceof MlInputError) return { field: e.field, message: e.message };
    throw e;
  }
  throw new Error('the space was accepted');
}

describe('validateSearchSpace', () => {
  it('accepts the three parameter kinds and keeps their key order', () => {
    const dims = validateSearchSpace({
      lr: { type: 'float', low: 1e-4, high: 1, log: true },
      depth: { type: 'int', low: 2, high: 10, step: 2 },
      units: { type: 'int', low: 8, high: 512, log: true },
      optimiser: { type: 'categorical', choices: ['adam', 'sgd'] },
    });
    expect(dims.map((d) => d.name)).toEqual(['lr', 'depth', 'units', 'optimiser']);
    const [lr, depth, units] = dims;
    // Log scales live in ln x; a log-scaled integer widens by ½ on each side before the log.
    expect([lr.kind === 'numeric' && lr.low, lr.kind === 'numeric' && lr.high]).toEqual([Math.log(1e-4), 0]);
    expect(depth.kind === 'numeric' && depth.step).toBe(2);
    expect(units.kind === 'numeric' && [units.low, units.high, units.step]).toEqual([Math.log(7.5), Math.log(512.5), undefined]);
  });

  it.each([
    ['not an object', 'x', 'search.space.x', /must be \{ type/],
    ['an unknown type', { type: 'uniform', low: 0, high: 1 }, 'search.space.x', /type must be/],
    ['low ≥ high', { type: 'float', low: 1, high: 1 }, 'search.space.x', /low \(1\) must be below high \(1\)/],
    ['a non-finite bound', { type: 'float', low: 0, high: Infinity }, 'search.space.x', /finite/],
    ['log with low ≤ 0', { type: 'float', low: 0, high: 1, log: true }, 'search.space.x', /low > 0/],
    ['a fractional int bound', { type: 'int', low: 0.5, high: 3 }, 'search.space.x', /integers/],
    ['a step off the range', { type: 'int', low: 0, high: 10, step: 3 }, 'search.space.x', /multiple of step/],
    ['a zero step', { type: 'int', low: 0, high: 10, step: 0 }, 'search.space.x', /positive integer/],
    ['log int with step 2', { type: 'int', low: 1, high: 9, step: 2, log: true }, 'search.space.x', /step 1/],
    ['log int from 0', { type: 'int', low: 0, high: 9, log: true }, 'search.space.x', /low ≥ 1/],
    ['no choices', { type: 'categorical', choices: [] }, 'search.space.x', /non-empty/],
    ['an object choice', { type: 'categorical', choices: [{}] }, 'search.space.x', /string, a finite number or a boolean/],
    ['repeated choices', { type: 'categorical', choices: ['a', 'a'] }, 'search.space.x', /distinct/],
  ])('refuses %s, naming the parameter', (_, param, field, message) => {
    const r = refusal({ x: param });
    expect(r.field).toBe(field);
    expect(r.message).toMatch(message);
  });

  it('refuses an empty or non-object space as search.space', () => {
    expect(refusal({}).field).toBe('search.space');
    expect(refusal(null).field).toBe('search.space');
    expect(refusal([]).field).toBe('search.space');
  });
});

describe('sampler coordinates', () => {
  const [lr, depth, units, act] = validateSearchSpace({
    lr: { type: 'float', low: 1e-3, high: 1, log: true },
    depth: { type: 'int', low: 1, high: 9, step: 2 },
    units: { type: 'int', low: 1, high: 100, log: true },
    act: { type: 'categorical', choices: ['relu', 3, false] },
  });

  it('round-trips values through ln and the choice index', () => {
    expect(fromInternal(lr, toInternal(lr, 0.01))).toBeCloseTo(0.01, 15);
    expect(toInternal(act, false)).toBe(2);
    expect(fromInternal(act, 1)).toBe(3);
  });

  it('rounds integers onto their grid and clips to the range', () => {
    expect(fromInternal(depth, 4.1)).toBe(5);
    expect(fromInternal(depth, 3.9)).toBe(3);
    expect(fromInternal(depth, 12)).toBe(9);
    expect(fromInternal(units, Math.log(0.6))).toBe(1);
    expect(fromInternal(units, Math.log(100.4))).toBe(100);
    expect(fromInternal(lr, 0.5)).toBe(1);
  });
});

describe('ParamsOf', () => {
  it('infers numbers for numeric parameters and the literal choices for categoricals', () => {
    const space = defineSearchSpace({
      lr: { type: 'float', low: 1e-4, high: 1, log: true },
      layers: { type: 'int', low: 1, high: 4 },
      optimiser: { type: 'categorical', choices: ['adam', 'sgd'] },
      batchNorm: { type: 'categorical', choices: [true, false] },
    });
    type P = ParamsOf<typeof space>;
    const p: P = { lr: 0.01, layers: 2, optimiser: 'adam', batchNorm: true };
    // @ts-expect-error 'rmsprop' is not among the choices
    const q: P = { lr: 0.01, layers: 2, optimiser: 'rmsprop', batchNorm: true };
    // @ts-expect-error every parameter is required
    const r: P = { lr: 0.01 };
    expect([p, q, r]).toHaveLength(3);
    expect(validateSearchSpace(space).map((d) => d.kind)).toEqual(['numeric', 'numeric', 'categorical', 'categorical']);
  });
});
