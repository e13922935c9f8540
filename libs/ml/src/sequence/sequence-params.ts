import { MlInputError, MlInputErrorCode } from '../errors/ml-input.error';

/** What the sequence-level output is: one number, or one of `classes` labels (softmax). */
export type SequenceTask = 'regression' | 'classification';

export interface SequenceModelParams {
  readonly task?: SequenceTask;
  /** Hidden units of the LSTM layer. */
  readonly units?: number;
  /** Steps kept per sequence (the latest); null: the longest training sequence. */
  readonly maxLength?: number | null;
  /** Classification: number of classes; null: the largest label + 1. */
  readonly classes?: number | null;
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly learningRate?: number;
  /** Share of the sequences held out to measure the validation loss each epoch; 0 for none. */
  readonly validationFraction?: number;
  /** Stop after this many epochs without a lower validation loss and keep the best epoch's weights; 0 never stops early. */
  readonly patience?: number;
  readonly seed?: number;
}

export interface ResolvedSequenceModelParams {
  readonly task: SequenceTask;
  readonly units: number;
  readonly maxLength: number | null;
  readonly classes: number | null;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly validationFraction: number;
  readonly patience: number;
  readonly seed: number;
}

export const DEFAULT_SEQUENCE_PARAMS: ResolvedSequenceModelParams = {
  task: 'regression',
  units: 32,
  maxLength: null,
  classes: null,
  epochs: 30,
  batchSize: 32,
  learningRate: 0.01,
  validationFraction: 0.2,
  patience: 5,
  seed: 42,
};

/** Bounds on user-supplied parameters, so that one request cannot ask for an hour of training. */
export const SEQUENCE_PARAM_LIMITS = { maxUnits: 512, maxLength: 1000, maxEpochs: 1000, maxBatchSize: 65_536, maxClasses: 1000 } as const;

/** Defaults filled in and every value checked; a bad value throws MlInputError naming `params.<key>`. */
export function resolveSequenceParams(params: SequenceModelParams = {}): ResolvedSequenceModelParams {
  if (params === null || typeof params !== 'object' || Array.isArray(params))
    throw new MlInputError(MlInputErrorCode.InvalidParameter, 'params', 'params must be an object');
  const p: ResolvedSequenceModelParams = { ...DEFAULT_SEQUENCE_PARAMS, ...Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) };
  const bad = (key: string, why: string): never => {
    throw new MlInputError(MlInputErrorCode.InvalidParameter, `params.${key}`, `params.${key} ${why}`);
  };
  const isInt = (x: unknown, lo: number, hi: number): boolean => Number.isInteger(x) && (x as number) >= lo && (x as number) <= hi;
  const L = SEQUENCE_PARAM_LIMITS;
  if (p.task !== 'regression' && p.task !== 'classification') bad('task', 'must be regression or classification');
  if (!isInt(p.units, 1, L.maxUnits)) bad('units', `must be an integer from 1 to ${L.maxUnits}`);
  if (p.maxLength !== null && !isInt(p.maxLength, 1, L.maxLength)) bad('maxLength', `must be null or an integer from 1 to ${L.maxLength}`);
  if (p.classes !== null) {
    if (p.task !== 'classification') bad('classes', 'applies to classification only');
    if (!isInt(p.classes, 2, L.maxClasses)) bad('classes', `must be an integer from 2 to ${L.maxClasses}`);
  }
  if (!isInt(p.epochs, 1, L.maxEpochs)) bad('epochs', `must be an integer from 1 to ${L.maxEpochs}`);
  if (!isInt(p.batchSize, 1, L.maxBatchSize)) bad('batchSize', `must be an integer from 1 to ${L.maxBatchSize}`);
  if (!(typeof p.learningRate === 'number' && p.learningRate > 0 && p.learningRate <= 1)) bad('learningRate', 'must be in (0, 1]');
  if (!(typeof p.validationFraction === 'number' && p.validationFraction >= 0 && p.validationFraction < 1)) bad('validationFraction', 'must be in [0, 1)');
  if (!isInt(p.patience, 0, L.maxEpochs)) bad('patience', 'must be a non-negative integer');
  if (!Number.isInteger(p.seed)) bad('seed', 'must be an integer');
  return p;
}
