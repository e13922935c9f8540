import { MlCancelledError, MlInputError, MlInputErrorCode } from '../errors/ml-input.error';
import { deriveSeed, mulberry32 } from '../random/prng';
import type { MedianPrunerOptions } from './median-pruner';
import { sampleRandom } from './random-sampler';
import { validateSearchSpace, type SampledParams, type ParamsOf, type SearchSpace } from './search-space';
import { sampleTpe, type TpeOptions } from './tpe-sampler';
import { TrialHandle, TrialPruned, type OptimizeDirection, type Trial, type TrialResult } from './trial';

export type SamplerOption = 'random' | 'tpe' | ({ readonly kind: 'tpe' } & TpeOptions);

export interface OptimizeOptions<S extends SearchSpace> {
  readonly space: S;
  /**
   * Scores one set of parameters. Throw an MlInputError to mark the parameters unusable (the
   * trial is recorded as failed and the search goes on), TrialPruned to stop early on the
   * pruner's advice; any other error ends the search.
   */
  readonly objective: (params: ParamsOf<S>, trial: Trial) => Promise<number> | number;
  readonly direction: OptimizeDirection;
  readonly sampler: SamplerOption;
  /** Most trials to run. */
  readonly trials?: number;
  /** No trial starts after this many seconds; a running trial is not interrupted. */
  readonly seconds?: number;
  /** Default 42. Trial n samples from a generator seeded by (seed, n). */
  readonly seed?: number;
  /** Aborting rejects `optimize` with MlCancelledError at once, even mid-trial. */
  readonly signal?: AbortSignal;
  readonly pruner?: MedianPrunerOptions;
  /** Awaited after every trial, before the next one is sampled. */
  readonly onTrial?: (trial: TrialResult<ParamsOf<S>>) => void | Promise<void>;
}

export interface OptimizeResult<P> {
  /** The complete trial with the best value, the earliest on ties. Pruned trials never qualify. */
  readonly best: { readonly params: P; readonly value: number; readonly trial: number };
  readonly trials: readonly TrialResult<P>[];
}

function refuse(field: string, message: string): never {
  throw new MlInputError(MlInputErrorCode.InvalidParameter, `search.${field}`, `search.${field} ${message}`);
}

function checkOptions(o: OptimizeOptions<SearchSpace>) {
  if (typeof o.objective !== 'function') refuse('objective', 'must be a function');
  if (o.direction !== 'minimize' && o.direction !== 'maximize') refuse('direction', "must be 'minimize' or 'maximize'");
  const sampler = o.sampler;
  const tpe = typeof sampler === 'object' && sampler !== null && sampler.kind === 'tpe';
  if (sampler !== 'random' && sampler !== 'tpe' && !tpe) refuse('sampler', "must be 'random', 'tpe' or { kind: 'tpe', … }");
  if (tpe) checkTpeOptions(sampler as TpeOptions);
  if (o.trials === undefined && o.seconds === undefined) refuse('trials', 'or search.seconds must be given: the search needs a budget');
  if (o.trials !== undefined && !(Number.isSafeInteger(o.trials) && o.trials >= 1)) refuse('trials', 'must be a positive integer');
  if (o.seconds !== undefined && !(typeof o.seconds === 'number' && o.seconds > 0 && !Number.isNaN(o.seconds))) refuse('seconds', 'must be a positive number');
  const seed = o.seed ?? 42;
  if (!Number.isSafeInteger(seed)) refuse('seed', 'must be an integer');
  const p = o.pruner;
  if (p !== undefined) {
    if (typeof p !== 'object' || p === null || p.kind !== 'median') refuse('pruner', "must be { kind: 'median', … }");
    if (p.startupTrials !== undefined && !(Number.isSafeInteger(p.startupTrials) && p.startupTrials >= 0)) refuse('pruner.startupTrials', 'must be a non-negative integer');
    if (p.warmupSteps !== undefined && !(Number.isSafeInteger(p.warmupSteps) && p.warmupSteps >= 0)) refuse('pruner.warmupSteps', 'must be a non-negative integer');
  }
  return { seed, tpeOptions: tpe ? (sampler as TpeOptions) : sampler === 'tpe' ? {} : undefined };
}

function checkTpeOptions(t: TpeOptions): void {
  const count = (v: unknown, min: number) => v === undefined || (Number.isSafeInteger(v) && (v as number) >= min);
  if (!count(t.startupTrials, 0)) refuse('sampler.startupTrials', 'must be a non-negative integer');
  if (!count(t.eiCandidates, 1)) refuse('sampler.eiCandidates', 'must be a positive integer');
  if (t.priorWeight !== undefined && !(typeof t.priorWeight === 'number' && t.priorWeight > 0 && Number.isFinite(t.priorWeight)))
    refuse('sampler.priorWeight', 'must be a positive number');
  for (const flag of ['magicClip', 'multivariate'] as const)
    if (t[flag] !== undefined && typeof t[flag] !== 'boolean') refuse(`sampler.${flag}`, 'must be a boolean');
}

