/**
 * Training of the LSTM sequence model (lstm-network.ts) with TensorFlow.js on the backend
 * `initMlBackend` chose. The cell is written out with tf ops rather than `tf.layers.lstm` so
 * that padding is masked exactly (a masked step keeps h and c: h_t = m·h' + (1 − m)·h_{t−1}),
 * the weights start from our seeded initialisation, and the typed-array forward pass used for
 * prediction computes the same function.
 *
 * Optimiser: mini-batch Adam (Kingma & Ba, 2015) on mean squared error of the standardised
 * target (regression) or softmax cross-entropy (classification). Each epoch visits the training
 * sequences in a fresh order from our seeded generator. With a validation split, the
 * validation loss is measured after every epoch and training stops after `patience` epochs
 * without improvement, keeping the best epoch's weights (Keras' EarlyStopping with
 * restore_best_weights). Every tensor made here is disposed.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import { tfjs } from '../backend/tfjs';
import { MlCancelledError, MlInputError, MlInputErrorCode } from '../errors/ml-input.error';
import { meanAndStd } from '../preprocessing/statistics';
import { deriveSeed, mulberry32 } from '../random/prng';
import { permutation } from '../random/shuffle';
import { initialLstmWeights, LSTM_TENSORS, type LstmWeights } from './lstm-network';
import { padSequences, standardiseSteps, stepStatistics, type Sequence, type SequenceBatch } from './sequence-batch';
import { SequenceModel, type SequenceEpoch } from './sequence-model';
import { resolveSequenceParams, SEQUENCE_PARAM_LIMITS, type SequenceModelParams } from './sequence-params';

export interface SequenceTrainingHooks {
  /** Checked before every epoch; an aborted signal stops training with `MlCancelledError`. */
  readonly signal?: AbortSignal;
  /** After every epoch, with its training and validation loss. */
  readonly onEpoch?: (epoch: SequenceEpoch, epochs: number) => void | Promise<void>;
}

type Variables = Record<(typeof LSTM_TENSORS)[number], tfTypes.Variable>;

/**
 * Fits an LSTM to sequences (each a list of steps, each step `features` numbers) and one target
 * per sequence: a number for regression, a class index 0…K−1 for classification.
 */
