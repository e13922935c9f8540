import type { OptimizeDirection } from './trial';

export interface MedianPrunerOptions {
  readonly kind: 'median';
  /** No pruning until this many trials have completed. Default 5. */
  readonly startupTrials?: number;
  /** No pruning at steps below this one. Default 0. */
  readonly warmupSteps?: number;
}

/** Median of the numbers among `values`, NaN if there are none (numpy `nanmedian`). */
export function nanMedian(values: readonly number[]): number {
  const xs = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (xs.length === 0) return NaN;
  const mid = xs.length >> 1;
  return xs.length % 2 === 1 ? xs[mid] : 0.5 * (xs[mid - 1] + xs[mid]);
}

/**
 * The median stopping rule (Golovin et al., "Google Vizier", KDD 2017, §3.2.1), as Optuna's
 * MedianPruner applies it: at the trial's latest step s, prune if its best intermediate value so
 * far is worse than the median of the completed trials' values reported at step s. Never prunes
 * before `startupTrials` trials have completed, at steps below `warmupSteps`, or when no
 * completed trial reported step s; always prunes a trial whose values so far are all NaN.
 *
 * `current` maps the trial's steps to its values; `completed` holds one such map per completed trial.
 */
export function medianShouldPrune(
  current: ReadonlyMap<number, number>,
  completed: readonly ReadonlyMap<number, number>[],
  direction: OptimizeDirection,
  options: Omit<MedianPrunerOptions, 'kind'> = {},
): boolean {
  const startupTrials = options.startupTrials ?? 5;
  const warmupSteps = options.warmupSteps ?? 0;
  if (completed.length === 0 || completed.length < startupTrials || current.size === 0) return false;
  const step = Math.max(...current.keys());
  if (step < warmupSteps) return false;

  let best = NaN;
  for (const v of current.values()) {
    if (Number.isNaN(v)) continue;
    if (Number.isNaN(best) || (direction === 'minimize' ? v < best : v > best)) best = v;
  }
  if (Number.isNaN(best)) return true;

  const atStep: number[] = [];
  for (const curve of completed) {
    const v = curve.get(step);
    if (v !== undefined) atStep.push(v);
  }
  const median = nanMedian(atStep);
  if (Number.isNaN(median)) return false;
  return direction === 'minimize' ? best > median : best < median;
}
