import { MlInputError, MlInputErrorCode } from '../errors/ml-input.error';
import { meanAndStd } from '../preprocessing/statistics';
import type { Standardisation } from '../preprocessing/tabular-preprocessor';

/** One event sequence: its steps in time order, each a vector of the same numeric features. */
export type Sequence = readonly ArrayLike<number>[];

/**
 * Sequences of different lengths in one dense block, as recurrent networks consume them:
 * `data` is row-major n × maxLength × features, `mask` n × maxLength with 1 at real steps.
 */
export interface SequenceBatch {
  readonly data: Float32Array;
  readonly mask: Float32Array;
  readonly count: number;
  readonly maxLength: number;
  readonly features: number;
  /** Real steps kept per sequence (≤ maxLength). */
  readonly lengths: Uint32Array;
}

/**
 * Pads and truncates at the front, Keras' `pad_sequences` default: a sequence longer than
 * `maxLength` keeps its latest steps (what precedes a prediction matters most), a shorter one
 * is preceded by masked zero steps, so every sequence's last real step sits at the same
 * position. Steps are checked: each must have `features` finite values; an empty sequence is
 * refused, since no state could be computed from it.
 */
export function padSequences(sequences: readonly Sequence[], maxLength: number, features: number, field = 'sequences'): SequenceBatch {
  if (!Array.isArray(sequences)) throw new MlInputError(MlInputErrorCode.InvalidParameter, field, `${field} must be an array of sequences`);
  const n = sequences.length;
  const data = new Float32Array(n * maxLength * features);
  const mask = new Float32Array(n * maxLength);
  const lengths = new Uint32Array(n);
  for (let s = 0; s < n; s++) {
    const sequence = sequences[s];
    if (!Array.isArray(sequence) || sequence.length === 0)
      throw new MlInputError(MlInputErrorCode.InvalidParameter, `${field}[${s}]`, `${field}[${s}] must be a non-empty array of steps`);
    const kept = Math.min(sequence.length, maxLength);
    lengths[s] = kept;
    for (let k = 0; k < kept; k++) {
      const source = sequence.length - kept + k;
      const step = sequence[source];
      if (step == null || step.length !== features)
        throw new MlInputError(MlInputErrorCode.InvalidParameter, `${field}[${s}][${source}]`, `${field}[${s}][${source}] must hold ${features} feature values`);
      const t = maxLength - kept + k;
      mask[s * maxLength + t] = 1;
      for (let f = 0; f < features; f++) {
        const v = step[f];
        if (typeof v !== 'number' || !Number.isFinite(v))
          throw new MlInputError(MlInputErrorCode.InvalidParameter, `${field}[${s}][${source}]`, `${field}[${s}][${source}][${f}] is not a finite number`);
        data[(s * maxLength + t) * features + f] = v;
      }
    }
  }
  return { data, mask, count: n, maxLength, features, lengths };
}

/** Mean and population standard deviation of each feature over the real (unmasked) steps of the sequences `rows` (default all); std 1 for a constant feature. */
export function stepStatistics(batch: SequenceBatch, rows?: ArrayLike<number>): Standardisation[] {
  const { features, maxLength } = batch;
  const ids = rows ?? Uint32Array.from({ length: batch.count }, (_, i) => i);
  let steps = 0;
  for (let r = 0; r < ids.length; r++) steps += batch.lengths[ids[r]];
  const values = Array.from({ length: features }, () => new Float64Array(steps));
  let k = 0;
  for (let r = 0; r < ids.length; r++)
    for (let t = maxLength - batch.lengths[ids[r]]; t < maxLength; t++, k++)
      for (let f = 0; f < features; f++) values[f][k] = batch.data[(ids[r] * maxLength + t) * features + f];
  return values.map(meanAndStd);
}

/** Standardises the real steps in place, z = (x − mean) / std; padded steps stay 0. */
export function standardiseSteps(batch: SequenceBatch, scaling: readonly Standardisation[]): void {
  const { features } = batch;
  for (let i = 0; i < batch.mask.length; i++) {
    if (batch.mask[i] === 0) continue;
    for (let f = 0; f < features; f++) {
      const at = i * features + f;
      batch.data[at] = (batch.data[at] - scaling[f].mean) / scaling[f].std;
    }
  }
}
