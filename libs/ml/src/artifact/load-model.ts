import { MlArtifactError } from '../errors/ml-input.error';
import { cell } from '../frame/row';
import { isMissing } from '../frame/values';
import { decodeSequenceArtifact, SEQUENCE_ARTIFACT_MAGIC } from '../sequence/sequence-artifact';
import type { Sequence } from '../sequence/sequence-batch';
import type { SequenceModel } from '../sequence/sequence-model';
import { TabularPreprocessor } from '../preprocessing/tabular-preprocessor';
import { SplitConformalRegressor } from '../uncertainty/split-conformal-regressor';
import { decodeArtifact } from './artifact-codec';
import type { ArtifactManifest } from './artifact-manifest';
import { CLUSTER_ARTIFACT_MAGIC, ClusterModel } from './cluster-artifact';
import { FORECAST_ARTIFACT_MAGIC, ForecastModel } from './forecast-artifact';
import { decodeJsonArtifact, JSON_ARTIFACT_MAGIC } from './json-artifact-codec';
import { hasMagic } from './json-container';
import { argmaxRows, matrixModelFromJSON, mlpMatrixModel, type MatrixModel } from './matrix-model';
import { INTERVAL_LEVELS_PERCENT, type ModelInfo, type TabularTask } from './model-info';

export type { ModelInfo, TabularTask, ModelAlgorithm } from './model-info';

/** A model ready to serve: what a prediction process holds in memory. Rows are read like training rows; never throws on content. */
export interface LoadedModel {
  readonly info: ModelInfo;
  /** regression: one value per row; classification: the predicted class index per row */
  predict(rows: readonly unknown[]): Float64Array;
  /** classification only: rows × classes probabilities; undefined for regression */
  predictProba?(rows: readonly unknown[]): Float64Array;
  /** regression with stored conformal intervals: lower/upper per row at `level` (80 or 95) */
  interval?(predictions: Float64Array, level: number): { lower: Float64Array; upper: Float64Array };
}

class TabularModel implements LoadedModel {
  readonly predictProba?: (rows: readonly unknown[]) => Float64Array;
  readonly interval?: (predictions: Float64Array, level: number) => { lower: Float64Array; upper: Float64Array };

  constructor(
    readonly info: ModelInfo,
    private readonly preprocessor: TabularPreprocessor,
    private readonly model: MatrixModel,
    conformal: SplitConformalRegressor | undefined,
  ) {
    const m = model;
    if (m.kind === 'classifier') this.predictProba = (rows) => m.predictProba(this.preprocessor.transform(rows));
    if (conformal) this.interval = (predictions, level) => conformal.interval(predictions, levelFraction(level, conformal));
  }

  predict(rows: readonly unknown[]): Float64Array {
    const x = this.preprocessor.transform(rows);
    return this.model.kind === 'regressor' ? this.model.predict(x) : argmaxRows(this.model.predictProba(x), this.model.classes);
  }
}

/** An MLP regressor from an FSML artifact; keeps the manifest it was written with. */
class MlpModel extends TabularModel {
  constructor(
    readonly manifest: ArtifactManifest,
    preprocessor: TabularPreprocessor,
    model: MatrixModel,
    conformal: SplitConformalRegressor | undefined,
  ) {
    super(Object.freeze({ task: 'regression', algorithm: 'mlp', target: manifest.target, features: manifest.features }), preprocessor, model, conformal);
  }
}

/**
 * Decodes an artifact, whatever its format (the magic bytes say: "FSML" for an MLP with binary
 * float32 weights, "FSMJ" for a gbdt or linear model in JSON), and checks that its parts fit
 * together. Uses no TensorFlow.js: every forward pass runs on plain typed arrays.
 */
export function loadModel(bytes: Uint8Array): LoadedModel {
  if (!(bytes instanceof Uint8Array) || bytes.length < 4) throw new MlArtifactError('Not a Foresight model artifact: too short');
  if (hasMagic(bytes, FORECAST_ARTIFACT_MAGIC) || hasMagic(bytes, CLUSTER_ARTIFACT_MAGIC))
    throw new MlArtifactError('A forecast or clustering artifact is not a tabular model: load it with loadServableModel');
  return hasMagic(bytes, JSON_ARTIFACT_MAGIC) ? loadJsonModel(bytes) : loadMlpModel(bytes);
}

/** Any model a prediction process can serve: a tabular model, a forecast ("FSMF"), a segmentation ("FSMK") or an LSTM over event sequences ("FSMQ"). */
export type ServableModel = LoadedModel | ForecastModel | ClusterModel | ServableSequenceModel;

export function loadServableModel(bytes: Uint8Array): ServableModel {
  if (bytes instanceof Uint8Array && hasMagic(bytes, FORECAST_ARTIFACT_MAGIC)) return ForecastModel.fromBytes(bytes);
  if (bytes instanceof Uint8Array && hasMagic(bytes, CLUSTER_ARTIFACT_MAGIC)) return ClusterModel.fromBytes(bytes);
  if (bytes instanceof Uint8Array && hasMagic(bytes, SEQUENCE_ARTIFACT_MAGIC)) return ServableSequenceModel.fromBytes(bytes);
  return loadModel(bytes);
}

/**
 * What a job-trained sequence model needs beyond the network to answer a row: which column holds
 * the sequence and the class labels. The FSMQ header keeps `params` as given (resolveSequenceParams
 * fills defaults and keeps other keys), so it travels there under this key rather than in a
 * second file next to the artifact.
 */
export const SEQUENCE_SERVING_KEY = 'serving';

export interface SequenceServingInfo {
  readonly task: TabularTask;
  readonly algorithm: 'lstm';
  readonly target: string;
  readonly sequenceColumn: string;
  /** Classification: the labels, index k being output k of the network. */
  readonly classes?: readonly string[];
}

