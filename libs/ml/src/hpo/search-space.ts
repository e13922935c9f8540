import { MlInputError, MlInputErrorCode } from '../errors/ml-input.error';

/** A value a categorical parameter can take. */
export type CategoricalChoice = string | number | boolean;

/** A real number in [low, high]; `log` samples ln x uniformly, so 1e-4…1e-3 is as likely as 0.1…1. */
export interface FloatParam {
  readonly type: 'float';
  readonly low: number;
  readonly high: number;
  readonly log?: boolean;
}

/**
 * An integer on the grid low, low + step, …, high. `log` (step 1 only) samples on
 * [low − ½, high + ½] in log space and rounds, as Optuna does.
 */
export interface IntParam {
  readonly type: 'int';
  readonly low: number;
  readonly high: number;
  readonly log?: boolean;
  readonly step?: number;
}

export interface CategoricalParam<C extends CategoricalChoice = CategoricalChoice> {
  readonly type: 'categorical';
  readonly choices: readonly C[];
}

export type ParamSpec = FloatParam | IntParam | CategoricalParam;

export type SearchSpace = { readonly [name: string]: ParamSpec };

export type ParamValue<P extends ParamSpec> = P extends CategoricalParam<infer C> ? C : number;

/** The parameter object a space produces: numbers for float and int, the choice literals for categorical. */
export type ParamsOf<S extends SearchSpace> = { -readonly [K in keyof S]: ParamValue<S[K]> };

/** Sampled parameters without the space's type information, as the samplers see them. */
export type SampledParams = Record<string, CategoricalChoice>;

/**
 * Identity at run time; at compile time it keeps the literal types of a space declared apart
 * from `optimize`, so that `choices: ['adam', 'sgd']` gives params typed `'adam' | 'sgd'`.
 */
export function defineSearchSpace<const S extends SearchSpace>(space: S): S {
  return space;
}

/**
 * A parameter in the coordinates the samplers work in: ln x for log-scaled numbers, the index
 * for a categorical. `step` is the grid spacing of a linear integer, undefined for continuous
 * coordinates (log-scaled integers are sampled continuously and rounded afterwards).
 */
export type SearchDimension =
  | { readonly kind: 'numeric'; readonly name: string; readonly spec: FloatParam | IntParam; readonly low: number; readonly high: number; readonly step: number | undefined }
  | { readonly kind: 'categorical'; readonly name: string; readonly spec: CategoricalParam; readonly size: number };

/** A validated space, in key order. */
export type CompiledSpace = readonly SearchDimension[];

function refuse(name: string, message: string): never {
  throw new MlInputError(MlInputErrorCode.InvalidParameter, `search.space.${name}`, `search.space.${name}: ${message}`);
}

/**
 * Checks a space and returns its dimensions. Every refusal is an MlInputError whose field is
 * `search.space.<name>` (or `search.space` for the space as a whole).
 */
export function validateSearchSpace(space: unknown): CompiledSpace {
  if (typeof space !== 'object' || space === null || Array.isArray(space))
    throw new MlInputError(MlInputErrorCode.InvalidParameter, 'search.space', 'search.space must be an object of parameters');
  const names = Object.keys(space);
  if (names.length === 0) throw new MlInputError(MlInputErrorCode.InvalidParameter, 'search.space', 'search.space needs at least one parameter');
  return names.map((name) => compileParam(name, (space as Record<string, unknown>)[name]));
}

function compileParam(name: string, raw: unknown): SearchDimension {
  if (typeof raw !== 'object' || raw === null) refuse(name, "must be { type: 'float' | 'int' | 'categorical', … }");
  const p = raw as Record<string, unknown>;
  switch (p['type']) {
    case 'float':
      return compileFloat(name, p);
    case 'int':
      return compileInt(name, p);
    case 'categorical':
      return compileCategorical(name, p);
    default:
      return refuse(name, "type must be 'float', 'int' or 'categorical'");
  }
}

