import type * as tfTypes from '@tensorflow/tfjs';
import { initMlBackend } from '../backend/ml-backend';
import { tfjs } from '../backend/tfjs';
import { MlInputError } from '../errors/ml-input.error';
import { mulberry32, randomNormal } from '../random/prng';
import { denseForward } from './dense-network';
import { buildTfModel, exportTfModel, fitMlpRegressor, glorotUniformLayers, resolveMlpParams, trainTfModel } from './mlp-regressor';
import { predictMlpRegressor } from './mlp-regressor-predict';

/** n rows of `cols` inputs, a third of them exactly zero (as one-hot blocks are), and y = 2·x0 − x1 + noise. */
function dataset(n: number, cols: number, seed: number) {
  const rng = mulberry32(seed);
  const data = new Float32Array(n * cols);
  for (let i = 0; i < data.length; i++) data[i] = rng() < 1 / 3 ? 0 : randomNormal(rng);
  const y = new Float64Array(n);
  for (let r = 0; r < n; r++) y[r] = 2 * data[r * cols] - data[r * cols + 1] + 0.1 * randomNormal(rng) + 100;
  return { x: { data, rows: n, cols }, y };
}

describe('MLP regressor', () => {
  beforeAll(() => initMlBackend());
  const tf = tfjs();

  it('runs the typed-array forward pass within 1e-4 of tfjs model.predict after training', async () => {
    const { x } = dataset(256, 12, 1);
    const model = buildTfModel(glorotUniformLayers(12, [32, 16], mulberry32(9)));
    try {
      await trainTfModel(model, x, new Float32Array(256).map((_, i) => Math.sin(i)), { epochs: 3, batchSize: 32, learningRate: 0.01, seed: 1 });
      const expected = tf.tidy(() => (model.predict(tf.tensor2d(x.data, [256, 12])) as tfTypes.Tensor).dataSync().slice());
      const actual = denseForward(exportTfModel(model), x.data, 256);
      let worst = 0;
      for (let i = 0; i < 256; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
      expect(worst).toBeLessThan(1e-4);
      expect(new Set(expected).size).toBeGreaterThan(200); // a network that predicts a constant would match trivially
    } finally {
      model.dispose();
    }
  });

  it('learns a linear signal through the standardised target and maps predictions back to target units', async () => {
    const train = dataset(800, 4, 2);
    const test = dataset(200, 4, 3);
    const fit = await fitMlpRegressor(train.x, train.y, { epochs: 15, hiddenUnits: [16] });
    expect(fit.targetScaling.mean).toBeCloseTo(100, 0);
    const predicted = predictMlpRegressor(fit, test.x);
    let se = 0;
    for (let i = 0; i < 200; i++) se += (predicted[i] - test.y[i]) ** 2;
    expect(Math.sqrt(se / 200)).toBeLessThan(0.3); // σ(y) ≈ 2.2 before fitting
  });

  it('is deterministic under a seed and different across seeds', async () => {
    const { x, y } = dataset(300, 5, 4);
    const a = await fitMlpRegressor(x, y, { epochs: 3, seed: 7 });
    const b = await fitMlpRegressor(x, y, { epochs: 3, seed: 7 });
    const c = await fitMlpRegressor(x, y, { epochs: 3, seed: 8 });
    expect(b.layers).toEqual(a.layers);
    expect(predictMlpRegressor(b, x)).toEqual(predictMlpRegressor(a, x));
    expect(predictMlpRegressor(c, x)).not.toEqual(predictMlpRegressor(a, x));
  });

  it('leaves no tensors behind across repeated training', async () => {
    const { x, y } = dataset(200, 5, 5);
    await fitMlpRegressor(x, y, { epochs: 1 }); // first use may set up backend-level state
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await fitMlpRegressor(x, y, { epochs: 2 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('fills defaults and refuses out-of-range parameters, naming the field', () => {
    expect(resolveMlpParams()).toEqual({ hiddenUnits: [32, 16], epochs: 60, learningRate: 0.01, batchSize: 32, seed: 42 });
    expect(resolveMlpParams({ hiddenUnits: [], epochs: undefined }).hiddenUnits).toEqual([]);
    for (const [params, field] of [
      [{ epochs: 0 }, 'params.epochs'],
      [{ epochs: 2.5 }, 'params.epochs'],
      [{ hiddenUnits: [8, -1] }, 'params.hiddenUnits'],
      [{ learningRate: 0 }, 'params.learningRate'],
      [{ batchSize: 1e9 }, 'params.batchSize'],
      [{ seed: 'x' }, 'params.seed'],
      [null, 'params'],
    ] as const) {
      let error: unknown;
      try {
        resolveMlpParams(params as never);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(MlInputError);
      expect((error as MlInputError).field).toBe(field);
    }
  });
});
