import { MlCancelledError } from '../errors/ml-input.error';
import type { TrainingHooks } from '../models/mlp-regressor';

/**
 * One step count across several models trained in a row (the candidates of 'auto'), so that a
 * caller sees a single progress bar: step s of total T, where T is the steps done plus the steps
 * still planned. A model that stops early (GBDT early stopping) says so on its last step, and T
 * shrinks at that step; so the very last call always has s = T.
 */
export class StepProgress {
  private offset = 0;
  private current = 0;

  constructor(
    private readonly hooks: TrainingHooks,
    /** Most steps each model will run, in training order. */
    private readonly planned: readonly number[],
  ) {}

  get signal(): AbortSignal | undefined {
    return this.hooks.signal;
  }

  throwIfCancelled(): void {
    if (this.hooks.signal?.aborted) throw new MlCancelledError();
  }

  /** Step `local` (1-based) of the current model; `last` ends that model. */
  async step(local: number, trainLoss: number, last: boolean): Promise<void> {
    const later = this.planned.slice(this.current + 1).reduce((s, n) => s + n, 0);
    const total = this.offset + (last ? local : Math.max(local, this.planned[this.current] ?? local)) + later;
    await this.hooks.onEpoch?.(this.offset + local, total, trainLoss);
    if (last) {
      this.offset += local;
      this.current++;
    }
  }

  /** The current model failed before its last step: the next one starts where its steps ended. */
  skip(): void {
    this.current++;
  }

  /** Hooks for a trainer that counts its own epochs from 1 to `epochs` and checks the signal itself (the MLP). */
  hooksForEpochs(): TrainingHooks {
    return {
      ...(this.hooks.signal ? { signal: this.hooks.signal } : {}),
      onEpoch: (epoch, epochs, trainLoss) => this.step(epoch, trainLoss, epoch === epochs),
    };
  }
}
