import { MlArtifactError } from '../errors/ml-input.error';
import { DenseNetwork } from '../models/dense-network';
import { predictMlpRegressor } from '../models/mlp-regressor-predict';
import { TabularPreprocessor } from '../preprocessing/tabular-preprocessor';
import { decodeArtifact } from './artifact-codec';
import type { ArtifactManifest } from './artifact-manifest';

/** A model ready to serve: what a prediction process holds in memory. */
export interface LoadedModel {
  readonly manifest: ArtifactManifest;
  /** One prediction per row, in target units. Rows are read like training rows; never throws on content. */
  predict(rows: readonly unknown[]): Float64Array;
}

class MlpRegressionModel implements LoadedModel {
  constructor(
    readonly manifest: ArtifactManifest,
    private readonly preprocessor: TabularPreprocessor,
    private readonly network: DenseNetwork,
  ) {}

  predict(rows: readonly unknown[]): Float64Array {
    return predictMlpRegressor({ layers: this.network, targetScaling: this.manifest.targetScaling }, this.preprocessor.transform(rows));
  }
}

/**
 * Decodes an artifact and checks that its parts fit together. Uses no TensorFlow.js: the
 * forward pass runs on the typed arrays from the artifact.
 */
export function loadModel(bytes: Uint8Array): LoadedModel {
  const { manifest, weights } = decodeArtifact(bytes);
  const preprocessor = TabularPreprocessor.fromJSON(manifest.preprocessing);
  if (weights[0].inputs !== preprocessor.cols)
    throw new MlArtifactError(`Model expects ${weights[0].inputs} inputs but its preprocessing produces ${preprocessor.cols}`);
  const last = weights[weights.length - 1];
  if (last.units !== 1 || last.activation !== 'linear') throw new MlArtifactError('A regression model must end in one linear unit');
  return new MlpRegressionModel(Object.freeze(manifest), preprocessor, DenseNetwork.fromWeights(weights));
}
