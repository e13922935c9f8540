import type * as tfTypes from '@tensorflow/tfjs';
import { initMlBackend } from '../backend/ml-backend';
import { tfjs } from '../backend/tfjs';
import { MlArtifactError, MlInputError } from '../errors/ml-input.error';
import { fitLinearRegression } from '../models/linear/linear-regressor';
import { fitLogisticRegression } from '../models/linear/logistic-regression';
import { mulberry32, randomInt, type Rng } from '../random/prng';
import { fitSequenceModel } from './fit-sequence-model';
import { initialLstmWeights, lstmForward, type LstmWeights } from './lstm-network';
import { decodeSequenceArtifact, encodeSequenceArtifact } from './sequence-artifact';
import { padSequences, type Sequence } from './sequence-batch';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * Sequences of 6–16 events [isA, isB, noise]: one A and one B at random places among noise
 * events. Label 1 when A came before B. Counts and means of every feature are the same either
 * way, so only the order tells the classes apart.
 */
function orderTask(n: number, rng: Rng): { sequences: Sequence[]; labels: Float64Array } {
  const sequences: Sequence[] = [];
  const labels = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    const length = 6 + randomInt(rng, 11);
    const a = randomInt(rng, length);
    let b = randomInt(rng, length - 1);
    if (b >= a) b++;
    sequences.push(Array.from({ length }, (_, t) => [t === a ? 1 : 0, t === b ? 1 : 0, rng()]));
    labels[s] = a < b ? 1 : 0;
  }
  return { sequences, labels };
}

/** Sequences of 4–12 values in [0, 1); the target is the sum of the last three. */
function lastThreeSum(n: number, rng: Rng): { sequences: Sequence[]; targets: Float64Array } {
  const sequences: Sequence[] = Array.from({ length: n }, () => Array.from({ length: 4 + randomInt(rng, 9) }, () => [rng()]));
  return { sequences, targets: Float64Array.from(sequences, (s) => s.slice(-3).reduce((sum, step) => sum + step[0], 0)) };
}

/** Order-blind features of each sequence: mean of every feature, the last step, the length. */
function pooled(sequences: readonly Sequence[]) {
  const f = sequences[0][0].length;
  const cols = 2 * f + 1;
  const data = new Float64Array(sequences.length * cols);
  sequences.forEach((s, r) => {
    for (const step of s) for (let j = 0; j < f; j++) data[r * cols + j] += step[j] / s.length;
    for (let j = 0; j < f; j++) data[r * cols + f + j] = s[s.length - 1][j];
    data[r * cols + 2 * f] = s.length;
  });
  return { data, rows: sequences.length, cols };
}

