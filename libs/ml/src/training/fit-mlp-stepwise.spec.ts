import { initMlBackend } from '../backend/ml-backend';
import { MlCancelledError } from '../errors/ml-input.error';
import { rmse } from '../metrics/regression-metrics';
import { fitMlpRegressor } from '../models/mlp-regressor';
import { predictMlpRegressor } from '../models/mlp-regressor-predict';
import { mulberry32, randomNormal } from '../random/prng';
import { fitMlpStepwise } from './fit-mlp-stepwise';

function data(rows: number, seed: number) {
  const rng = mulberry32(seed);
  const cols = 3;
  const x = Float32Array.from({ length: rows * cols }, () => randomNormal(rng));
  const y = Float64Array.from({ length: rows }, (_, r) => 5 + 2 * x[r * cols] - Math.sin(2 * x[r * cols + 1]) + 0.2 * randomNormal(rng));
  return { x: { data: x, rows, cols }, y };
}

describe('fitMlpStepwise', () => {
  beforeAll(() => initMlBackend());

  it('trains exactly the network fitMlpRegressor trains, scoring the validation rows after every epoch', async () => {
    const fit = data(150, 1);
    const validation = data(60, 2);
    const params = { hiddenUnits: [8], epochs: 6, learningRate: 0.02, batchSize: 16, seed: 3 };
    const reference = await fitMlpRegressor(fit.x, fit.y, params, { onEpoch: () => undefined });
    const epochs: [number, number, number][] = [];
    const stepwise = await fitMlpStepwise(fit.x, fit.y, params, validation, { onEpoch: (e, total, _, v) => void epochs.push([e, total, v]) });
    expect(stepwise).toEqual(reference);
    expect(epochs.map(([e, total]) => [e, total])).toEqual([1, 2, 3, 4, 5, 6].map((e) => [e, 6]));
    // The last value is the finished network's validation RMSE; training brings it down.
    expect(epochs[5][2]).toBe(rmse(validation.y, predictMlpRegressor(stepwise, validation.x)));
    expect(epochs[5][2]).toBeLessThan(0.6 * epochs[0][2]);
  });

  it('stops with MlCancelledError on an aborted signal, and when onEpoch throws', async () => {
    const fit = data(60, 4);
    const controller = new AbortController();
    const params = { hiddenUnits: [4], epochs: 20 };
    await expect(fitMlpStepwise(fit.x, fit.y, params, fit, { signal: controller.signal, onEpoch: (e) => void (e === 2 && controller.abort()) })).rejects.toBeInstanceOf(
      MlCancelledError,
    );
    await expect(
      fitMlpStepwise(fit.x, fit.y, params, fit, {
        onEpoch: () => {
          throw new RangeError('stop');
        },
      }),
    ).rejects.toThrow('stop');
  });
});
