import { MlArtifactError } from '../errors/ml-input.error';
import { DenseNetwork, type DenseNetworkWeights } from '../models/dense-network';
import { GbdtModel, type GbdtModelJSON } from '../models/gbdt/gbdt-model';
import { LinearRegressor, type LinearRegressorJSON } from '../models/linear/linear-regressor';
import { LogisticRegression, type LogisticRegressionJSON } from '../models/linear/logistic-regression';
import { SoftmaxRegression, type SoftmaxRegressionJSON } from '../models/linear/softmax-regression';
import { predictMlpRegressor } from '../models/mlp-regressor-predict';
import type { Matrix, Standardisation } from '../preprocessing/tabular-preprocessor';
import type { ModelInfo } from './model-info';

/**
 * A fitted model seen through the one question serving asks of it, over preprocessed rows.
 * Training scores its validation and test rows through these same objects, so a loaded
 * artifact reproduces the trainer's numbers exactly.
 */
export type MatrixModel = MatrixRegressor | MatrixClassifier;

export interface MatrixRegressor {
  readonly kind: 'regressor';
  /** Number of input columns. */
  readonly inputs: number;
  predict(x: Matrix): Float64Array;
}

export interface MatrixClassifier {
  readonly kind: 'classifier';
  readonly inputs: number;
  readonly classes: number;
  /** Row-major rows × classes. */
  predictProba(x: Matrix): Float64Array;
}

/** The JSON forms an FSMJ artifact stores as its `model`. */
export type TabularModelJSON = GbdtModelJSON | LinearRegressorJSON | LogisticRegressionJSON | SoftmaxRegressionJSON;

export function gbdtMatrixModel(model: GbdtModel): MatrixModel {
  const inputs = model.nFeatures;
  if (model.objective === 'regression') return { kind: 'regressor', inputs, predict: (x) => model.predict(x.data, x.rows) };
  return { kind: 'classifier', inputs, classes: model.nClasses!, predictProba: (x) => model.predictProba(x.data, x.rows) };
}

export function linearMatrixModel(model: LinearRegressor | LogisticRegression | SoftmaxRegression): MatrixModel {
  if (model instanceof LinearRegressor) return { kind: 'regressor', inputs: model.features, predict: (x) => model.predict(x) };
  if (model instanceof SoftmaxRegression)
    return { kind: 'classifier', inputs: model.features, classes: model.classes, predictProba: (x) => model.predictProba(x) };
  return {
    kind: 'classifier',
    inputs: model.features,
    classes: 2,
    predictProba: (x) => {
      const p = model.predictProba(x);
      const out = new Float64Array(2 * p.length);
      for (let i = 0; i < p.length; i++) {
        out[2 * i] = 1 - p[i];
        out[2 * i + 1] = p[i];
      }
      return out;
    },
  };
}

export function mlpMatrixModel(layers: DenseNetworkWeights, targetScaling: Standardisation): MatrixRegressor {
  const network = DenseNetwork.fromWeights(layers);
  return { kind: 'regressor', inputs: layers[0].inputs, predict: (x) => predictMlpRegressor({ layers: network, targetScaling }, x) };
}

/**
 * Rebuilds a gbdt or linear model from its JSON and checks that it answers the task in `info`
 * (regression, or classification over `info.classes`) from `inputs` preprocessed columns.
 */
export function matrixModelFromJSON(info: ModelInfo, json: unknown, inputs: number): MatrixModel {
  const classes = info.task === 'classification' ? info.classes?.length ?? 0 : null;
  let model: MatrixModel;
  if (info.algorithm === 'gbdt') {
    const gbdt = GbdtModel.fromJSON(json);
    const expected = classes === null ? 'regression' : classes === 2 ? 'binary' : 'multiclass';
    if (gbdt.objective !== expected) throw new MlArtifactError(`A ${info.task} model cannot use the GBDT objective ${gbdt.objective}`);
    model = gbdtMatrixModel(gbdt);
  } else if (info.algorithm === 'linear') {
    const kind = json !== null && typeof json === 'object' ? (json as { kind?: unknown }).kind : undefined;
    const expected = classes === null ? 'linear-regressor' : classes === 2 ? 'logistic-regression' : 'softmax-regression';
    if (kind !== expected) throw new MlArtifactError(`A ${info.task} model with ${classes ?? 0} classes needs a ${expected}, not ${String(kind)}`);
    model = linearMatrixModel(
      kind === 'linear-regressor' ? LinearRegressor.fromJSON(json) : kind === 'logistic-regression' ? LogisticRegression.fromJSON(json) : SoftmaxRegression.fromJSON(json),
    );
  } else {
    throw new MlArtifactError(`A JSON artifact cannot hold a ${info.algorithm} model`);
  }
  if (model.kind === 'classifier' && model.classes !== classes)
    throw new MlArtifactError(`Model predicts ${model.classes} classes but the artifact lists ${classes}`);
  if (model.inputs !== inputs) throw new MlArtifactError(`Model expects ${model.inputs} inputs but its preprocessing produces ${inputs}`);
  return model;
}

/** Index of the largest value in each row of a row-major rows × k matrix (the lowest index on a tie). */
export function argmaxRows(proba: Float64Array, k: number): Float64Array {
  const rows = proba.length / k;
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (proba[r * k + j] > proba[r * k + best]) best = j;
    out[r] = best;
  }
  return out;
}
