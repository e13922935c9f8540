import { MlCancelledError } from '../errors/ml-input.error';
import { gbdtRounds, type GbdtValidationSet } from '../models/gbdt/fit-gbdt';
import type { GbdtModel } from '../models/gbdt/gbdt-model';
import type { GbdtParams } from '../models/gbdt/gbdt-params';

export interface GbdtStepHooks {
  /** Checked before every boosting round; an aborted signal stops training with MlCancelledError. */
  readonly signal?: AbortSignal;
  /**
   * After every round: its number, the mean training loss, whether it is the last round training
   * will run, and the mean validation loss of the ensemble so far (null without validation rows).
   */
  readonly onIteration?: (iteration: number, trainLoss: number, last: boolean, validLoss: number | null) => void | Promise<void>;
}

/**
 * `fitGbdt` as a job a worker can follow and stop: the same rounds (`gbdtRounds`), so the model
 * is identical to `fitGbdt`'s, but between rounds it reports progress, checks the abort signal,
 * and yields to the event loop so lease renewals and cancel requests are handled while a large
 * model trains.
 */
export async function fitGbdtStepwise(
  x: Float32Array,
  rows: number,
  cols: number,
  y: ArrayLike<number>,
  params: GbdtParams,
  validation: GbdtValidationSet | undefined,
  hooks: GbdtStepHooks = {},
): Promise<GbdtModel> {
  const rounds = gbdtRounds(x, rows, cols, y, params, validation);
  for (;;) {
    if (hooks.signal?.aborted) throw new MlCancelledError();
    const next = rounds.next();
    if (next.done) return next.value;
    await hooks.onIteration?.(next.value.iteration, next.value.trainLoss, next.value.last, next.value.validLoss);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
