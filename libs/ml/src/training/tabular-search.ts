import type { ModelAlgorithm } from '../artifact/model-info';
import { MlInputError, MlInputErrorCode } from '../errors/ml-input.error';
import type { MedianPrunerOptions } from '../hpo/median-pruner';
import { optimize } from '../hpo/optimize';
import { defineSearchSpace, type SampledParams, type SearchSpace } from '../hpo/search-space';
import type { Trial } from '../hpo/trial';
import { deriveSeed } from '../random/prng';
import type { StepProgress } from './step-progress';
import { fitCandidate, plannedSteps, type CandidateData, type FittedCandidate, type ValidationWatch } from './tabular-candidates';
import { scoreModel, selectionLoss } from './tabular-evaluation';
import { paramKeys, resolveCandidateParams } from './tabular-params';

export type TabularSearchStrategy = 'random' | 'tpe';

export interface TabularSearchOptions {
  /** 'random': independent draws from the space; 'tpe': Tree-structured Parzen Estimator (Optuna's defaults: the first 10 trials are random). */
  readonly strategy: TabularSearchStrategy;
  /** Most trials to run, 1 to 200. */
  readonly trials?: number;
  /**
   * No trial starts after this many seconds (1 to 3600), counted from the first trial (with
   * 'auto', after the candidates); a running trial finishes.
   */
  readonly seconds?: number;
}

/** What `onTrial` hears after every finished trial (complete, pruned or failed). */
export interface TrialProgress {
  readonly trialsDone: number;
  /** The trial budget, or null when only a time budget was given. */
  readonly trialsTotal: number | null;
  /** Lowest validation `metric` of the complete trials so far; null until one completes. */
  readonly bestMetric: number | null;
  /** 'rmse' for regression, 'logLoss' for classification. */
  readonly metric: string;
}

export interface TabularSearchTrial {
  readonly number: number;
  /** The params the trial trained with, as they would be passed in `params` to train it again: the sampled values and the pinned ones. */
  readonly params: Record<string, unknown>;
  readonly state: 'complete' | 'pruned' | 'failed';
  /** complete: the validation metric; pruned: its value at the last reported step. */
  readonly value?: number;
}

export interface TabularSearchSummary {
  readonly strategy: TabularSearchStrategy;
  readonly metric: string;
  readonly trials: readonly TabularSearchTrial[];
  /** Number of the trial whose model was kept. */
  readonly bestTrial: number;
}

export const SEARCH_LIMITS = { trials: { min: 1, max: 200 }, seconds: { min: 1, max: 3600 } } as const;

/**
 * Default search spaces, over the keys of `params` of each algorithm. Ranges bracket the
 * defaults (GBDT learning rate 0.1 and 31 leaves, MLP learning rate 0.01, …) by about an order of
 * magnitude either way, on a log scale where the effect is multiplicative.
 */
export const GBDT_SEARCH_SPACE = defineSearchSpace({
  learningRate: { type: 'float', low: 0.02, high: 0.3, log: true },
  maxLeaves: { type: 'int', low: 8, high: 64, log: true },
  maxDepth: { type: 'int', low: 3, high: 10 },
  minSamplesLeaf: { type: 'int', low: 5, high: 60, log: true },
  lambda: { type: 'float', low: 1e-3, high: 10, log: true },
  featureSubsample: { type: 'float', low: 0.5, high: 1 },
});

/** l1 is searched for regression and binary classification only: softmax regression takes no L1 penalty. */
export const LINEAR_SEARCH_SPACE = defineSearchSpace({
  l2: { type: 'float', low: 1e-6, high: 10, log: true },
  l1: { type: 'float', low: 1e-6, high: 1, log: true },
});

/** `hiddenUnits` is searched among named layouts (a search space holds scalars only); see MLP_LAYOUTS. */
export const MLP_SEARCH_SPACE = defineSearchSpace({
  learningRate: { type: 'float', low: 1e-3, high: 3e-2, log: true },
  hiddenUnits: { type: 'categorical', choices: ['32', '64-32', '64-64'] },
  epochs: { type: 'int', low: 20, high: 150 },
});

const MLP_LAYOUTS: Readonly<Record<string, readonly number[]>> = { '32': [32], '64-32': [64, 32], '64-64': [64, 64] };