/** One cell read as a sequence: its steps, or why it cannot be one. */
export type SequenceCell = { readonly kind: 'sequence'; readonly steps: number[][] } | { readonly kind: 'missing' } | { readonly kind: 'invalid'; readonly why: string };

/**
 * Reads a sequence the way users send it: an array of numbers (one feature per step), an array of
 * equally long arrays of numbers (several per step), or either as a JSON string ("[1,2,3]", the
 * only way a sequence fits a flat feature map). Missing values and empty arrays are `missing`.
 */
export function readSequenceCell(value: unknown): SequenceCell {
  if (isMissing(value)) return { kind: 'missing' };
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return { kind: 'invalid', why: 'is text, not a JSON array of numbers' };
    }
  }
  if (!Array.isArray(parsed)) return { kind: 'invalid', why: 'is not an array of numbers' };
  if (parsed.length === 0) return { kind: 'missing' };
  const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  if (parsed.every(finite)) return { kind: 'sequence', steps: parsed.map((v) => [v]) };
  const width = Array.isArray(parsed[0]) ? parsed[0].length : 0;
  if (width > 0 && parsed.every((step) => Array.isArray(step) && step.length === width && step.every(finite)))
    return { kind: 'sequence', steps: parsed.map((step: number[]) => [...step]) };
  return { kind: 'invalid', why: 'must hold only finite numbers, or arrays of the same number of finite numbers' };
}

/** A sequence model trained by a job, answering rows whose sequence column holds the sequence. */
export class ServableSequenceModel {
  private constructor(
    readonly info: SequenceServingInfo,
    readonly model: SequenceModel,
  ) {}

  static fromBytes(bytes: Uint8Array): ServableSequenceModel {
    const model = decodeSequenceArtifact(bytes);
    const info = (model.state.params as unknown as Record<string, unknown>)[SEQUENCE_SERVING_KEY] as SequenceServingInfo | undefined;
    const fail = (why: string): never => {
      throw new MlArtifactError(`Not a servable sequence model: ${why}`);
    };
    if (info === null || typeof info !== 'object' || typeof info.sequenceColumn !== 'string' || typeof info.target !== 'string' || info.task !== model.state.task)
      fail('its header does not name the sequence column, target and task');
    if (model.state.task === 'classification' && !(Array.isArray(info!.classes) && info!.classes.length === model.state.classes))
      fail('its class labels do not match the network outputs');
    return new ServableSequenceModel(Object.freeze({ ...info!, algorithm: 'lstm' as const }), model);
  }

  /** Each row's sequence, or the index of the first row without a usable one and why. */
  readRows(rows: readonly unknown[]): { sequences: Sequence[] } | { row: number; why: string } {
    const sequences: Sequence[] = [];
    for (let i = 0; i < rows.length; i++) {
      const read = readSequenceCell(cell(rows[i], this.info.sequenceColumn));
      if (read.kind === 'missing') return { row: i, why: 'has no sequence' };
      if (read.kind === 'invalid') return { row: i, why: read.why };
      if (read.steps[0]!.length !== this.model.features)
        return { row: i, why: `has ${read.steps[0]!.length} value(s) per step; the model reads ${this.model.features}` };
      sequences.push(read.steps);
    }
    return { sequences };
  }
}

function loadMlpModel(bytes: Uint8Array): LoadedModel {
  const { manifest, weights } = decodeArtifact(bytes);
  const preprocessor = TabularPreprocessor.fromJSON(manifest.preprocessing);
  if (weights[0].inputs !== preprocessor.cols)
    throw new MlArtifactError(`Model expects ${weights[0].inputs} inputs but its preprocessing produces ${preprocessor.cols}`);
  const last = weights[weights.length - 1];
  if (last.units !== 1 || last.activation !== 'linear') throw new MlArtifactError('A regression model must end in one linear unit');
  const conformal = manifest.conformal === undefined ? undefined : SplitConformalRegressor.fromJSON(manifest.conformal);
  return new MlpModel(Object.freeze(manifest), preprocessor, mlpMatrixModel(weights, manifest.targetScaling), conformal);
}

function loadJsonModel(bytes: Uint8Array): LoadedModel {
  const artifact = decodeJsonArtifact(bytes);
  const preprocessor = TabularPreprocessor.fromJSON(artifact.preprocessing);
  const info = artifact.info;
  const declared = info.features.map((f) => `${f.name}:${f.type}`).join('\n');
  if (preprocessor.features.map((f) => `${f.name}:${f.type}`).join('\n') !== declared)
    throw new MlArtifactError('info.features do not match the preprocessing');
  const model = matrixModelFromJSON(info, artifact.model, preprocessor.cols);
  let conformal: SplitConformalRegressor | undefined;
  if (artifact.conformal !== undefined) {
    if (info.task !== 'regression') throw new MlArtifactError('Only a regression model can carry conformal intervals');
    conformal = SplitConformalRegressor.fromJSON(artifact.conformal);
  }
  const frozen: ModelInfo = Object.freeze({
    ...info,
    features: Object.freeze(info.features.map((f) => Object.freeze({ ...f }))),
    ...(info.classes ? { classes: Object.freeze([...info.classes]) } : {}),
  });
  return new TabularModel(frozen, preprocessor, model, conformal);
}

/** 80 → 0.8: the artifact stores coverage as a fraction, callers ask in percent. */
function levelFraction(level: number, conformal: SplitConformalRegressor): number {
  if (!INTERVAL_LEVELS_PERCENT.includes(level) || !conformal.levels.includes(level / 100))
    throw new RangeError(`No ${level}% interval in this model; it has ${conformal.levels.map((l) => `${Math.round(l * 100)}%`).join(', ')}`);
  return level / 100;
}
