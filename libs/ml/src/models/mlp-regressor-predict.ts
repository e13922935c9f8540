import type { Matrix, Standardisation } from '../preprocessing/tabular-preprocessor';
import { DenseNetwork, type DenseNetworkWeights } from './dense-network';

/**
 * Predictions in target units for a preprocessed matrix, by the typed-array forward pass:
 * ŷ = f(x)·std + mean, undoing the target standardisation the network was trained on.
 * Kept apart from training so that serving never loads TensorFlow.js.
 */
export function predictMlpRegressor(
  model: { readonly layers: DenseNetworkWeights | DenseNetwork; readonly targetScaling: Standardisation },
  x: Matrix,
): Float64Array {
  const network = model.layers instanceof DenseNetwork ? model.layers : DenseNetwork.fromWeights(model.layers);
  const out = network.forward(x.data, x.rows);
  const { mean, std } = model.targetScaling;
  for (let i = 0; i < out.length; i++) out[i] = out[i] * std + mean;
  return out;
}
