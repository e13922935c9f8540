/**
 * Checks shared by the trainers: the rows, options, target and feature columns a request names,
 * each refusal an MlInputError naming the offending field.
 */
import { MlInputError, MlInputErrorCode } from '../errors/ml-input.error';
import { TYPE_DOMINANCE, profileColumns, type ColumnType } from '../frame/column-types';
import { cell } from '../frame/row';
import { isMissing, parseNumber } from '../frame/values';
import { TabularPreprocessor } from '../preprocessing/tabular-preprocessor';

/** Fewest rows with a usable target that training accepts. */
export const MIN_TRAINING_ROWS = 10;
/** Accepted range of the held-out share: below it the test metrics are noise, above it most data goes unused. */
export const TEST_FRACTION_RANGE = { min: 0.05, max: 0.5 } as const;

/** A row kept for training, with its target read as a number (a class index for classification). */
export interface TargetRow {
  readonly row: unknown;
  readonly y: number;
}

export function checkRowsArray(rows: unknown): asserts rows is readonly unknown[] {
  if (!Array.isArray(rows)) throw new MlInputError(MlInputErrorCode.InvalidParameter, 'rows', 'rows must be an array of objects');
}

export function checkSeed(seed: unknown, field = 'seed'): number {
  if (!Number.isInteger(seed)) throw new MlInputError(MlInputErrorCode.InvalidParameter, field, `${field} must be an integer`);
  return seed as number;
}

export function checkTestFraction(testFraction: unknown): number {
  const f = testFraction ?? 0.2;
  if (!(typeof f === 'number' && f >= TEST_FRACTION_RANGE.min && f <= TEST_FRACTION_RANGE.max))
    throw new MlInputError(
      MlInputErrorCode.InvalidParameter,
      'testFraction',
      `testFraction must be between ${TEST_FRACTION_RANGE.min} and ${TEST_FRACTION_RANGE.max}`,
    );
  return f;
}

/** The requested input columns: `features` checked against the columns seen, or every column but the target. */
export function chooseFeatures(columns: readonly string[], target: string, features: readonly string[] | undefined): string[] {
  if (typeof target !== 'string' || !columns.includes(target)) {
    const shown = columns.slice(0, 20).map((c) => JSON.stringify(c));
    throw new MlInputError(
      MlInputErrorCode.TargetNotFound,
      'target',
      `Target column ${JSON.stringify(target)} is not in the rows; columns are: ${shown.join(', ')}${columns.length > 20 ? ', …' : ''}`,
    );
  }
  if (features === undefined) return columns.filter((c) => c !== target);
  if (!Array.isArray(features) || !features.every((f) => typeof f === 'string'))
    throw new MlInputError(MlInputErrorCode.InvalidParameter, 'features', 'features must be a list of column names');
  const unique = [...new Set(features)];
  if (unique.includes(target))
    throw new MlInputError(MlInputErrorCode.InvalidParameter, 'features', `The target ${JSON.stringify(target)} cannot also be a feature`);
  const known = new Set(columns);
  const unknown = unique.filter((f) => !known.has(f));
  if (unknown.length > 0)
    throw new MlInputError(
      MlInputErrorCode.UnknownFeature,
      'features',
      `Feature column(s) not in any row: ${unknown.map((f) => JSON.stringify(f)).join(', ')}`,
    );
  return unique;
}

/** Rows whose target reads as a finite number. Refuses a target that is mostly not numbers (a label, a category). */
export function readNumericTarget(rows: readonly unknown[], target: string): { usable: TargetRow[]; dropped: number } {
  const usable: TargetRow[] = [];
  const notNumbers: unknown[] = [];
  for (const row of rows) {
    const value = cell(row, target);
    const y = parseNumber(value);
    if (y !== undefined) usable.push({ row, y });
    else if (!isMissing(value)) notNumbers.push(value);
  }
  const present = usable.length + notNumbers.length;
  if (present > 0 && usable.length < TYPE_DOMINANCE * present) {
    const examples = [...new Set(notNumbers.slice(0, 50).map((v) => JSON.stringify(v)))].slice(0, 3);
    throw new MlInputError(
      MlInputErrorCode.TargetNotNumeric,
      'target',
      `Target ${JSON.stringify(target)} must be numeric for regression; ${notNumbers.length} of ${present} values are not numbers (e.g. ${examples.join(', ')})`,
    );
  }
  return { usable, dropped: rows.length - usable.length };
}

/** `what` completes "rows with …": "a numeric \"price\"", "a label in \"churned\"". */
export function requireTrainingRows(usable: number, dropped: number, what: string): void {
  if (usable < MIN_TRAINING_ROWS)
    throw new MlInputError(
      MlInputErrorCode.TooFewRows,
      'rows',
      `Training needs at least ${MIN_TRAINING_ROWS} rows with ${what}; found ${usable}` +
        (dropped > 0 ? ` (${dropped} rows have no usable value for it)` : ''),
    );
}

/**
 * Fits the preprocessing on the rows the model will train on, over the requested features that
 * have at least one value there; refuses when none has.
 */
export function fitTrainingPreprocessor(
  trainRows: readonly unknown[],
  requested: readonly string[],
  target: string,
): { preprocessor: TabularPreprocessor; features: string[] } {
  const profiles = profileColumns(trainRows, requested);
  const features = requested.filter((f) => (profiles.get(f)?.present ?? 0) > 0);
  if (features.length === 0)
    throw new MlInputError(
      MlInputErrorCode.NoUsableFeatures,
      'features',
      requested.length === 0
        ? `The rows have no column besides the target ${JSON.stringify(target)}`
        : `None of the feature columns has a value in the training rows: ${requested.map((f) => JSON.stringify(f)).join(', ')}`,
    );
  const types: Record<string, ColumnType> = {};
  for (const f of features) Object.defineProperty(types, f, { value: profiles.get(f)?.type, enumerable: true });
  return { preprocessor: TabularPreprocessor.fit(trainRows, { features, types }), features };
}