describe('LSTM sequence model', () => {
  beforeAll(() => initMlBackend());

  it('computes one LSTM step as the gate equations say, and ignores masked padding', () => {
    const w: LstmWeights = {
      features: 1,
      units: 1,
      outputs: 1,
      kernel: Float32Array.from([1, 2, 3, 4]), // i, f, c, o
      recurrentKernel: Float32Array.from([0.5, 0.5, 0.5, 0.5]),
      bias: Float32Array.from([0, 1, 0, 0]),
      headKernel: Float32Array.from([2]),
      headBias: Float32Array.from([0.1]),
    };
    // Step 1, x = 0.5 from h = c = 0: c1 = σ(0.5)·tanh(1.5), h1 = σ(2)·tanh(c1).
    const c1 = sigmoid(0.5) * Math.tanh(1.5);
    const h1 = sigmoid(2) * Math.tanh(c1);
    // Step 2, x = −1: z = −1·W + 0.5·h1 + b.
    const z = [-1 + 0.5 * h1, -2 + 0.5 * h1 + 1, -3 + 0.5 * h1, -4 + 0.5 * h1];
    const c2 = sigmoid(z[1]) * c1 + sigmoid(z[0]) * Math.tanh(z[2]);
    const h2 = sigmoid(z[3]) * Math.tanh(c2);
    const out = lstmForward(w, [0.5, -1, 0, 0, 0.5, -1], [1, 1, 0, 0, 1, 1], 2, 3);
    expect(out[0]).toBeCloseTo(2 * h2 + 0.1, 6);
    // Sequence 2 is the same two steps behind one padding step: same output, whatever the padded value.
    expect(out[1]).toBe(lstmForward(w, [7, 0.5, -1], [0, 1, 1], 1, 3)[0]);
    expect(out[1]).toBeCloseTo(out[0], 12);
  });

  it('matches tf.layers.lstm (sigmoid gates) on the same weights', () => {
    const tf = tfjs();
    const w = initialLstmWeights(3, 8, 1, mulberry32(4));
    const rng = mulberry32(5);
    const data = Float32Array.from({ length: 5 * 7 * 3 }, () => 2 * rng() - 1);
    const layer = tf.layers.lstm({ units: 8, recurrentActivation: 'sigmoid', inputShape: [7, 3] });
    const model = tf.sequential({ layers: [layer, tf.layers.dense({ units: 1 })] });
    try {
      model.setWeights([tf.tensor2d(w.kernel, [3, 32]), tf.tensor2d(w.recurrentKernel, [8, 32]), tf.tensor1d(w.bias), tf.tensor2d(w.headKernel, [8, 1]), tf.tensor1d(w.headBias)]);
      const expected = tf.tidy(() => (model.predict(tf.tensor3d(data, [5, 7, 3])) as tfTypes.Tensor).dataSync().slice());
      const actual = lstmForward(w, data, new Float32Array(35).fill(1), 5, 7);
      for (let i = 0; i < 5; i++) expect(actual[i]).toBeCloseTo(expected[i], 5);
      expect(new Set(expected).size).toBe(5);
    } finally {
      model.dispose();
    }
  });

  it('pads and truncates at the front, keeping the latest steps, and names a malformed step', () => {
    const batch = padSequences([[[1], [2]], [[3], [4], [5], [6]]], 3, 1);
    expect(Array.from(batch.data)).toEqual([0, 1, 2, 4, 5, 6]);
    expect(Array.from(batch.mask)).toEqual([0, 1, 1, 1, 1, 1]);
    expect(Array.from(batch.lengths)).toEqual([2, 3]);
    expect(() => padSequences([[[1, 2]], [[1]]], 3, 2)).toThrow(expect.objectContaining({ field: 'sequences[1][0]' }));
    expect(() => padSequences([[]], 3, 1)).toThrow(MlInputError);
    expect(() => padSequences([[[Number.NaN]]], 3, 1)).toThrow(/finite/);
  });

  it('learns whether A came before B, which order-blind features cannot tell; round-trips through its artifact', async () => {
    const train = orderTask(480, mulberry32(1));
    const test = orderTask(300, mulberry32(2));
    const epochs: { loss: number; valLoss: number | null }[] = [];
    const model = await fitSequenceModel(
      train.sequences,
      train.labels,
      { task: 'classification', units: 16, epochs: 12, batchSize: 32, learningRate: 0.03, patience: 4, seed: 3 },
      { onEpoch: (e) => void epochs.push(e) },
    );
    const accuracy = (predicted: ArrayLike<number>) => Array.from(predicted).filter((p, i) => p === test.labels[i]).length / test.labels.length;
    const lstm = accuracy(model.predict(test.sequences));
    const logistic = fitLogisticRegression(pooled(train.sequences), train.labels);
    const baseline = accuracy(logistic.predict(pooled(test.sequences)));
    const majority = Math.max(...[0, 1].map((c) => test.labels.filter((l) => l === c).length)) / test.labels.length;
    console.log(
      `A-before-B, 300 held-out sequences: LSTM accuracy ${lstm.toFixed(3)} (${epochs.length} epochs, best ${model.state.bestEpoch}) ` +
        `vs logistic regression on pooled features ${baseline.toFixed(3)}, majority class ${majority.toFixed(3)}`,
    );
    expect(lstm).toBeGreaterThan(0.9);
    expect(baseline).toBeLessThan(0.7);
    expect(epochs.length).toBe(model.state.history.length);
    expect(epochs.every((e) => Number.isFinite(e.loss) && e.valLoss !== null)).toBe(true);
    expect(epochs[epochs.length - 1].loss).toBeLessThan(epochs[0].loss);

    const proba = model.predictProba(test.sequences.slice(0, 4));
    for (let r = 0; r < 4; r++) expect(proba[2 * r] + proba[2 * r + 1]).toBeCloseTo(1, 12);

    const bytes = encodeSequenceArtifact(model);
    const loaded = decodeSequenceArtifact(bytes);
    expect(loaded.predictProba(test.sequences)).toEqual(model.predictProba(test.sequences));
    expect(loaded.predict(test.sequences)).toEqual(model.predict(test.sequences));
    const corrupted = Uint8Array.from(bytes);
    corrupted[corrupted.length - 3] ^= 0x40;
    expect(() => decodeSequenceArtifact(corrupted)).toThrow(MlArtifactError);
    expect(() => decodeSequenceArtifact(bytes.subarray(0, 40))).toThrow(/length/);
  });

  it('regresses the sum of the last three values better than order-blind baselines; round-trips', async () => {
    const train = lastThreeSum(400, mulberry32(6));
    const test = lastThreeSum(200, mulberry32(7));
    const model = await fitSequenceModel(train.sequences, train.targets, { units: 12, epochs: 12, learningRate: 0.02, seed: 8 });
    const rmse = (predicted: ArrayLike<number>) => Math.sqrt(test.targets.reduce((s, y, i) => s + (y - predicted[i]) ** 2, 0) / test.targets.length);
    const lstm = rmse(model.predict(test.sequences));
    const linear = rmse(fitLinearRegression(pooled(train.sequences), train.targets).predict(pooled(test.sequences)));
    const mean = train.targets.reduce((s, v) => s + v, 0) / train.targets.length;
    const constant = rmse(new Float64Array(test.targets.length).fill(mean));
    console.log(`sum of the last 3 values, 200 held-out sequences: LSTM RMSE ${lstm.toFixed(3)} vs linear on pooled features ${linear.toFixed(3)}, training mean ${constant.toFixed(3)}`);
    expect(lstm).toBeLessThan(0.5 * linear);
    const loaded = decodeSequenceArtifact(encodeSequenceArtifact(model));
    expect(loaded.predict(test.sequences)).toEqual(model.predict(test.sequences));
    expect(loaded.state.targetScaling).toEqual(model.state.targetScaling);
  });

  it('stops early on a validation loss that stops improving and keeps the best epoch; deterministic under a seed', async () => {
    // Labels unrelated to the sequences: the validation loss can only get worse once the model memorises.
    const rng = mulberry32(9);
    const { sequences } = orderTask(120, rng);
    const noise = Float64Array.from(sequences, () => (rng() < 0.5 ? 1 : 0));
    const params = { task: 'classification' as const, units: 16, epochs: 60, learningRate: 0.05, patience: 3, validationFraction: 0.3, seed: 10 };
    const a = await fitSequenceModel(sequences, noise, params);
    const valLosses = a.state.history.map((e) => e.valLoss!);
    expect(a.state.history.length).toBeLessThan(60);
    expect(a.state.history.length - a.state.bestEpoch).toBe(3);
    expect(valLosses[a.state.bestEpoch - 1]).toBe(Math.min(...valLosses));
    const b = await fitSequenceModel(sequences, noise, params);
    expect(b.state.weights).toEqual(a.state.weights);
    const c = await fitSequenceModel(sequences, noise, { ...params, seed: 11 });
    expect(c.state.weights.kernel).not.toEqual(a.state.weights.kernel);
  });

  it('rejects bad targets and parameters with the field named', async () => {
    const { sequences } = orderTask(10, mulberry32(12));
    await expect(fitSequenceModel(sequences, new Float64Array(9))).rejects.toMatchObject({ field: 'targets' });
    await expect(fitSequenceModel(sequences, new Float64Array(10).fill(0.5), { task: 'classification' })).rejects.toMatchObject({ field: 'targets[0]' });
    await expect(fitSequenceModel(sequences, new Float64Array(10), { units: 0 })).rejects.toMatchObject({ field: 'params.units' });
    const signal = AbortSignal.abort();
    await expect(fitSequenceModel(sequences, new Float64Array(10), { epochs: 2 }, { signal })).rejects.toThrow(/cancelled/);
  });
});
