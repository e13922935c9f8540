import type * as tfTypes from '@tensorflow/tfjs';
import { tfjs } from '../backend/tfjs';
import { MlCancelledError, MlInputError, MlInputErrorCode } from '../errors/ml-input.error';
import type { Matrix, Standardisation } from '../preprocessing/tabular-preprocessor';
import { meanAndStd } from '../preprocessing/statistics';
import { deriveSeed, mulberry32, type Rng } from '../random/prng';
import { permutation } from '../random/shuffle';
import type { DenseLayerWeights, DenseNetworkWeights } from './dense-network';

export interface MlpParams {
  /** Units of each ReLU hidden layer; [] gives a linear model. */
  readonly hiddenUnits?: readonly number[];
  readonly epochs?: number;
  readonly learningRate?: number;
  readonly batchSize?: number;
  readonly seed?: number;
}

export interface ResolvedMlpParams {
  readonly hiddenUnits: readonly number[];
  readonly epochs: number;
  readonly learningRate: number;
  readonly batchSize: number;
  readonly seed: number;
}

export const DEFAULT_MLP_PARAMS: ResolvedMlpParams = { hiddenUnits: [32, 16], epochs: 60, learningRate: 0.01, batchSize: 32, seed: 42 };

/** Bounds on user-supplied parameters, so one request cannot ask for an hour of training. */
export const MLP_PARAM_LIMITS = { maxHiddenLayers: 8, maxUnits: 1024, maxEpochs: 1000, maxBatchSize: 65_536 } as const;

