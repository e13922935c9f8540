import { MlArtifactError, MlInputError, MlInputErrorCode } from '../../errors/ml-input.error';

export type LinearFitAlgorithm = 'cholesky' | 'coordinate-descent' | 'newton' | 'irls-coordinate-descent' | 'lbfgs';

/** How a linear model was fitted; kept in its JSON so an artifact says whether its fit converged. */
export interface LinearFitSummary {
  readonly algorithm: LinearFitAlgorithm;
  /** Overall penalty strength λ (0: unpenalised). */
  readonly lambda: number;
  /** Share of λ on the L1 norm: 0 is ridge, 1 is lasso, in between elastic net. */
  readonly l1Ratio: number;
  /** True when the penalty was applied to coefficients of standardised features (glmnet's default). */
  readonly standardized: boolean;
  readonly iterations: number;
  readonly converged: boolean;
}

const ALGORITHMS: readonly LinearFitAlgorithm[] = ['cholesky', 'coordinate-descent', 'newton', 'irls-coordinate-descent', 'lbfgs'];

/** Throws MlInputError naming `params.<key>` unless `value` is a finite number in [min, max]. */
export function checkNumberParam(key: string, value: number, min: number, max = Infinity): number {
  if (!(typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max))
    throw new MlInputError(MlInputErrorCode.InvalidParameter, `params.${key}`, `params.${key} must be a number in [${min}, ${max}]`);
  return value;
}

/** Throws MlInputError naming `params.<key>` unless `value` is an integer in [min, max]. */
export function checkIntegerParam(key: string, value: number, min: number, max: number): number {
  if (!(Number.isInteger(value) && value >= min && value <= max))
    throw new MlInputError(MlInputErrorCode.InvalidParameter, `params.${key}`, `params.${key} must be an integer from ${min} to ${max}`);
  return value;
}

// Readers for fromJSON: anything that is not a model this version wrote is an MlArtifactError.

export function readObject(json: unknown, kind: string): Record<string, unknown> {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new MlArtifactError(`${kind}: expected an object`);
  const o = json as Record<string, unknown>;
  if (o.kind !== kind) throw new MlArtifactError(`${kind}: kind is ${JSON.stringify(o.kind)}`);
  if (o.version !== 1) throw new MlArtifactError(`${kind}: unsupported version ${JSON.stringify(o.version)}`);
  return o;
}

export function readFinite(o: Record<string, unknown>, key: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new MlArtifactError(`${key} must be a finite number`);
  return v;
}

export function readFiniteArray(o: Record<string, unknown>, key: string, length?: number): Float64Array {
  const v = o[key];
  if (!Array.isArray(v) || !v.every((e) => typeof e === 'number' && Number.isFinite(e)))
    throw new MlArtifactError(`${key} must be an array of finite numbers`);
  if (length !== undefined && v.length !== length) throw new MlArtifactError(`${key} must hold ${length} numbers`);
  return Float64Array.from(v as number[]);
}

export function readFitSummary(o: Record<string, unknown>): LinearFitSummary {
  const f = o.fit;
  if (f === null || typeof f !== 'object') throw new MlArtifactError('fit must be an object');
  const s = f as Record<string, unknown>;
  if (!ALGORITHMS.includes(s.algorithm as LinearFitAlgorithm)) throw new MlArtifactError('fit.algorithm is unknown');
  if (typeof s.standardized !== 'boolean' || typeof s.converged !== 'boolean') throw new MlArtifactError('fit flags must be booleans');
  const lambda = readFinite(s, 'lambda');
  const l1Ratio = readFinite(s, 'l1Ratio');
  const iterations = readFinite(s, 'iterations');
  return { algorithm: s.algorithm as LinearFitAlgorithm, lambda, l1Ratio, standardized: s.standardized, iterations, converged: s.converged };
}
