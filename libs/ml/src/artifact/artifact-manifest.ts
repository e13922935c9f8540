import type { MlBackend } from '../backend/ml-backend';
import type { ColumnType } from '../frame/column-types';
import type { RegressionMetrics } from '../metrics/regression-metrics';
import type { DenseNetworkWeights } from '../models/dense-network';
import type { ResolvedMlpParams } from '../models/mlp-regressor';
import type { Standardisation, TabularPreprocessorJSON } from '../preprocessing/tabular-preprocessor';
import type { SplitConformalRegressorJSON } from '../uncertainty/split-conformal-regressor';

export const ARTIFACT_FORMAT_VERSION = 1;

/** Where a model's training rows came from and how they were split. */
export interface TrainingDataSummary {
  /** Rows received, including those dropped for a missing target. */
  readonly rows: number;
  /** `hashRows` of the rows received: SHA-256 of their canonical JSON. */
  readonly hash: string;
  readonly rowsUsed: number;
  readonly rowsDroppedMissingTarget: number;
  /** Rows the model was fitted on. */
  readonly trainRows: number;
  /** Training rows held back from fitting for early stopping, model choice and interval calibration (trainTabularModel). */
  readonly validationRows?: number;
  readonly testRows: number;
  /** Seed of the train/test split. */
  readonly splitSeed: number;
}

/** Everything about a trained model except its weights; JSON-serialisable. */
export interface ArtifactManifest {
  readonly formatVersion: typeof ARTIFACT_FORMAT_VERSION;
  readonly task: 'regression';
  readonly algorithm: 'mlp';
  /** Input columns, with the type each was read as. */
  readonly features: readonly { readonly name: string; readonly type: ColumnType }[];
  readonly target: string;
  readonly preprocessing: TabularPreprocessorJSON;
  readonly targetScaling: Standardisation;
  readonly params: ResolvedMlpParams;
  /** Held-out metrics of this model. */
  readonly metrics: RegressionMetrics;
  /** Held-out metrics of predicting the training mean, on the same rows. */
  readonly baseline: { readonly algorithm: 'mean'; readonly metrics: RegressionMetrics };
  readonly trainingData: TrainingDataSummary;
  /** Split-conformal half-widths from validation residuals (trainTabularModel only). */
  readonly conformal?: SplitConformalRegressorJSON;
  /** TensorFlow.js backend the weights were trained on. */
  readonly backend: MlBackend;
  /** ISO-8601 UTC. */
  readonly createdAt: string;
}

export interface ModelArtifact {
  readonly manifest: ArtifactManifest;
  /** Dense layers, input to output; the last has one unit and a linear activation. */
  readonly weights: DenseNetworkWeights;
}