/**
 * Median pruning (see medianShouldPrune), after 5 complete trials. GBDT reports its validation
 * loss every GBDT_REPORT_EVERY rounds and the MLP after every epoch; both skip a warm-up, since
 * a small learning rate starts slow and would otherwise be cut before it catches up (the median
 * rule still favours fast starters somewhat). Linear models have no steps and are not pruned.
 */
export const GBDT_REPORT_EVERY = 5;
const PRUNERS: Readonly<Record<ModelAlgorithm, MedianPrunerOptions | undefined>> = {
  gbdt: { kind: 'median', startupTrials: 5, warmupSteps: 20 },
  mlp: { kind: 'median', startupTrials: 5, warmupSteps: 10 },
  linear: undefined,
};

function refuse(field: string, message: string): never {
  throw new MlInputError(MlInputErrorCode.InvalidParameter, field, `${field} ${message}`);
}

/** `search` checked; each refusal is an MlInputError naming `search` or `search.<key>`. */
export function checkSearchOptions(search: unknown): TabularSearchOptions {
  if (typeof search !== 'object' || search === null || Array.isArray(search)) refuse('search', "must be an object { strategy: 'random' | 'tpe', trials?, seconds? }");
  const o = search as Record<string, unknown>;
  for (const key of Object.keys(o))
    if (!['strategy', 'trials', 'seconds'].includes(key) && o[key] !== undefined) refuse(`search.${key}`, 'is not a search option (known: strategy, trials, seconds)');
  const { strategy, trials, seconds } = o;
  if (strategy !== 'random' && strategy !== 'tpe') refuse('search.strategy', "must be 'random' or 'tpe'");
  const { trials: t, seconds: s } = SEARCH_LIMITS;
  if (trials !== undefined && !(Number.isInteger(trials) && (trials as number) >= t.min && (trials as number) <= t.max))
    refuse('search.trials', `must be an integer from ${t.min} to ${t.max}`);
  if (seconds !== undefined && !(typeof seconds === 'number' && seconds >= s.min && seconds <= s.max))
    refuse('search.seconds', `must be a number from ${s.min} to ${s.max}`);
  if (trials === undefined && seconds === undefined) refuse('search.trials', 'or search.seconds must be given: the search needs a budget');
  return { strategy, ...(trials !== undefined ? { trials: trials as number } : {}), ...(seconds !== undefined ? { seconds: seconds as number } : {}) };
}

/**
 * The default space of `algorithm` without the keys the caller pinned (linear `lambda` pins
 * `l2`, being another name for it). `classes`: null for regression.
 */
export function tabularSearchSpace(algorithm: ModelAlgorithm, classes: number | null, pinned: readonly string[]): SearchSpace {
  const full: SearchSpace =
    algorithm === 'gbdt' ? GBDT_SEARCH_SPACE : algorithm === 'mlp' ? MLP_SEARCH_SPACE : classes !== null && classes > 2 ? { l2: LINEAR_SEARCH_SPACE.l2 } : LINEAR_SEARCH_SPACE;
  const taken = new Set(pinned);
  if (algorithm === 'linear' && taken.has('lambda')) taken.add('l2');
  return Object.fromEntries(Object.entries(full).filter(([name]) => !taken.has(name)));
}

/** Sampled values as `params` takes them (an MLP layout name becomes its layer sizes). */
function asParams(sampled: SampledParams): Record<string, unknown> {
  const params: Record<string, unknown> = { ...sampled };
  if (typeof sampled['hiddenUnits'] === 'string') params['hiddenUnits'] = [...MLP_LAYOUTS[sampled['hiddenUnits']]];
  return params;
}

function watchFor(algorithm: ModelAlgorithm, trial: Trial): ValidationWatch | undefined {
  if (algorithm === 'linear') return undefined;
  return (step, loss) => {
    if (algorithm === 'gbdt' && step % GBDT_REPORT_EVERY !== 0) return false;
    trial.report(step, loss);
    return trial.shouldPrune();
  };
}

export interface TabularSearchRun {
  readonly algorithm: ModelAlgorithm;
  readonly data: CandidateData;
  /** The caller's params; those `algorithm` takes are pinned: left out of the space and given to every trial. */
  readonly params: Readonly<Record<string, unknown>> | undefined;
  readonly search: TabularSearchOptions;
  /** Seeds the sampler (through deriveSeed), and the models whose params give no seed. */
  readonly seed: number;
  readonly progress: StepProgress;
  readonly onTrial?: (progress: TrialProgress) => void | Promise<void>;
}

