import { argmaxRows } from '../artifact/matrix-model';
import type { TabularTask } from '../artifact/model-info';
import { MlInputError, MlInputErrorCode } from '../errors/ml-input.error';
import { cell } from '../frame/row';
import { categoryKey } from '../frame/values';
import { fairnessReport, type FairnessReport } from '../metrics/fairness';

/** `fairnessReport` of a trained classifier's held-out decisions, and what it was computed over. */
export interface TabularFairness extends Omit<FairnessReport, 'positiveLabel'> {
  /** The sensitive column. */
  readonly attribute: string;
  /** The favourable class, as named in `classes`. */
  readonly positiveLabel: string;
  /** Held-out rows the report counts (the test rows, or every row a fold tested). */
  readonly rows: number;
}

function refuse(field: string, message: string): never {
  throw new MlInputError(MlInputErrorCode.InvalidParameter, field, message);
}

/** The sensitive column, checked before any training: classification only, a column of the rows, not the target. */
export function checkSensitiveAttribute(
  options: { readonly sensitiveAttribute?: unknown; readonly positiveLabel?: unknown },
  task: TabularTask,
  columns: readonly string[],
  target: string,
): string | undefined {
  const { sensitiveAttribute: attribute, positiveLabel } = options;
  if (attribute === undefined) {
    if (positiveLabel !== undefined) refuse('positiveLabel', 'positiveLabel names the favourable class of the fairness report; it needs sensitiveAttribute');
    return undefined;
  }
  if (task !== 'classification')
    refuse('sensitiveAttribute', 'Fairness metrics compare decisions between groups; they apply to task "classification" only');
  if (typeof attribute !== 'string' || !columns.includes(attribute))
    refuse('sensitiveAttribute', `sensitiveAttribute ${JSON.stringify(attribute)} is not a column of the rows`);
  if (attribute === target) refuse('sensitiveAttribute', 'sensitiveAttribute cannot be the target column');
  return attribute;
}

/**
 * The favourable class: `positiveLabel` when given (matched like labels are read: trimmed), else
 * with two classes the second in class order — the one ROC AUC scores as positive: true/yes for
 * flags, the larger of two numbers, the later of two words. With more classes it must be named.
 */
export function resolvePositiveLabel(classes: readonly string[], positiveLabel: unknown): string {
  if (positiveLabel === undefined) {
    if (classes.length === 2) return classes[1];
    return refuse('positiveLabel', `With ${classes.length} classes the fairness report needs positiveLabel, one of: ${classes.map((c) => JSON.stringify(c)).join(', ')}`);
  }
  const key = categoryKey(positiveLabel);
  const lower = key?.toLowerCase();
  // Flag classes are named by their lower-cased word ("yes"), so "Yes" names them too.
  const match = classes.find((c) => c === key) ?? classes.find((c) => c.toLowerCase() === lower);
  if (match === undefined) refuse('positiveLabel', `positiveLabel ${JSON.stringify(positiveLabel)} is not a class; classes are ${classes.map((c) => JSON.stringify(c)).join(', ')}`);
  return match;
}

/**
 * Group fairness of the decisions (the most probable class) a model took on held-out rows. Group
 * values are read like categories (trimmed strings, numbers spelled out); a missing one is the
 * group "(missing)".
 */
export function heldOutFairness(
  rows: readonly unknown[],
  y: ArrayLike<number>,
  proba: Float64Array,
  classes: readonly string[],
  attribute: string,
  positiveLabel: string,
): TabularFairness {
  const predicted = argmaxRows(proba, classes.length);
  const report = fairnessReport(
    Array.from(y, (c) => classes[c]),
    Array.from(predicted, (c) => classes[c]),
    rows.map((row) => categoryKey(cell(row, attribute)) ?? null),
    { positiveLabel },
  );
  return { ...report, attribute, positiveLabel, rows: rows.length };
}