/**
 * Sequential model-based hyperparameter search in the manner of Optuna: sample parameters
 * (random search or TPE), await the objective, record the trial, repeat until `trials` have run
 * or `seconds` have passed. With a median pruner the objective may `report` intermediate values
 * and stop when `shouldPrune()` says so.
 *
 * Deterministic for a given seed and a deterministic objective: the sampler of trial n is seeded
 * by deriveSeed(seed, "hpo:trial:n") and sees the trials before it, nothing else. (A time budget
 * makes the number of trials, not their parameters, depend on the clock.)
 *
 * Refuses bad options with MlInputError (`search.space.<name>`, `search.trials`, …), and throws
 * one (field `search.objective`) when no trial completed, naming the first failure.
 */
export async function optimize<const S extends SearchSpace>(options: OptimizeOptions<S>): Promise<OptimizeResult<ParamsOf<S>>> {
  type P = ParamsOf<S>;
  const space = validateSearchSpace(options.space);
  const { seed, tpeOptions } = checkOptions(options as unknown as OptimizeOptions<SearchSpace>);
  const { direction, signal, pruner, onTrial } = options;
  const maxTrials = options.trials ?? Infinity;
  const started = performance.now();
  const deadline = options.seconds === undefined ? Infinity : started + options.seconds * 1000;
  const throwIfAborted = () => {
    if (signal?.aborted) throw new MlCancelledError();
  };

  const trials: TrialResult<P>[] = [];
  const completedCurves: Map<number, number>[] = [];
  let best: { params: P; value: number; trial: number } | undefined;

  for (let n = 0; n < maxTrials && performance.now() < deadline; n++) {
    throwIfAborted();
    const rng = mulberry32(deriveSeed(seed, `hpo:trial:${n}`));
    const history = trials as unknown as readonly TrialResult<SampledParams>[];
    const params = (tpeOptions === undefined ? sampleRandom(space, rng) : sampleTpe(space, history, direction, rng, tpeOptions)) as P;
    const handle = new TrialHandle(n, signal, direction, pruner, completedCurves);
    const result = await runTrial(params, handle, (p, t) => options.objective(p, t), signal);
    trials.push(result);
    if (result.state === 'complete') {
      completedCurves.push(handle.values);
      if (best === undefined || (direction === 'minimize' ? result.value < best.value : result.value > best.value))
        best = { params, value: result.value, trial: n };
    }
    await onTrial?.(result);
    throwIfAborted();
    // Let timers and I/O run between trials, so that an abort scheduled on the event loop lands
    // even when the objective never yields.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  if (best === undefined) {
    const failed = trials.filter((t) => t.state === 'failed');
    const pruned = trials.length - failed.length;
    const first = failed[0]?.state === 'failed' ? `; the first failure: ${failed[0].error}` : '';
    throw new MlInputError(
      MlInputErrorCode.InvalidParameter,
      'search.objective',
      `No trial completed (${failed.length} failed, ${pruned} pruned)${first}`,
    );
  }
  return { best, trials };
}

/**
 * Runs the objective once and records how it ended. Rethrows whatever is neither an MlInputError
 * nor TrialPruned, and MlCancelledError if the signal aborted meanwhile, whatever the objective did.
 */
async function runTrial<P extends object>(
  params: P,
  handle: TrialHandle,
  objective: (params: P, trial: Trial) => Promise<number> | number,
  signal: AbortSignal | undefined,
): Promise<TrialResult<P>> {
  const started = performance.now();
  const record = () => ({ number: handle.number, params, intermediate: handle.intermediate(), durationMs: performance.now() - started });
  let value: unknown;
  try {
    value = await untilAborted(new Promise<number>((resolve) => resolve(objective({ ...params }, handle))), signal);
  } catch (error) {
    if (signal?.aborted) throw new MlCancelledError();
    if (error instanceof TrialPruned) {
      const r = record();
      return { ...r, state: 'pruned', value: r.intermediate[r.intermediate.length - 1]?.value };
    }
    if (error instanceof MlInputError) return { ...record(), state: 'failed', error: error.message };
    throw error;
  }
  if (signal?.aborted) throw new MlCancelledError();
  if (typeof value !== 'number' || Number.isNaN(value)) return { ...record(), state: 'failed', error: `objective returned ${String(value)}, not a number` };
  return { ...record(), state: 'complete', value };
}

/** `work`, or MlCancelledError as soon as `signal` aborts; an abandoned `work` settles unobserved. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new MlCancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
