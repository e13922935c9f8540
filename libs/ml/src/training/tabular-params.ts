import type { ModelAlgorithm, TabularTask } from '../artifact/model-info';
import { MlInputError, MlInputErrorCode } from '../errors/ml-input.error';
import { resolveGbdtParams, type GbdtParams, type ResolvedGbdtParams } from '../models/gbdt/gbdt-params';
import { resolveMlpParams, type MlpParams, type ResolvedMlpParams } from '../models/mlp-regressor';

/**
 * Penalties of the linear models, per observation on the preprocessed columns:
 *   minimise  mean loss + l1·‖β‖₁ + (l2/2)·‖β‖²
 * with the loss ½(y − ŷ)² for regression and the log loss for classification; the intercept is
 * not penalised. `lambda` is another name for `l2` (the one logistic and softmax regression use).
 */
export interface LinearParams {
  readonly l2?: number;
  readonly l1?: number;
  readonly lambda?: number;
}

export interface ResolvedLinearParams {
  readonly l2: number;
  readonly l1: number;
}

/** A light ridge: it keeps one-hot columns (which sum to one, like the intercept) solvable and barely moves a well-posed fit. */
export const DEFAULT_LINEAR_PARAMS: ResolvedLinearParams = { l2: 1e-3, l1: 0 };

const MLP_KEYS: readonly (keyof MlpParams)[] = ['hiddenUnits', 'epochs', 'learningRate', 'batchSize', 'seed'];
const LINEAR_KEYS: readonly (keyof LinearParams)[] = ['l2', 'l1', 'lambda'];
// objective and nClasses follow from the task and the labels, so they are not the caller's to set.
const GBDT_KEYS: readonly (keyof GbdtParams)[] = [
  'maxIterations',
  'learningRate',
  'growth',
  'maxLeaves',
  'maxDepth',
  'minSamplesLeaf',
  'minHessianLeaf',
  'lambda',
  'minSplitGain',
  'maxBins',
  'rowSubsample',
  'featureSubsample',
  'earlyStoppingRounds',
  'earlyStoppingMinDelta',
  'seed',
];
const KEYS: Readonly<Record<ModelAlgorithm, readonly string[]>> = { gbdt: GBDT_KEYS, linear: LINEAR_KEYS, mlp: MLP_KEYS };

/** The keys of `params` an algorithm takes. */
export function paramKeys(algorithm: ModelAlgorithm): readonly string[] {
  return KEYS[algorithm];
}

export interface CandidateParams {
  readonly gbdt?: ResolvedGbdtParams;
  readonly linear?: ResolvedLinearParams;
  readonly mlp?: ResolvedMlpParams;
}

/**
 * Gives each algorithm the keys of `params` it knows, with defaults filled in and every value
 * checked. A key none of `algorithms` knows is refused, so that a typo does not go unnoticed.
 * Every failure is an MlInputError naming `params` or `params.<key>`.
 */
export function resolveCandidateParams(
  algorithms: readonly ModelAlgorithm[],
  params: unknown,
  context: { readonly task: TabularTask; readonly classes: number | null; readonly seed: number },
): CandidateParams {
  const given = params ?? {};
  if (given === null || typeof given !== 'object' || Array.isArray(given))
    throw new MlInputError(MlInputErrorCode.InvalidParameter, 'params', 'params must be an object');
  const entries = Object.entries(given).filter(([, v]) => v !== undefined);
  for (const [key] of entries) {
    if (!algorithms.some((a) => KEYS[a].includes(key)))
      throw new MlInputError(
        MlInputErrorCode.InvalidParameter,
        `params.${key}`,
        `params.${key} is not a parameter of ${algorithms.join(' or ')} (known: ${[...new Set(algorithms.flatMap((a) => KEYS[a]))].join(', ')})`,
      );
  }
  const pick = (a: ModelAlgorithm): Record<string, unknown> => Object.fromEntries(entries.filter(([k]) => KEYS[a].includes(k)));
  const out: { gbdt?: ResolvedGbdtParams; linear?: ResolvedLinearParams; mlp?: ResolvedMlpParams } = {};
  for (const algorithm of algorithms) {
    const p = pick(algorithm);
    if (algorithm === 'linear') out.linear = resolveLinearParams(p as LinearParams, context.classes);
    else if (algorithm === 'mlp') out.mlp = resolveMlpParams({ ...(p as MlpParams), seed: (p['seed'] as number | undefined) ?? context.seed });
    else
      out.gbdt = resolveGbdtParams({
        ...(p as GbdtParams),
        objective: context.task === 'regression' ? 'regression' : context.classes === 2 ? 'binary' : 'multiclass',
        nClasses: context.task === 'classification' && context.classes !== 2 ? context.classes : null,
        seed: (p['seed'] as number | undefined) ?? context.seed,
      });
  }
  return out;
}

/** `classes`: null for regression. Softmax regression has no L1 penalty, so l1 > 0 is refused with more than 2 classes. */
export function resolveLinearParams(params: LinearParams, classes: number | null): ResolvedLinearParams {
  const check = (key: keyof LinearParams): number | undefined => {
    const v = params[key];
    if (v === undefined) return undefined;
    if (!(typeof v === 'number' && Number.isFinite(v) && v >= 0))
      throw new MlInputError(MlInputErrorCode.InvalidParameter, `params.${key}`, `params.${key} must be a finite number ≥ 0`);
    return v;
  };
  const l2 = check('l2');
  const lambda = check('lambda');
  const l1 = check('l1') ?? DEFAULT_LINEAR_PARAMS.l1;
  if (l2 !== undefined && lambda !== undefined && l2 !== lambda)
    throw new MlInputError(MlInputErrorCode.InvalidParameter, 'params.lambda', 'params.lambda is another name for params.l2; give one of them');
  if (l1 > 0 && classes !== null && classes > 2)
    throw new MlInputError(MlInputErrorCode.InvalidParameter, 'params.l1', 'params.l1 is not supported with more than 2 classes (softmax regression takes an L2 penalty only)');
  return { l2: l2 ?? lambda ?? DEFAULT_LINEAR_PARAMS.l2, l1 };
}
