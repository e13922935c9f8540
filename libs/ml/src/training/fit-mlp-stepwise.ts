import { rmse } from '../metrics/regression-metrics';
import { buildTfModel, exportTfModel, glorotUniformLayers, resolveMlpParams, trainTfModel, type MlpParams, type MlpRegressorState } from '../models/mlp-regressor';
import { predictMlpRegressor } from '../models/mlp-regressor-predict';
import { meanAndStd } from '../preprocessing/statistics';
import type { Matrix } from '../preprocessing/tabular-preprocessor';
import { deriveSeed, mulberry32 } from '../random/prng';
import type { LabelledMatrix } from './tabular-evaluation';

export interface MlpStepHooks {
  /** Checked before every epoch; an aborted signal stops training with MlCancelledError. */
  readonly signal?: AbortSignal;
  /**
   * After every epoch: its number (1-based), the total, the mean training loss of its batches (on
   * the standardised target), and the RMSE of the network so far on the validation rows, in
   * target units. Throwing stops training; the network is disposed.
   */
  readonly onEpoch?: (epoch: number, epochs: number, trainLoss: number, validationRmse: number) => void | Promise<void>;
}

/**
 * `fitMlpRegressor` with the validation RMSE after every epoch, so that a search can prune a
 * hopeless trial. The initial weights and the training loop (`trainTfModel`) are the same, so the
 * weights are exactly fitMlpRegressor's; after each epoch the weights are copied out and the
 * validation rows scored by the typed-array forward pass serving uses. That forward pass over
 * the validation rows (a quarter as many as the fitting rows, no gradients) costs a small share
 * of an epoch.
 */
export async function fitMlpStepwise(
  x: Matrix,
  y: ArrayLike<number>,
  params: MlpParams,
  validation: LabelledMatrix,
  hooks: MlpStepHooks = {},
): Promise<MlpRegressorState> {
  const resolved = resolveMlpParams(params);
  const targetScaling = meanAndStd(y);
  const z = new Float32Array(y.length);
  for (let i = 0; i < y.length; i++) z[i] = (y[i] - targetScaling.mean) / targetScaling.std;
  const model = buildTfModel(glorotUniformLayers(x.cols, resolved.hiddenUnits, mulberry32(deriveSeed(resolved.seed, 'init'))));
  try {
    await trainTfModel(model, x, z, resolved, {
      ...(hooks.signal ? { signal: hooks.signal } : {}),
      onEpoch: async (epoch, epochs, trainLoss) => {
        const predicted = predictMlpRegressor({ layers: exportTfModel(model), targetScaling }, validation.x);
        await hooks.onEpoch?.(epoch, epochs, trainLoss, rmse(validation.y, predicted));
      },
    });
    return { params: resolved, layers: exportTfModel(model), targetScaling };
  } finally {
    model.dispose();
  }
}