function checkLog(name: string, log: unknown): boolean {
  if (log !== undefined && typeof log !== 'boolean') refuse(name, 'log must be a boolean');
  return log === true;
}

function compileFloat(name: string, p: Record<string, unknown>): SearchDimension {
  const { low, high } = p;
  if (typeof low !== 'number' || !Number.isFinite(low) || typeof high !== 'number' || !Number.isFinite(high))
    refuse(name, 'low and high must be finite numbers');
  if (!(low < high)) refuse(name, `low (${low}) must be below high (${high})`);
  const log = checkLog(name, p['log']);
  if (log && !(low > 0)) refuse(name, `a log-scaled range needs low > 0 (got ${low})`);
  const spec: FloatParam = { type: 'float', low, high, log };
  return log
    ? { kind: 'numeric', name, spec, low: Math.log(low), high: Math.log(high), step: undefined }
    : { kind: 'numeric', name, spec, low, high, step: undefined };
}

function compileInt(name: string, p: Record<string, unknown>): SearchDimension {
  const { low, high } = p;
  if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high)) refuse(name, 'low and high must be integers');
  const lo = low as number;
  const hi = high as number;
  if (!(lo <= hi)) refuse(name, `low (${lo}) must not exceed high (${hi})`);
  const step = p['step'] ?? 1;
  if (!Number.isSafeInteger(step) || (step as number) < 1) refuse(name, 'step must be a positive integer');
  const s = step as number;
  if ((hi - lo) % s !== 0) refuse(name, `high − low (${hi - lo}) must be a multiple of step (${s})`);
  const log = checkLog(name, p['log']);
  if (log && s !== 1) refuse(name, 'a log-scaled integer must have step 1');
  if (log && lo < 1) refuse(name, `a log-scaled integer needs low ≥ 1 (got ${lo})`);
  const spec: IntParam = { type: 'int', low: lo, high: hi, log, step: s };
  return log
    ? { kind: 'numeric', name, spec, low: Math.log(lo - 0.5), high: Math.log(hi + 0.5), step: undefined }
    : { kind: 'numeric', name, spec, low: lo, high: hi, step: s };
}

function compileCategorical(name: string, p: Record<string, unknown>): SearchDimension {
  const choices = p['choices'];
  if (!Array.isArray(choices) || choices.length === 0) refuse(name, 'choices must be a non-empty array');
  for (const c of choices as unknown[]) {
    const ok = typeof c === 'string' || typeof c === 'boolean' || (typeof c === 'number' && Number.isFinite(c));
    if (!ok) refuse(name, 'every choice must be a string, a finite number or a boolean');
  }
  if (new Set(choices).size !== choices.length) refuse(name, 'choices must be distinct');
  const spec: CategoricalParam = { type: 'categorical', choices: [...(choices as CategoricalChoice[])] };
  return { kind: 'categorical', name, spec, size: choices.length };
}

/** The sampler coordinate of a parameter value. */
export function toInternal(dim: SearchDimension, value: CategoricalChoice): number {
  if (dim.kind === 'categorical') return dim.spec.choices.indexOf(value);
  return dim.spec.log ? Math.log(value as number) : (value as number);
}

/**
 * The parameter value at a sampler coordinate: exp for log scales, then clipped to [low, high]
 * and, for integers, rounded to the nearest grid point.
 */
export function fromInternal(dim: SearchDimension, x: number): CategoricalChoice {
  if (dim.kind === 'categorical') return dim.spec.choices[x];
  const { spec } = dim;
  const v = spec.log ? Math.exp(x) : x;
  if (spec.type === 'float') return Math.min(spec.high, Math.max(spec.low, v));
  const step = spec.step ?? 1;
  const onGrid = spec.low + Math.round((v - spec.low) / step) * step;
  return Math.min(spec.high, Math.max(spec.low, onGrid));
}
