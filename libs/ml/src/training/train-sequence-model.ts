import { readSequenceCell, SEQUENCE_SERVING_KEY, type SequenceServingInfo } from '../artifact/load-model';
import type { TabularTask } from '../artifact/model-info';
import { initMlBackend } from '../backend/ml-backend';
import { MlInputError, MlInputErrorCode } from '../errors/ml-input.error';
import { cell, columnNames } from '../frame/row';
import { hashRows } from '../frame/rows-hash';
import { fitSequenceModel } from '../sequence/fit-sequence-model';
import { encodeSequenceArtifact } from '../sequence/sequence-artifact';
import type { Sequence } from '../sequence/sequence-batch';
import type { SequenceModelParams } from '../sequence/sequence-params';
import { readClassTarget } from './class-target';
import { stratifiedTrainTestSplit } from './stratified-split';
import type { TrainClusteringOptions } from './train-clustering-model';
import { baselineScores, classificationScores, regressionScores } from './tabular-evaluation';
import { checkRowsArray, checkSeed, checkTestFraction, readNumericTarget, requireTrainingRows, type TargetRow } from './tabular-input';
import { trainTestSplit } from './train-test-split';

/**
 * `testFraction`: share of the usable rows held out for the reported metrics (default 0.2);
 * `hooks.onEpoch(epoch, epochs, trainLoss)` after every epoch; an aborted `hooks.signal` stops with MlCancelledError.
 */
export interface TrainSequenceOptions extends Pick<TrainClusteringOptions, 'testFraction' | 'seed' | 'hooks'> {
  readonly task: TabularTask;
  /** Column to predict, read like the tabular trainer reads it (numbers, or labels). */
  readonly target: string;
  /** The column whose values are the sequences (see readSequenceCell); default the only column holding arrays. */
  readonly sequenceColumn?: string;
  /** units, epochs, learningRate, batchSize, maxLength, patience (see SequenceModelParams); any other key is refused. */
  readonly params?: Readonly<Record<string, unknown>>;
}

export interface TrainSequenceResult {
  /** FSMQ bytes; the header's params carry the sequence column and labels (SEQUENCE_SERVING_KEY). */
  readonly artifact: Uint8Array;
  readonly task: TabularTask;
  readonly algorithm: 'lstm';
  /** Held-out rows. regression: mae, rmse, r2; classification: accuracy, f1Macro, logLoss (and rocAuc with two classes). */
  readonly metrics: Record<string, number>;
  /** The training mean, or the majority class with the class frequencies as probabilities, on the same held-out rows. */
  readonly baseline: { readonly algorithm: 'mean' | 'majority'; readonly metrics: Record<string, number> };
  /** The one model fitted, with its best validation loss (the early-stopping split inside the training rows). */
  readonly candidates: ReadonlyArray<{ readonly algorithm: 'lstm'; readonly validation: Record<string, number> }>;
  readonly params: Record<string, unknown>;
  /** The sequence column: the model's one input. */
  readonly features: string[];
  readonly classes?: string[];
  readonly featureImportance: Record<string, number>;
  readonly trainingData: { readonly rows: number; readonly hash: string; readonly rowsUsed: number; readonly rowsDroppedMissingTarget: number };
  readonly sequences: {
    readonly column: string;
    /** Values per step. */
    readonly stepFeatures: number;
    /** Steps the model reads (the latest of longer sequences). */
    readonly maxLength: number;
    readonly rowsDroppedMissingSequence: number;
    /** Not an array of finite numbers, or steps of another width than the most common one. */
    readonly rowsDroppedInvalidSequence: number;
  };
}

/**
 * Defaults of a job, smaller than fitSequenceModel's own: a job on ~1,000 sequences of ~30 steps
 * should train in seconds on the wasm backend, and early stopping ends most runs before `epochs`.
 */
export const JOB_SEQUENCE_DEFAULTS = { units: 16, epochs: 15, batchSize: 64, learningRate: 0.01, patience: 3 } as const;
const USER_PARAMS = ['units', 'epochs', 'learningRate', 'batchSize', 'maxLength', 'patience'] as const;

/**
 * Trains an LSTM (fitSequenceModel) to predict a target from one column of event sequences.
 * Rows are split like the tabular holdout (seeded, stratified for classification); the
 * training part holds out its own validation share for early stopping, the test part only
 * scores the kept model, next to the naive baseline learnt on the same training rows.
 */
