import { MlCancelledError } from '../errors/ml-input.error';
import type { TrainingHooks } from '../models/mlp-regressor';

/**
 * One step count across several models trained in a row (the candidates of 'auto', the trials of
 * a search), so that a caller sees a single progress bar: step s of total T, where T is the steps
 * done plus the steps still planned, plus an estimate for models not planned yet (see `plan`). A
 * model that stops early (GBDT early stopping, a pruned trial) says so on its last step, and T
 * shrinks at that step; so the very last call always has s = T once nothing more is expected.
 */
export class StepProgress {
  private offset = 0;
  private current = 0;
  /** Steps the current model has reported so far. */
  private reported = 0;
  private readonly planned: number[];
  /** Steps expected from models not planned yet (the trials of a search still to be sampled). */
  private unplanned = 0;

  constructor(
    private readonly hooks: TrainingHooks,
    /** Most steps each model will run, in training order. */
    planned: readonly number[],
  ) {
    this.planned = [...planned];
  }

  get signal(): AbortSignal | undefined {
    return this.hooks.signal;
  }

  throwIfCancelled(): void {
    if (this.hooks.signal?.aborted) throw new MlCancelledError();
  }

  /** Step `local` (1-based) of the current model; `last` ends that model. */
  async step(local: number, trainLoss: number, last: boolean): Promise<void> {
    const later = this.planned.slice(this.current + 1).reduce((s, n) => s + n, 0) + this.unplanned;
    const total = this.offset + (last ? local : Math.max(local, this.planned[this.current] ?? local)) + later;
    this.reported = local;
    await this.hooks.onEpoch?.(this.offset + local, total, trainLoss);
    if (last) {
      this.offset += local;
      this.current++;
      this.reported = 0;
    }
  }

  /**
   * Appends a model of at most `steps` steps to the plan and returns its place, for `end`.
   * `thereafter` estimates the steps of the models that will follow it but are not planned yet.
   */
  plan(steps: number, thereafter = 0): number {
    this.planned.push(steps);
    this.unplanned = thereafter;
    return this.planned.length - 1;
  }

  /**
   * Ends the model at place `index` at its last reported step, if it is still the current one (it
   * failed, or was stopped, before reporting a last step); the next model counts on from there.
   */
  end(index: number): void {
    if (this.current !== index) return;
    this.offset += this.reported;
    this.reported = 0;
    this.current++;
  }

  /** The current model failed before its last step: the next one starts where its steps ended. */
  skip(): void {
    this.current++;
    this.reported = 0;
  }

  /** Hooks for a trainer that counts its own epochs from 1 to `epochs` and checks the signal itself (the MLP). */
  hooksForEpochs(): TrainingHooks {
    return {
      ...(this.hooks.signal ? { signal: this.hooks.signal } : {}),
      onEpoch: (epoch, epochs, trainLoss) => this.step(epoch, trainLoss, epoch === epochs),
    };
  }
}
