/**
 * How trainTabularModel holds rows out: one seeded holdout, k-fold cross-validation, or
 * rolling-origin evaluation along a time column. Every evaluation fold has three disjoint parts:
 * the rows a model is fitted on, validation rows held back inside the fold's training part
 * (GBDT early stopping, the choice of 'auto'), and the test rows that only score it.
 */
import { MlInputError, MlInputErrorCode } from '../errors/ml-input.error';
import { cell } from '../frame/row';
import { parseNumber, parseTimestamp } from '../frame/values';
import { deriveSeed } from '../random/prng';
import { kFold } from '../splits/k-fold';
import { stratifiedKFold } from '../splits/stratified-k-fold';
import { timeSeriesSplit } from '../splits/time-series-split';
import { stratifiedTrainTestSplit } from './stratified-split';
import { checkTestFraction, MIN_TRAINING_ROWS, type TargetRow } from './tabular-input';
import { trainTestSplit } from './train-test-split';

export type TabularSplit =
  | { readonly kind: 'holdout'; readonly testFraction?: number }
  | { readonly kind: 'kfold'; readonly folds?: number }
  | { readonly kind: 'time'; readonly column: string; readonly folds?: number };

export type ResolvedSplit =
  | { readonly kind: 'holdout'; readonly testFraction: number }
  | { readonly kind: 'kfold'; readonly folds: number }
  | { readonly kind: 'time'; readonly column: string; readonly folds: number };

/** Accepted fold counts, and the default: fewer than 3 k-folds leaves half the rows untested per model, more than 10 costs more than it tells. */
export const SPLIT_FOLDS = { kfold: { min: 3, max: 10, default: 5 }, time: { min: 2, max: 10, default: 5 } } as const;

/** Share of the training rows held back from fitting: early stopping, the choice of 'auto' and the conformal calibration use them. */
export const VALIDATION_FRACTION = 0.2;

export interface EvaluationFold {
  readonly fit: TargetRow[];
  readonly validation: TargetRow[];
  readonly test: TargetRow[];
  /** Time split: the earliest and latest time of the test block (epoch ms, or the column's numbers). */
  readonly period?: { readonly from: number; readonly to: number };
}

function refuse(field: string, message: string): never {
  throw new MlInputError(MlInputErrorCode.InvalidParameter, field, message);
}

/**
 * `split` checked, defaults filled. The top-level `testFraction` is the holdout's share as before;
 * it may not contradict `split.testFraction`, and means nothing to the other kinds.
 */
export function checkSplit(split: unknown, testFraction: unknown): ResolvedSplit {
  if (split === undefined) return { kind: 'holdout', testFraction: checkTestFraction(testFraction) };
  if (typeof split !== 'object' || split === null || Array.isArray(split))
    refuse('split', "split must be an object { kind: 'holdout' | 'kfold' | 'time', … }");
  const s = split as Record<string, unknown>;
  const known: Record<string, readonly string[]> = { holdout: ['kind', 'testFraction'], kfold: ['kind', 'folds'], time: ['kind', 'column', 'folds'] };
  const keys = known[s['kind'] as string];
  if (keys === undefined) refuse('split.kind', "split.kind must be 'holdout', 'kfold' or 'time'");
  for (const key of Object.keys(s))
    if (!keys.includes(key) && s[key] !== undefined) refuse(`split.${key}`, `split.${key} does not apply to split.kind '${String(s['kind'])}' (known: ${keys.join(', ')})`);
  if (s['kind'] === 'holdout') {
    if (testFraction !== undefined && s['testFraction'] !== undefined && testFraction !== s['testFraction'])
      refuse('testFraction', 'testFraction and split.testFraction disagree; give one of them');
    try {
      return { kind: 'holdout', testFraction: checkTestFraction(s['testFraction'] ?? testFraction) };
    } catch (error) {
      if (error instanceof MlInputError && s['testFraction'] !== undefined) refuse('split.testFraction', `split.${error.message}`);
      throw error;
    }
  }
  if (testFraction !== undefined) refuse('testFraction', `testFraction applies to the holdout split; split.kind '${String(s['kind'])}' tests on every fold`);
  const range = SPLIT_FOLDS[s['kind'] as 'kfold' | 'time'];
  const folds = s['folds'] ?? range.default;
  if (!(Number.isInteger(folds) && (folds as number) >= range.min && (folds as number) <= range.max))
    refuse('split.folds', `split.folds must be an integer from ${range.min} to ${range.max}`);
  if (s['kind'] === 'kfold') return { kind: 'kfold', folds: folds as number };
  if (typeof s['column'] !== 'string' || s['column'] === '') refuse('split.column', 'split.column must name the column that orders the rows in time');
  return { kind: 'time', column: s['column'] as string, folds: folds as number };
}

/** A seeded split of `rows`, stratified by class when `classes` is given (see stratifiedTrainTestSplit). */
function seededSplit(rows: readonly TargetRow[], classes: number | null, fraction: number, seed: number): { train: TargetRow[]; test: TargetRow[] } {
  const { train, test } =
    classes === null ? trainTestSplit(rows.length, fraction, seed) : stratifiedTrainTestSplit(Float64Array.from(rows, (u) => u.y), classes, fraction, seed);
  return { train: Array.from(train, (i) => rows[i]), test: Array.from(test, (i) => rows[i]) };
}

/** The validation rows of a shuffled training part: VALIDATION_FRACTION of it, seeded, stratified for classification. */
function innerSplit(train: readonly TargetRow[], classes: number | null, seed: number): { fit: TargetRow[]; validation: TargetRow[] } {
  const { train: fit, test: validation } = seededSplit(train, classes, VALIDATION_FRACTION, seed);
  return { fit, validation };
}