export interface TabularSearchOutcome {
  /** The best trial's model, as fitted in that trial. */
  readonly candidate: FittedCandidate;
  readonly validation: ReturnType<typeof scoreModel>;
  readonly summary: TabularSearchSummary;
}

/**
 * Searches the params of one algorithm with `optimize`: each trial fits a model on `data.fit`
 * and scores it on `data.validation` by `selectionLoss` (RMSE or log loss), which the search
 * minimises; the held-out test rows are never seen. The best trial's model is kept rather than
 * refitted, so its validation predictions are those of the returned model.
 *
 * Progress: every trial is one more model on `progress`, so steps count on across trials (GBDT
 * rounds, MLP epochs, one per linear fit; a pruned trial ends at the step it was pruned at). With
 * a trial budget the total counts each trial still to run as long as the current one; with only
 * a time budget it covers the trials started so far.
 *
 * An aborted signal ends the search with MlCancelledError; if no trial completes, an MlInputError
 * (field `search.objective`) names the first failure.
 */
export async function searchTabularModel(run: TabularSearchRun): Promise<TabularSearchOutcome> {
  const { algorithm, data, search, progress } = run;
  const keys = paramKeys(algorithm);
  const pinned = Object.fromEntries(Object.entries(run.params ?? {}).filter(([k, v]) => v !== undefined && keys.includes(k)));
  const space = tabularSearchSpace(algorithm, data.classes, Object.keys(pinned));
  if (Object.keys(space).length === 0)
    refuse('search', `has nothing left to tune: params pins every parameter searched for ${algorithm} (${Object.keys(pinned).join(', ')})`);
  const context = { task: data.task, classes: data.classes, seed: run.seed };
  const metric = data.task === 'regression' ? 'rmse' : 'logLoss';
  const trialParams = (sampled: SampledParams): Record<string, unknown> => ({ ...asParams(sampled), ...pinned });

  let best: { candidate: FittedCandidate; validation: ReturnType<typeof scoreModel>; loss: number; trial: number } | undefined;
  let bestMetric: number | null = null;
  const result = await optimize({
    space,
    direction: 'minimize',
    sampler: search.strategy,
    ...(search.trials !== undefined ? { trials: search.trials } : {}),
    ...(search.seconds !== undefined ? { seconds: search.seconds } : {}),
    seed: deriveSeed(run.seed, 'search'),
    ...(progress.signal ? { signal: progress.signal } : {}),
    ...(PRUNERS[algorithm] ? { pruner: PRUNERS[algorithm] } : {}),
    objective: async (sampled: SampledParams, trial: Trial) => {
      const params = resolveCandidateParams([algorithm], trialParams(sampled), context);
      const steps = plannedSteps(algorithm, params);
      const place = progress.plan(steps, search.trials === undefined ? 0 : (search.trials - trial.number - 1) * steps);
      try {
        const candidate = await fitCandidate(algorithm, data, params, progress, watchFor(algorithm, trial));
        const validation = scoreModel(candidate.model, data.validation);
        const loss = selectionLoss(data.task, validation.scores);
        // The same rule as optimize's best: strictly lower, NaN never (a NaN trial is failed).
        if (!Number.isNaN(loss) && (best === undefined || loss < best.loss)) best = { candidate, validation, loss, trial: trial.number };
        return loss;
      } finally {
        progress.end(place);
      }
    },
    onTrial: async (t) => {
      if (t.state === 'complete' && (bestMetric === null || t.value < bestMetric)) bestMetric = t.value;
      await run.onTrial?.({ trialsDone: t.number + 1, trialsTotal: search.trials ?? null, bestMetric, metric });
    },
  });
  if (best === undefined || best.trial !== result.best.trial) throw new Error(`the search kept trial ${best?.trial}, optimize chose ${result.best.trial}`);
  return {
    candidate: best.candidate,
    validation: best.validation,
    summary: {
      strategy: search.strategy,
      metric,
      trials: result.trials.map((t) => ({
        number: t.number,
        params: trialParams(t.params),
        state: t.state,
        ...(t.state !== 'failed' && t.value !== undefined ? { value: t.value } : {}),
      })),
      bestTrial: result.best.trial,
    },
  };
}

