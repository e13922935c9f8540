import type { Standardisation } from '../preprocessing/tabular-preprocessor';
import { lstmForward, type LstmWeights } from './lstm-network';
import { padSequences, standardiseSteps, type Sequence } from './sequence-batch';
import type { ResolvedSequenceModelParams, SequenceTask } from './sequence-params';

/** One epoch of training: mean loss over the training batches and, with a validation split, over the validation sequences. */
export interface SequenceEpoch {
  readonly epoch: number;
  /** Mean squared error of the standardised target (regression) or cross-entropy (classification). */
  readonly loss: number;
  readonly valLoss: number | null;
}

/** Everything a trained sequence model is, as plain data. */
export interface SequenceModelState {
  readonly params: ResolvedSequenceModelParams;
  readonly task: SequenceTask;
  /** Steps the model reads per sequence: the latest ones. */
  readonly maxLength: number;
  /** Classification: the number of classes; regression: null. */
  readonly classes: number | null;
  /** Per input feature, fitted on the training steps. */
  readonly inputScaling: readonly Standardisation[];
  /** Regression: the network predicts (y − mean) / std. */
  readonly targetScaling: Standardisation | null;
  readonly weights: LstmWeights;
  readonly history: readonly SequenceEpoch[];
  /** The epoch whose weights were kept (the best validation loss, or the last epoch). */
  readonly bestEpoch: number;
}

/**
 * A trained LSTM over event sequences. Prediction runs the typed-array forward pass
 * (lstm-network.ts), never TensorFlow.js, so a saved and reloaded model predicts bit for bit
 * what the original did.
 */
export class SequenceModel {
  constructor(readonly state: SequenceModelState) {}

  get features(): number {
    return this.state.weights.features;
  }

  /** n × outputs raw network outputs (standardised value, or logits). */
  predictRaw(sequences: readonly Sequence[]): Float64Array {
    const { maxLength, inputScaling, weights } = this.state;
    const batch = padSequences(sequences, maxLength, weights.features);
    standardiseSteps(batch, inputScaling);
    return lstmForward(weights, batch.data, batch.mask, batch.count, maxLength);
  }

  /** Regression: the predicted value. Classification: the most probable class (the lowest index on a tie). */
  predict(sequences: readonly Sequence[]): Float64Array {
    const raw = this.predictRaw(sequences);
    const { targetScaling, classes } = this.state;
    if (classes === null) return raw.map((z) => z * targetScaling!.std + targetScaling!.mean);
    const out = new Float64Array(sequences.length);
    for (let r = 0; r < out.length; r++) {
      let best = 0;
      for (let j = 1; j < classes; j++) if (raw[r * classes + j] > raw[r * classes + best]) best = j;
      out[r] = best;
    }
    return out;
  }

  /** Classification: n × classes softmax probabilities. */
  predictProba(sequences: readonly Sequence[]): Float64Array {
    const k = this.state.classes;
    if (k === null) throw new TypeError('predictProba needs a classification model');
    const raw = this.predictRaw(sequences);
    for (let r = 0; r < raw.length / k; r++) {
      let max = -Infinity;
      for (let j = 0; j < k; j++) max = Math.max(max, raw[r * k + j]);
      let sum = 0;
      for (let j = 0; j < k; j++) sum += raw[r * k + j] = Math.exp(raw[r * k + j] - max);
      for (let j = 0; j < k; j++) raw[r * k + j] /= sum;
    }
    return raw;
  }
}