/** Defaults filled in and every value checked; a bad value throws MlInputError naming `params.<key>`. */
export function resolveMlpParams(params: MlpParams = {}): ResolvedMlpParams {
  if (params === null || typeof params !== 'object' || Array.isArray(params))
    throw new MlInputError(MlInputErrorCode.InvalidParameter, 'params', 'params must be an object');
  const p = { ...DEFAULT_MLP_PARAMS, ...stripUndefined(params) };
  const bad = (key: string, why: string): never => {
    throw new MlInputError(MlInputErrorCode.InvalidParameter, `params.${key}`, `params.${key} ${why}`);
  };
  const isInt = (x: unknown, lo: number, hi: number): boolean => Number.isInteger(x) && (x as number) >= lo && (x as number) <= hi;
  if (!Array.isArray(p.hiddenUnits) || p.hiddenUnits.length > MLP_PARAM_LIMITS.maxHiddenLayers)
    bad('hiddenUnits', `must be a list of at most ${MLP_PARAM_LIMITS.maxHiddenLayers} layer sizes`);
  if (!p.hiddenUnits.every((u) => isInt(u, 1, MLP_PARAM_LIMITS.maxUnits)))
    bad('hiddenUnits', `must hold integers from 1 to ${MLP_PARAM_LIMITS.maxUnits}`);
  if (!isInt(p.epochs, 1, MLP_PARAM_LIMITS.maxEpochs)) bad('epochs', `must be an integer from 1 to ${MLP_PARAM_LIMITS.maxEpochs}`);
  if (!isInt(p.batchSize, 1, MLP_PARAM_LIMITS.maxBatchSize))
    bad('batchSize', `must be an integer from 1 to ${MLP_PARAM_LIMITS.maxBatchSize}`);
  if (!(typeof p.learningRate === 'number' && p.learningRate > 0 && p.learningRate <= 1)) bad('learningRate', 'must be in (0, 1]');
  if (!Number.isInteger(p.seed)) bad('seed', 'must be an integer');
  return { ...p, hiddenUnits: [...p.hiddenUnits] };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A trained regressor as plain data: enough to predict without TensorFlow.js. */
export interface MlpRegressorState {
  readonly params: ResolvedMlpParams;
  readonly layers: DenseNetworkWeights;
  /** The network predicts z = (y − mean) / std; predictions are mapped back with y = z·std + mean. */
  readonly targetScaling: Standardisation;
}

/**
 * Glorot/Xavier uniform initialisation (Glorot & Bengio, AISTATS 2010), Keras' default for
 * dense kernels: W ~ U(−√(6/(fan_in + fan_out)), +√(6/(fan_in + fan_out))); biases start at 0.
 * Drawn from our seeded generator so that a seed fixes the starting point on every backend.
 */
export function glorotUniformLayers(inputs: number, hiddenUnits: readonly number[], rng: Rng): DenseLayerWeights[] {
  const sizes = [inputs, ...hiddenUnits, 1];
  const layers: DenseLayerWeights[] = [];
  for (let k = 0; k + 1 < sizes.length; k++) {
    const fanIn = sizes[k];
    const fanOut = sizes[k + 1];
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const kernel = new Float32Array(fanIn * fanOut);
    for (let i = 0; i < kernel.length; i++) kernel[i] = (2 * rng() - 1) * limit;
    layers.push({ inputs: fanIn, units: fanOut, activation: k + 2 < sizes.length ? 'relu' : 'linear', kernel, bias: new Float32Array(fanOut) });
  }
  return layers;
}

/** A tf.sequential of dense layers holding exactly `layers` (the tensors passed in are copied). */
export function buildTfModel(layers: DenseNetworkWeights): tfTypes.Sequential {
  const tf = tfjs();
  const model = tf.sequential();
  layers.forEach((l, k) =>
    model.add(
      tf.layers.dense({
        units: l.units,
        activation: l.activation,
        kernelInitializer: 'zeros',
        ...(k === 0 ? { inputShape: [l.inputs] } : {}),
      }),
    ),
  );
  tf.tidy(() => model.setWeights(layers.flatMap((l) => [tf.tensor2d(l.kernel, [l.inputs, l.units]), tf.tensor1d(l.bias)])));
  return model;
}

/** The model's current weights copied out as typed arrays. */
export function exportTfModel(model: tfTypes.Sequential): DenseLayerWeights[] {
  return model.layers.map((layer) => {
    const [kernel, bias] = layer.getWeights();
    const [inputs, units] = kernel.shape;
    const activation = (layer.getConfig()['activation'] as string) === 'relu' ? 'relu' : 'linear';
    return { inputs, units, activation, kernel: Float32Array.from(kernel.dataSync()), bias: Float32Array.from(bias.dataSync()) };
  });
}

/** Ways for a caller to follow and stop training. */
export interface TrainingHooks {
  /** Checked before every epoch; an aborted signal stops training with `MlCancelledError`. */
  readonly signal?: AbortSignal;
  /** After every epoch: its number (1-based), the total, and the mean training loss of its batches. */
  readonly onEpoch?: (epoch: number, epochs: number, trainLoss: number) => void | Promise<void>;
}

/**
 * Mini-batch Adam (Kingma & Ba, 2015) on mean squared error. Each epoch visits the rows in a
 * fresh order drawn from our seeded generator (tfjs' own `fit` shuffle uses Math.random), so a
 * seed reproduces training bit for bit on a given backend. Every tensor made here is disposed.
 */
export async function trainTfModel(
  model: tfTypes.Sequential,
  x: Matrix,
  y: Float32Array,
  options: { epochs: number; batchSize: number; learningRate: number; seed: number },
  hooks: TrainingHooks = {},
): Promise<void> {
  const tf = tfjs();
  const { rows, cols } = x;
  if (y.length !== rows) throw new RangeError(`x has ${rows} rows, y has ${y.length} values`);
  const rng = mulberry32(deriveSeed(options.seed, 'epochs'));
  const optimizer = tf.train.adam(options.learningRate);
  const variables = model.trainableWeights.map((w) => w.read() as tfTypes.Variable);
  const xs = new Float32Array(rows * cols);
  const ys = new Float32Array(rows);
  try {
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      if (hooks.signal?.aborted) throw new MlCancelledError();
      const order = permutation(rows, rng);
      for (let r = 0; r < rows; r++) {
        const src = order[r];
        xs.set(x.data.subarray(src * cols, (src + 1) * cols), r * cols);
        ys[r] = y[src];
      }
      let lossSum = 0;
      for (let start = 0; start < rows; start += options.batchSize) {
        const end = Math.min(rows, start + options.batchSize);
        const track = hooks.onEpoch !== undefined;
        const batchLoss = tf.tidy(() => {
          const xb = tf.tensor2d(xs.subarray(start * cols, end * cols), [end - start, cols]);
          const yb = tf.tensor2d(ys.subarray(start, end), [end - start, 1]);
          const cost = optimizer.minimize(() => tf.losses.meanSquaredError(yb, model.apply(xb, { training: true }) as tfTypes.Tensor) as tfTypes.Scalar, track, variables);
          return cost ? cost.dataSync()[0]! : 0;
        });
        lossSum += batchLoss * (end - start);
      }
      await hooks.onEpoch?.(epoch + 1, options.epochs, lossSum / rows);
      // Let other work on the event loop run between epochs (the backends here compute synchronously).
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    optimizer.dispose();
  }
}

/**
 * Fits an MLP regressor: dense ReLU hidden layers, linear output, trained on the standardised
 * target. Returns plain weights; the tfjs model used for training is disposed before returning.
 */
export async function fitMlpRegressor(x: Matrix, y: ArrayLike<number>, params: MlpParams = {}, hooks: TrainingHooks = {}): Promise<MlpRegressorState> {
  const resolved = resolveMlpParams(params);
  const targetScaling = meanAndStd(y);
  const z = new Float32Array(y.length);
  for (let i = 0; i < y.length; i++) z[i] = (y[i] - targetScaling.mean) / targetScaling.std;
  const initial = glorotUniformLayers(x.cols, resolved.hiddenUnits, mulberry32(deriveSeed(resolved.seed, 'init')));
  const model = buildTfModel(initial);
  try {
    await trainTfModel(model, x, z, resolved, hooks);
    return { params: resolved, layers: exportTfModel(model), targetScaling };
  } finally {
    model.dispose();
  }
}