/**
 * The usable rows cut into test, validation and fitting rows (see trainTabularModel). Exported
 * so that a caller holding the same rows can find the held-out ones again.
 */
export function splitRows(
  usable: readonly TargetRow[],
  classes: number | null,
  testFraction: number,
  seed: number,
): { fit: TargetRow[]; validation: TargetRow[]; test: TargetRow[] } {
  const outer = seededSplit(usable, classes, testFraction, seed);
  const parts = { ...innerSplit(outer.train, classes, deriveSeed(seed, 'validation')), test: outer.test };
  if (parts.test.length === 0 || parts.validation.length === 0)
    throw new MlInputError(
      MlInputErrorCode.TooFewRows,
      'rows',
      'Too few rows per class to hold out test and validation rows: a class needs at least 2 rows to be tested, and validation needs some class with 3 or more',
    );
  return parts;
}

/**
 * K-fold cross-validation folds: the usable rows, seeded-shuffled, dealt into `folds` test folds
 * (kFold for regression; stratifiedKFold for classification, so every fold keeps the class
 * proportions); each fold's validation rows are drawn from its training part as in the holdout.
 */
export function kFoldEvaluation(usable: readonly TargetRow[], classes: number | null, folds: number, seed: number): EvaluationFold[] {
  if (usable.length < folds) refuse('split.folds', `split.folds (${folds}) cannot exceed the ${usable.length} rows with a usable target`);
  const parts =
    classes === null
      ? kFold(usable.length, folds, { shuffle: true, seed })
      : stratifiedKFold(Float64Array.from(usable, (u) => u.y), folds, { shuffle: true, seed });
  const evaluation = parts.map((part, f) => ({
    ...innerSplit(Array.from(part.train, (i) => usable[i]), classes, deriveSeed(seed, `validation-${f}`)),
    test: Array.from(part.test, (i) => usable[i]),
  }));
  if (evaluation.some((f) => f.validation.length === 0))
    throw new MlInputError(MlInputErrorCode.TooFewRows, 'rows', `Too few rows to hold out validation rows inside each of ${folds} folds: validation needs some class with 3 or more training rows`);
  return evaluation;
}

/**
 * A row's place in time: an ISO date or date-time, else a number (a year, a period index, epoch
 * ms), else undefined. A column is read one way throughout: timestamps when any value is one.
 */
function timeKeys(rows: readonly TargetRow[], column: string): (number | undefined)[] {
  const values = rows.map((u) => cell(u.row, column));
  const stamps = values.map(parseTimestamp);
  if (stamps.some((t) => t !== undefined)) return stamps;
  return values.map((v) => (typeof v === 'number' ? (Number.isFinite(v) ? v : undefined) : parseNumber(v)));
}

/**
 * Rolling-origin folds along `column` (Tashman 2000; scikit-learn's TimeSeriesSplit): the rows,
 * in time order, end in `folds` consecutive test blocks of ⌊n / (folds + 1)⌋ rows; fold f tests on
 * block f and trains on the rows strictly earlier than the block's first time — never a row of
 * the same instant, so rows sharing a time are never split between training and test. Inside the
 * training rows the latest VALIDATION_FRACTION (again cut at a change of time) are the validation
 * rows, so even early stopping and the choice of 'auto' only ever look forward. No shuffling.
 * Rows without a readable time are left out and counted.
 */
export function timeEvaluation(usable: readonly TargetRow[], column: string, folds: number): { folds: EvaluationFold[]; droppedMissingTime: number } {
  const keys = timeKeys(usable, column);
  const timed = usable.map((u, i) => ({ u, t: keys[i] })).filter((r): r is { u: TargetRow; t: number } => r.t !== undefined);
  if (timed.length === 0) refuse('split.column', `No row has a readable time in ${JSON.stringify(column)} (ISO-8601 dates or date-times, or numbers)`);
  // Stable: rows of one instant keep the order they came in.
  timed.sort((a, b) => a.t - b.t);
  const n = timed.length;
  const block = Math.floor(n / (folds + 1));
  if (block < 1) refuse('split.folds', `split.folds (${folds}) needs at least ${folds + 1} rows with a time in ${JSON.stringify(column)}; found ${n}`);
  const before = (end: number, time: number) => {
    let i = end;
    while (i > 0 && timed[i - 1].t >= time) i--;
    return i;
  };
  const evaluation = timeSeriesSplit(n, { splits: folds, horizon: block }).map(({ test }, f) => {
    const trainEnd = before(test[0], timed[test[0]].t);
    const first = trainEnd - Math.max(1, Math.round(trainEnd * VALIDATION_FRACTION));
    const validationStart = first < 0 ? 0 : before(first, timed[first].t);
    if (validationStart < MIN_TRAINING_ROWS / 2 || trainEnd - validationStart < 1)
      refuse(
        'split.folds',
        `Fold ${f + 1} of ${folds} would fit on ${validationStart} rows earlier than its validation and test blocks; ` +
          `use fewer folds or more rows (the earliest block starts at row ${test[0] + 1} of ${n} in time order)`,
      );
    return {
      fit: timed.slice(0, validationStart).map((r) => r.u),
      validation: timed.slice(validationStart, trainEnd).map((r) => r.u),
      test: Array.from(test, (i) => timed[i].u),
      period: { from: timed[test[0]].t, to: timed[test[test.length - 1]].t },
    };
  });
  return { folds: evaluation, droppedMissingTime: usable.length - n };
}
