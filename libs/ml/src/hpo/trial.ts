import { medianShouldPrune, type MedianPrunerOptions } from './median-pruner';
import type { SampledParams } from './search-space';

export type OptimizeDirection = 'minimize' | 'maximize';

export interface IntermediateValue {
  readonly step: number;
  readonly value: number;
}

interface TrialRecord<P> {
  /** 0-based position in the study. */
  readonly number: number;
  readonly params: P;
  /** Values the objective reported, by increasing step. */
  readonly intermediate: readonly IntermediateValue[];
  readonly durationMs: number;
}

/**
 * A finished trial. `complete`: the objective returned `value`. `pruned`: the objective gave up
 * by throwing TrialPruned; `value` is its value at its last reported step, if any. `failed`: the
 * objective threw an MlInputError (or returned something other than a number), `error` says why.
 */
export type TrialResult<P = SampledParams> =
  | (TrialRecord<P> & { readonly state: 'complete'; readonly value: number })
  | (TrialRecord<P> & { readonly state: 'pruned'; readonly value: number | undefined })
  | (TrialRecord<P> & { readonly state: 'failed'; readonly error: string });

/** What the objective sees of its trial. */
export interface Trial {
  readonly number: number;
  /** The caller's abort signal, to hand on to long-running work inside the objective. */
  readonly signal: AbortSignal | undefined;
  /**
   * Records the objective's value after `step` (an epoch, a boosting round…), a non-negative
   * integer. A step already reported keeps its first value, as in Optuna.
   */
  report(step: number, value: number): void;
  /**
   * Whether the pruner advises stopping this trial now, judged at its latest reported step.
   * To stop, throw `new TrialPruned()`; always false without a pruner.
   */
  shouldPrune(): boolean;
}

/** Thrown by an objective to end its trial early; the trial is recorded as pruned. */
export class TrialPruned extends Error {
  override readonly name = 'TrialPruned';

  constructor(message = 'Trial was pruned') {
    super(message);
  }
}

/** The live trial handed to an objective; `optimize` reads its values when the objective ends. */
export class TrialHandle implements Trial {
  readonly values = new Map<number, number>();

  constructor(
    readonly number: number,
    readonly signal: AbortSignal | undefined,
    private readonly direction: OptimizeDirection,
    private readonly pruner: MedianPrunerOptions | undefined,
    /** Curves of the trials completed so far; read when the objective asks, so it is never stale. */
    private readonly completedCurves: readonly ReadonlyMap<number, number>[],
  ) {}

  report(step: number, value: number): void {
    if (!Number.isSafeInteger(step) || step < 0) throw new RangeError(`trial.report: step must be a non-negative integer (got ${step})`);
    if (typeof value !== 'number') throw new TypeError('trial.report: value must be a number');
    if (!this.values.has(step)) this.values.set(step, value);
  }

  shouldPrune(): boolean {
    if (this.pruner === undefined) return false;
    return medianShouldPrune(this.values, this.completedCurves, this.direction, this.pruner);
  }

  intermediate(): IntermediateValue[] {
    return [...this.values].sort((a, b) => a[0] - b[0]).map(([step, value]) => ({ step, value }));
  }
}
