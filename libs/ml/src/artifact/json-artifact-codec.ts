import { MlArtifactError } from '../errors/ml-input.error';
import type { ColumnType } from '../frame/column-types';
import type { TabularPreprocessorJSON } from '../preprocessing/tabular-preprocessor';
import type { SplitConformalRegressorJSON } from '../uncertainty/split-conformal-regressor';
import type { TrainingDataSummary } from './artifact-manifest';
import { decodeJsonContainer, encodeJsonContainer, isObject } from './json-container';
import type { TabularModelJSON } from './matrix-model';
import { MODEL_ALGORITHMS, TABULAR_TASKS, type ModelInfo } from './model-info';

export const JSON_ARTIFACT_FORMAT_VERSION = 1;

/** A gbdt or linear model with everything needed to serve it and to say how good it is. */
export interface JsonModelArtifact {
  readonly formatVersion: typeof JSON_ARTIFACT_FORMAT_VERSION;
  readonly info: ModelInfo;
  readonly preprocessing: TabularPreprocessorJSON;
  /** The model's own `toJSON()`. */
  readonly model: TabularModelJSON;
  /** Regression: split-conformal half-widths calibrated on the validation rows. */
  readonly conformal?: SplitConformalRegressorJSON;
  /** Held-out metrics of this model. */
  readonly metrics: Readonly<Record<string, number>>;
  /** Held-out metrics of the naive model on the same rows. */
  readonly baseline: { readonly algorithm: 'mean' | 'majority'; readonly metrics: Readonly<Record<string, number>> };
  /** Resolved parameters of the model. */
  readonly params: Readonly<Record<string, unknown>>;
  /** Validation metrics of every model compared before this one was chosen. */
  readonly candidates: readonly { readonly algorithm: ModelInfo['algorithm']; readonly validation: Readonly<Record<string, number>> }[];
  /** Mean held-out score drop when one input column is shuffled. */
  readonly featureImportance: Readonly<Record<string, number>>;
  readonly trainingData: TrainingDataSummary;
  /** ISO-8601 UTC. */
  readonly createdAt: string;
}

/** "FSMJ": a gbdt or linear model in the JSON container (see json-container.ts). */
export const JSON_ARTIFACT_MAGIC = [0x46, 0x53, 0x4d, 0x4a] as const;

export function encodeJsonArtifact(artifact: JsonModelArtifact): Uint8Array {
  return encodeJsonContainer(JSON_ARTIFACT_MAGIC, JSON_ARTIFACT_FORMAT_VERSION, artifact);
}

/** Reads bytes written by `encodeJsonArtifact`; throws MlArtifactError on anything else. The model and preprocessing are checked when loaded. */
export function decodeJsonArtifact(bytes: Uint8Array): JsonModelArtifact {
  const fail = (why: string): never => {
    throw new MlArtifactError(`Not a Foresight JSON model artifact: ${why}`);
  };
  const artifact = decodeJsonContainer(bytes, JSON_ARTIFACT_MAGIC, JSON_ARTIFACT_FORMAT_VERSION, fail);
  if (artifact['formatVersion'] !== JSON_ARTIFACT_FORMAT_VERSION) fail('formatVersion is not 1');
  checkInfo(artifact['info'], fail);
  for (const key of ['preprocessing', 'model', 'params', 'trainingData'] as const) if (!isObject(artifact[key])) fail(`${key} must be an object`);
  if (artifact['conformal'] !== undefined && !isObject(artifact['conformal'])) fail('conformal must be an object');
  checkNumbers(artifact['metrics'], 'metrics', fail);
  checkNumbers(artifact['featureImportance'], 'featureImportance', fail);
  const baseline = artifact['baseline'];
  if (!isObject(baseline) || (baseline['algorithm'] !== 'mean' && baseline['algorithm'] !== 'majority')) fail('baseline must name mean or majority');
  checkNumbers((baseline as Record<string, unknown>)['metrics'], 'baseline.metrics', fail);
  if (!Array.isArray(artifact['candidates'])) fail('candidates must be an array');
  if (typeof artifact['createdAt'] !== 'string') fail('createdAt must be a string');
  return artifact as unknown as JsonModelArtifact;
}

const COLUMN_TYPES: readonly ColumnType[] = ['numeric', 'boolean', 'categorical', 'timestamp'];

/** `info` is what serving trusts without looking further, so every field is checked. */
export function checkInfo(info: unknown, fail: (why: string) => never): asserts info is ModelInfo {
  if (!isObject(info)) fail('info must be an object');
  const i = info as Record<string, unknown>;
  if (!TABULAR_TASKS.includes(i['task'] as ModelInfo['task'])) fail(`unknown task ${JSON.stringify(i['task'])}`);
  if (!MODEL_ALGORITHMS.includes(i['algorithm'] as ModelInfo['algorithm'])) fail(`unknown algorithm ${JSON.stringify(i['algorithm'])}`);
  if (typeof i['target'] !== 'string') fail('info.target must be a string');
  const features = i['features'];
  if (!Array.isArray(features) || !features.every((f) => isObject(f) && typeof f['name'] === 'string' && COLUMN_TYPES.includes(f['type'] as ColumnType)))
    fail('info.features must be a list of { name, type }');
  const classes = i['classes'];
  if (i['task'] === 'classification') {
    if (!Array.isArray(classes) || classes.length < 2 || !classes.every((c) => typeof c === 'string') || new Set(classes).size !== classes.length)
      fail('a classifier needs at least 2 distinct string classes');
  } else if (classes !== undefined) fail('a regression model has no classes');
}

function checkNumbers(record: unknown, name: string, fail: (why: string) => never): void {
  if (!isObject(record) || !Object.values(record).every((v) => typeof v === 'number' && Number.isFinite(v)))
    fail(`${name} must map names to finite numbers`);
}

