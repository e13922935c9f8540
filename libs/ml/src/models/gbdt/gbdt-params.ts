import { MlInputError, MlInputErrorCode } from '../../errors/ml-input.error';

/** What the ensemble's raw score F(x) means: the value itself, log-odds of class 1, or one logit per class. */
export type GbdtObjective = 'regression' | 'binary' | 'multiclass';

/**
 * `leafwise` (LightGBM's best-first growth) always splits the leaf with the largest gain;
 * `depthwise` (XGBoost's default) splits every splittable leaf of one level before the next.
 */
export type GbdtGrowth = 'leafwise' | 'depthwise';

export interface GbdtParams {
  readonly objective?: GbdtObjective;
  /** Multiclass only; defaults to the largest label + 1. */
  readonly nClasses?: number | null;
  /** Boosting rounds (a multiclass round adds one tree per class). */
  readonly maxIterations?: number;
  /** Shrinkage ν: each leaf adds ν·w* to the raw score. */
  readonly learningRate?: number;
  readonly growth?: GbdtGrowth;
  /** Largest number of leaves per tree. */
  readonly maxLeaves?: number;
  /** Largest depth of a leaf (the root has depth 0); null for no limit. */
  readonly maxDepth?: number | null;
  /** Fewest training rows in a leaf. */
  readonly minSamplesLeaf?: number;
  /** Smallest sum of hessians in a leaf (LightGBM's min_sum_hessian_in_leaf). */
  readonly minHessianLeaf?: number;
  /** L2 penalty λ on leaf values: w* = −G / (H + λ). */
  readonly lambda?: number;
  /** A split must reduce the regularised loss by more than this (γ). */
  readonly minSplitGain?: number;
  /** Quantile bins per feature for non-missing values, at most 255; missing values get one more. */
  readonly maxBins?: number;
  /** Fraction of training rows each tree is grown on, drawn without replacement. */
  readonly rowSubsample?: number;
  /** Fraction of features each tree may split on. */
  readonly featureSubsample?: number;
  /** With a validation set: stop after this many rounds without improvement; 0 never stops early. */
  readonly earlyStoppingRounds?: number;
  /** An improvement must lower the validation loss by more than this. */
  readonly earlyStoppingMinDelta?: number;
  readonly seed?: number;
}

export interface ResolvedGbdtParams {
  readonly objective: GbdtObjective;
  readonly nClasses: number | null;
  readonly maxIterations: number;
  readonly learningRate: number;
  readonly growth: GbdtGrowth;
  readonly maxLeaves: number;
  readonly maxDepth: number | null;
  readonly minSamplesLeaf: number;
  readonly minHessianLeaf: number;
  readonly lambda: number;
  readonly minSplitGain: number;
  readonly maxBins: number;
  readonly rowSubsample: number;
  readonly featureSubsample: number;
  readonly earlyStoppingRounds: number;
  readonly earlyStoppingMinDelta: number;
  readonly seed: number;
}

/** scikit-learn's HistGradientBoosting defaults, except that early stopping needs a validation set passed in. */
export const DEFAULT_GBDT_PARAMS: ResolvedGbdtParams = {
  objective: 'regression',
  nClasses: null,
  maxIterations: 100,
  learningRate: 0.1,
  growth: 'leafwise',
  maxLeaves: 31,
  maxDepth: null,
  minSamplesLeaf: 20,
  minHessianLeaf: 1e-3,
  lambda: 0,
  minSplitGain: 0,
  maxBins: 255,
  rowSubsample: 1,
  featureSubsample: 1,
  earlyStoppingRounds: 10,
  earlyStoppingMinDelta: 0,
  seed: 42,
};

/** Bounds on user-supplied parameters, so that one request cannot ask for an hour of training. */
export const GBDT_PARAM_LIMITS = { maxIterations: 10_000, maxLeaves: 4096, maxDepth: 64, maxClasses: 1000 } as const;

/** Defaults filled in and every value checked; a bad value throws MlInputError naming `params.<key>`. */
export function resolveGbdtParams(params: GbdtParams = {}): ResolvedGbdtParams {
  if (params === null || typeof params !== 'object' || Array.isArray(params))
    throw new MlInputError(MlInputErrorCode.InvalidParameter, 'params', 'params must be an object');
  const p: ResolvedGbdtParams = { ...DEFAULT_GBDT_PARAMS, ...stripUndefined(params) };
  const bad = (key: string, why: string): never => {
    throw new MlInputError(MlInputErrorCode.InvalidParameter, `params.${key}`, `params.${key} ${why}`);
  };
  const isInt = (x: unknown, lo: number, hi: number): boolean => Number.isInteger(x) && (x as number) >= lo && (x as number) <= hi;
  const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
  if (!['regression', 'binary', 'multiclass'].includes(p.objective)) bad('objective', 'must be regression, binary or multiclass');
  if (p.nClasses !== null) {
    if (p.objective !== 'multiclass') bad('nClasses', 'applies to the multiclass objective only');
    if (!isInt(p.nClasses, 2, GBDT_PARAM_LIMITS.maxClasses)) bad('nClasses', `must be an integer from 2 to ${GBDT_PARAM_LIMITS.maxClasses}`);
  }
  if (!isInt(p.maxIterations, 1, GBDT_PARAM_LIMITS.maxIterations))
    bad('maxIterations', `must be an integer from 1 to ${GBDT_PARAM_LIMITS.maxIterations}`);
  if (!(isNum(p.learningRate) && p.learningRate > 0 && p.learningRate <= 1)) bad('learningRate', 'must be in (0, 1]');
  if (p.growth !== 'leafwise' && p.growth !== 'depthwise') bad('growth', 'must be leafwise or depthwise');
  if (!isInt(p.maxLeaves, 2, GBDT_PARAM_LIMITS.maxLeaves)) bad('maxLeaves', `must be an integer from 2 to ${GBDT_PARAM_LIMITS.maxLeaves}`);
  if (p.maxDepth !== null && !isInt(p.maxDepth, 1, GBDT_PARAM_LIMITS.maxDepth))
    bad('maxDepth', `must be null or an integer from 1 to ${GBDT_PARAM_LIMITS.maxDepth}`);
  if (!isInt(p.minSamplesLeaf, 1, Number.MAX_SAFE_INTEGER)) bad('minSamplesLeaf', 'must be a positive integer');
  if (!(isNum(p.minHessianLeaf) && p.minHessianLeaf >= 0)) bad('minHessianLeaf', 'must be ≥ 0');
  if (!(isNum(p.lambda) && p.lambda >= 0)) bad('lambda', 'must be ≥ 0');
  if (!(isNum(p.minSplitGain) && p.minSplitGain >= 0)) bad('minSplitGain', 'must be ≥ 0');
  if (!isInt(p.maxBins, 2, 255)) bad('maxBins', 'must be an integer from 2 to 255');
  if (!(isNum(p.rowSubsample) && p.rowSubsample > 0 && p.rowSubsample <= 1)) bad('rowSubsample', 'must be in (0, 1]');
  if (!(isNum(p.featureSubsample) && p.featureSubsample > 0 && p.featureSubsample <= 1)) bad('featureSubsample', 'must be in (0, 1]');
  if (!isInt(p.earlyStoppingRounds, 0, GBDT_PARAM_LIMITS.maxIterations)) bad('earlyStoppingRounds', 'must be a non-negative integer');
  if (!(isNum(p.earlyStoppingMinDelta) && p.earlyStoppingMinDelta >= 0)) bad('earlyStoppingMinDelta', 'must be ≥ 0');
  if (!Number.isInteger(p.seed)) bad('seed', 'must be an integer');
  return p;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