export async function fitSequenceModel(
  sequences: readonly Sequence[],
  targets: ArrayLike<number>,
  params: SequenceModelParams = {},
  hooks: SequenceTrainingHooks = {},
): Promise<SequenceModel> {
  const p = resolveSequenceParams(params);
  if (!Array.isArray(sequences) || sequences.length < 2)
    throw new MlInputError(MlInputErrorCode.TooFewRows, 'sequences', 'at least 2 sequences are needed to train');
  if (targets?.length !== sequences.length)
    throw new MlInputError(MlInputErrorCode.InvalidParameter, 'targets', `targets must hold one value per sequence (${sequences.length})`);
  const first = sequences[0]?.[0];
  const features = first?.length;
  if (!Number.isInteger(features) || features < 1)
    throw new MlInputError(MlInputErrorCode.InvalidParameter, 'sequences[0][0]', 'the first step must be a non-empty list of feature values');
  const longest = sequences.reduce((m, s) => Math.max(m, Array.isArray(s) ? s.length : 0), 0);
  const maxLength = p.maxLength ?? Math.min(longest, SEQUENCE_PARAM_LIMITS.maxLength);
  const classes = p.task === 'classification' ? checkLabels(targets, p.classes) : null;
  if (p.task === 'regression')
    for (let i = 0; i < targets.length; i++)
      if (!Number.isFinite(targets[i])) throw new MlInputError(MlInputErrorCode.TargetNotNumeric, `targets[${i}]`, `targets[${i}] is not a finite number`);

  const batch = padSequences(sequences, maxLength, features);
  const order = permutation(batch.count, mulberry32(deriveSeed(p.seed, 'split')));
  const validationCount = Math.min(batch.count - 1, Math.round(p.validationFraction * batch.count));
  const validation = order.slice(0, validationCount);
  const train = order.slice(validationCount);
  const inputScaling = stepStatistics(batch, train);
  standardiseSteps(batch, inputScaling);
  const targetScaling = classes === null ? meanAndStd(Array.from(train, (i) => targets[i])) : null;
  const y = Float32Array.from({ length: batch.count }, (_, i) => (targetScaling ? (targets[i] - targetScaling.mean) / targetScaling.std : targets[i]));

  const tf = tfjs();
  const outputs = classes ?? 1;
  const initial = initialLstmWeights(features, p.units, outputs, mulberry32(deriveSeed(p.seed, 'init')));
  const vars = Object.fromEntries(
    LSTM_TENSORS.map((name) => [name, tf.tidy(() => tf.variable(tf.tensor(initial[name], shapeOf(name, features, p.units, outputs))))]),
  ) as Variables;
  const optimizer = tf.train.adam(p.learningRate);
  const epochRng = mulberry32(deriveSeed(p.seed, 'epochs'));
  const history: SequenceEpoch[] = [];
  let best: { epoch: number; loss: number; weights: LstmWeights } | null = null;
  try {
    for (let epoch = 1; epoch <= p.epochs; epoch++) {
      if (hooks.signal?.aborted) throw new MlCancelledError();
      const shuffled = permutation(train.length, epochRng).map((k) => train[k]);
      let lossSum = 0;
      for (let start = 0; start < shuffled.length; start += p.batchSize) {
        const rows = shuffled.subarray(start, Math.min(shuffled.length, start + p.batchSize));
        const batchLoss = tf.tidy(() => {
          const inputs = slice(batch, y, rows, tf);
          const cost = optimizer.minimize(() => lossOf(forward(tf, vars, inputs, batch), inputs.y, classes, tf), true, Object.values(vars));
          return cost!.dataSync()[0];
        });
        lossSum += batchLoss * rows.length;
      }
      const loss = lossSum / shuffled.length;
      if (!Number.isFinite(loss)) throw new MlInputError(MlInputErrorCode.TrainingDiverged, 'params.learningRate', 'training diverged; try a lower learning rate');
      const valLoss = validation.length > 0 ? evaluate(tf, vars, batch, y, validation, classes, p.batchSize) : null;
      const record = { epoch, loss, valLoss };
      history.push(record);
      await hooks.onEpoch?.(record, p.epochs);
      const score = valLoss ?? loss;
      if (best === null || score < best.loss || valLoss === null) best = { epoch, loss: score, weights: readWeights(vars, features, p.units, outputs) };
      else if (p.patience > 0 && epoch - best.epoch >= p.patience) break;
      // Let other work on the event loop run between epochs (the backends here compute synchronously).
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    optimizer.dispose();
    Object.values(vars).forEach((v) => v.dispose());
  }
  return new SequenceModel({
    params: p,
    task: p.task,
    maxLength,
    classes,
    inputScaling,
    targetScaling,
    weights: best!.weights,
    history,
    bestEpoch: best!.epoch,
  });
}

function checkLabels(targets: ArrayLike<number>, declared: number | null): number {
  let largest = 0;
  for (let i = 0; i < targets.length; i++) {
    const v = targets[i];
    if (!(Number.isInteger(v) && v >= 0 && (declared === null || v < declared)))
      throw new MlInputError(MlInputErrorCode.InvalidParameter, `targets[${i}]`, `targets[${i}] must be a class index from 0 to ${(declared ?? SEQUENCE_PARAM_LIMITS.maxClasses) - 1}`);
    largest = Math.max(largest, v);
  }
  const classes = declared ?? largest + 1;
  if (classes < 2 || classes > SEQUENCE_PARAM_LIMITS.maxClasses)
    throw new MlInputError(MlInputErrorCode.InvalidParameter, 'targets', `classification needs 2 to ${SEQUENCE_PARAM_LIMITS.maxClasses} classes`);
  return classes;
}

function shapeOf(name: (typeof LSTM_TENSORS)[number], features: number, units: number, outputs: number): number[] {
  switch (name) {
    case 'kernel':
      return [features, 4 * units];
    case 'recurrentKernel':
      return [units, 4 * units];
    case 'bias':
      return [4 * units];
    case 'headKernel':
      return [units, outputs];
    case 'headBias':
      return [outputs];
  }
}

interface BatchTensors {
  readonly x: tfTypes.Tensor3D;
  /** One [rows, 1] mask per step, null for a step that is padding in every row of the batch. */
  readonly masks: (tfTypes.Tensor2D | null)[];
  readonly y: tfTypes.Tensor;
}

function slice(batch: SequenceBatch, y: Float32Array, rows: ArrayLike<number>, tf: typeof tfTypes): BatchTensors {
  const { maxLength: T, features: F } = batch;
  const n = rows.length;
  const data = new Float32Array(n * T * F);
  const mask = new Float32Array(n * T);
  const targets = new Float32Array(n);
  for (let r = 0; r < n; r++) {
    const s = rows[r];
    data.set(batch.data.subarray(s * T * F, (s + 1) * T * F), r * T * F);
    mask.set(batch.mask.subarray(s * T, (s + 1) * T), r * T);
    targets[r] = y[s];
  }
  const masks: (tfTypes.Tensor2D | null)[] = [];
  for (let t = 0; t < T; t++) {
    const column = new Float32Array(n);
    let any = false;
    for (let r = 0; r < n; r++) {
      column[r] = mask[r * T + t];
      if (column[r] !== 0) any = true;
    }
    masks.push(any ? tf.tensor2d(column, [n, 1]) : null);
  }
  return { x: tf.tensor3d(data, [n, T, F]), masks, y: tf.tensor1d(targets) };
}

/** The network's outputs [rows, outputs] for one batch, through the masked recurrence. */
function forward(tf: typeof tfTypes, v: Variables, inputs: BatchTensors, batch: SequenceBatch): tfTypes.Tensor2D {
  const [n, T, F] = inputs.x.shape;
  const units = v.recurrentKernel.shape[0];
  const projected = tf.reshape(tf.matMul(tf.reshape(inputs.x, [n * T, F]), v.kernel), [n, T, 4 * units]);
  const steps = tf.unstack(projected, 1) as tfTypes.Tensor2D[];
  let h: tfTypes.Tensor2D = tf.zeros([n, units]);
  let c: tfTypes.Tensor2D = tf.zeros([n, units]);
  for (let t = 0; t < batch.maxLength; t++) {
    const m = inputs.masks[t];
    if (m === null) continue;
    const z = tf.add(tf.add(steps[t], tf.matMul(h, v.recurrentKernel)), v.bias);
    const [zi, zf, zc, zo] = tf.split(z, 4, 1) as tfTypes.Tensor2D[];
    const cNext = tf.add(tf.mul(tf.sigmoid(zf), c), tf.mul(tf.sigmoid(zi), tf.tanh(zc)));
    const hNext = tf.mul(tf.sigmoid(zo), tf.tanh(cNext));
    const keep = tf.sub(1, m);
    c = tf.add(tf.mul(m, cNext), tf.mul(keep, c));
    h = tf.add(tf.mul(m, hNext), tf.mul(keep, h));
  }
  return tf.add(tf.matMul(h, v.headKernel), v.headBias);
}

function lossOf(out: tfTypes.Tensor2D, y: tfTypes.Tensor, classes: number | null, tf: typeof tfTypes): tfTypes.Scalar {
  if (classes === null) return tf.losses.meanSquaredError(tf.reshape(y, [-1, 1]), out) as tfTypes.Scalar;
  return tf.losses.softmaxCrossEntropy(tf.oneHot(tf.cast(y, 'int32') as tfTypes.Tensor1D, classes), out) as tfTypes.Scalar;
}

function evaluate(
  tf: typeof tfTypes,
  vars: Variables,
  batch: SequenceBatch,
  y: Float32Array,
  rows: Uint32Array,
  classes: number | null,
  batchSize: number,
): number {
  let sum = 0;
  for (let start = 0; start < rows.length; start += batchSize) {
    const part = rows.subarray(start, Math.min(rows.length, start + batchSize));
    sum += tf.tidy(() => {
      const inputs = slice(batch, y, part, tf);
      return lossOf(forward(tf, vars, inputs, batch), inputs.y, classes, tf).dataSync()[0];
    }) * part.length;
  }
  return sum / rows.length;
}

function readWeights(vars: Variables, features: number, units: number, outputs: number): LstmWeights {
  const copy = (name: (typeof LSTM_TENSORS)[number]) => Float32Array.from(vars[name].dataSync());
  return {
    features,
    units,
    outputs,
    kernel: copy('kernel'),
    recurrentKernel: copy('recurrentKernel'),
    bias: copy('bias'),
    headKernel: copy('headKernel'),
    headBias: copy('headBias'),
  };
}