export async function trainSequenceModel(rows: readonly unknown[], options: TrainSequenceOptions): Promise<TrainSequenceResult> {
  checkRowsArray(rows);
  const { task, target } = options;
  if (task !== 'regression' && task !== 'classification')
    throw new MlInputError(MlInputErrorCode.InvalidParameter, 'task', 'an LSTM predicts a value (regression) or a label (classification)');
  const seed = checkSeed(options.seed ?? 42);
  const testFraction = checkTestFraction(options.testFraction ?? 0.2);
  const columns = columnNames(rows);
  if (!columns.includes(target)) throw new MlInputError(MlInputErrorCode.TargetNotFound, 'target', `Target column ${JSON.stringify(target)} is not in the rows`);
  const column = options.sequenceColumn ?? defaultSequenceColumn(rows, columns, target);
  if (column === target) throw new MlInputError(MlInputErrorCode.InvalidParameter, 'features', 'the sequence column cannot be the target');
  if (!columns.includes(column)) throw new MlInputError(MlInputErrorCode.UnknownFeature, 'features', `Sequence column ${JSON.stringify(column)} is not in any row`);
  const userParams = readUserParams(options.params ?? {});

  const read = readSequences(rows, column);
  const targets = task === 'classification' ? readClassTarget(read.rows, target) : { ...readNumericTarget(read.rows, target), classes: undefined };
  requireTrainingRows(targets.usable.length, targets.dropped + read.missing + read.invalid, `a ${JSON.stringify(target)} and a sequence in ${JSON.stringify(column)}`);
  const usable: TargetRow[] = targets.usable;
  const classes = targets.classes;
  const y = Float64Array.from(usable, (u) => u.y);
  const sequences = usable.map((u) => read.steps.get(u.row)!);

  const split = classes ? stratifiedTrainTestSplit(y, classes.length, testFraction, seed) : trainTestSplit(usable.length, testFraction, seed);
  const yTrain = Float64Array.from(split.train, (i) => y[i]);
  const yTest = Float64Array.from(split.test, (i) => y[i]);
  const serving: SequenceServingInfo = { task, algorithm: 'lstm', target, sequenceColumn: column, ...(classes ? { classes } : {}) };
  const params = {
    ...JOB_SEQUENCE_DEFAULTS,
    ...userParams,
    task,
    seed,
    ...(classes ? { classes: classes.length } : {}),
    [SEQUENCE_SERVING_KEY]: serving,
  } as SequenceModelParams;
  const hooks = options.hooks;
  // tfjs's own default in Node is the pure-JS backend, several times slower than wasm here.
  const backend = await initMlBackend();
  const model = await fitSequenceModel(
    Array.from(split.train, (i) => sequences[i]!),
    yTrain,
    params,
    {
      ...(hooks?.signal ? { signal: hooks.signal } : {}),
      onEpoch: (epoch, epochs) => hooks?.onEpoch?.(epoch.epoch, epochs, epoch.loss),
    },
  );

  const testSequences = Array.from(split.test, (i) => sequences[i]!);
  const metrics = classes
    ? classificationScores(yTest, model.predictProba(testSequences), classes.length)
    : regressionScores(yTest, model.predict(testSequences));
  const baseline = baselineScores(task, yTrain, yTest, classes?.length ?? null);
  const best = model.state.history.find((h) => h.epoch === model.state.bestEpoch);
  const { [SEQUENCE_SERVING_KEY]: _serving, ...resolved } = model.state.params as unknown as Record<string, unknown>;
  return {
    artifact: encodeSequenceArtifact(model),
    task,
    algorithm: 'lstm',
    metrics,
    baseline,
    candidates: [{ algorithm: 'lstm', validation: { loss: best?.valLoss ?? best?.loss ?? Number.NaN, bestEpoch: model.state.bestEpoch, epochsRun: model.state.history.length } }],
    params: { ...resolved, maxLength: model.state.maxLength, backend },
    features: [column],
    ...(classes ? { classes } : {}),
    featureImportance: {},
    trainingData: { rows: rows.length, hash: hashRows(rows), rowsUsed: usable.length, rowsDroppedMissingTarget: targets.dropped },
    sequences: {
      column,
      stepFeatures: model.features,
      maxLength: model.state.maxLength,
      rowsDroppedMissingSequence: read.missing,
      rowsDroppedInvalidSequence: read.invalid,
    },
  };
}

/** The one column some of whose values read as sequences (arrays, or JSON arrays in text). */
function defaultSequenceColumn(rows: readonly unknown[], columns: readonly string[], target: string): string {
  const candidates = columns.filter((c) => c !== target && rows.some((row) => readSequenceCell(cell(row, c)).kind === 'sequence'));
  if (candidates.length === 1) return candidates[0]!;
  throw new MlInputError(
    MlInputErrorCode.InvalidParameter,
    'features',
    candidates.length === 0
      ? 'an LSTM reads one column of sequences (arrays of numbers, or of arrays of numbers); no column holds any'
      : `several columns hold sequences (${candidates.map((c) => JSON.stringify(c)).join(', ')}); name the one to read in features`,
  );
}

/**
 * Rows with a readable sequence whose steps have the most common width; the others are counted
 * and left out (a width other than the majority's is a data error, not a new kind of step).
 */
function readSequences(rows: readonly unknown[], column: string): { rows: unknown[]; steps: Map<unknown, Sequence>; missing: number; invalid: number } {
  let missing = 0;
  let invalid = 0;
  const read: Array<{ row: unknown; steps: number[][] }> = [];
  const widths = new Map<number, number>();
  for (const row of rows) {
    const c = readSequenceCell(cell(row, column));
    if (c.kind === 'missing') missing++;
    else if (c.kind === 'invalid') invalid++;
    else {
      read.push({ row, steps: c.steps });
      widths.set(c.steps[0]!.length, (widths.get(c.steps[0]!.length) ?? 0) + 1);
    }
  }
  let width = 0;
  for (const [w, n] of widths) if (n > (widths.get(width) ?? 0)) width = w;
  const kept = read.filter((r) => r.steps[0]!.length === width);
  invalid += read.length - kept.length;
  return { rows: kept.map((r) => r.row), steps: new Map(kept.map((r) => [r.row, r.steps])), missing, invalid };
}

function readUserParams(params: Readonly<Record<string, unknown>>): Partial<Record<(typeof USER_PARAMS)[number], unknown>> {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) throw new MlInputError(MlInputErrorCode.InvalidParameter, 'params', 'params must be an object');
  const extra = Object.keys(params).find((k) => !(USER_PARAMS as readonly string[]).includes(k));
  if (extra !== undefined) throw new MlInputError(MlInputErrorCode.InvalidParameter, `params.${extra}`, `an LSTM takes ${USER_PARAMS.join(', ')}`);
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
}
