import { MlInputError, MlInputErrorCode } from '../errors/ml-input.error';
import { cell } from '../frame/row';
import { categoryKey, isMissing, parseBoolean, parseNumber } from '../frame/values';
import type { TargetRow } from './tabular-input';

/** Fewest and most distinct labels a classification target may have. */
export const CLASS_COUNT_RANGE = { min: 2, max: 100 } as const;

export interface ClassTarget {
  /** Rows with a label; `y` is the class index. */
  readonly usable: TargetRow[];
  readonly dropped: number;
  /** Label of each class index. */
  readonly classes: string[];
}

/**
 * Reads a label column the way users send it. Missing values (null, "", "NA", …) drop the row.
 * The present values are read as one of three kinds, and the classes are put in an order that
 * depends only on the set of labels, never on row order:
 *
 * 1. flags — every value is a boolean, yes/no/true/false in any case and spacing, or 0/1, and
 *    at least one is not a number: two classes, false first (so class 1, the positive class of
 *    ROC AUC, is true/yes). Each class is named by its most frequent lower-cased word
 *    ("Yes", " YES ", "yes" → "yes"; a word wins over 0/1), ties going to the first in code-unit order;
 * 2. numbers — every value reads as a number (1, "1", " 1.0 " are one class, named "1"): ascending;
 * 3. text — anything else: trimmed strings, case kept (numbers and booleans spelled out), in
 *    code-unit order.
 *
 * Refuses a target with fewer than 2 or more than 100 classes (MlInputError on `target`).
 */
export function readClassTarget(rows: readonly unknown[], target: string): ClassTarget {
  const present: { row: unknown; value: unknown }[] = [];
  for (const row of rows) {
    const value = cell(row, target);
    if (!isMissing(value)) present.push({ row, value });
  }
  const dropped = rows.length - present.length;
  const keys = labelKeys(present.map((p) => p.value));
  const classes = keys.classes;
  if (classes.length < CLASS_COUNT_RANGE.min && present.length > 0)
    throw new MlInputError(
      MlInputErrorCode.InvalidParameter,
      'target',
      `Classification needs at least ${CLASS_COUNT_RANGE.min} classes; every row of ${JSON.stringify(target)} is ${JSON.stringify(classes[0])}`,
    );
  if (classes.length > CLASS_COUNT_RANGE.max)
    throw new MlInputError(
      MlInputErrorCode.InvalidParameter,
      'target',
      `${JSON.stringify(target)} has ${classes.length} distinct values; classification supports at most ${CLASS_COUNT_RANGE.max} classes ` +
        `(a measured quantity wants regression; an identifier cannot be predicted)`,
    );
  return { usable: present.map((p, i) => ({ row: p.row, y: keys.index[i] })), dropped, classes };
}

function labelKeys(values: readonly unknown[]): { classes: string[]; index: Uint32Array } {
  const flags = values.map(parseBoolean);
  if (values.length > 0 && flags.every((f) => f !== undefined) && values.some((v) => parseNumber(v) === undefined)) {
    const spellings = [new Map<string, number>(), new Map<string, number>()];
    values.forEach((v, i) => {
      const s = typeof v === 'string' ? v.trim().toLowerCase() : String(v);
      const counts = spellings[flags[i] ? 1 : 0];
      counts.set(s, (counts.get(s) ?? 0) + 1);
    });
    const classes = spellings.filter((m) => m.size > 0).map(mostFrequent);
    const onlyTrue = spellings[0].size === 0;
    return { classes, index: Uint32Array.from(flags, (f) => (f && !onlyTrue ? 1 : 0)) };
  }
  const numbers = values.map(parseNumber);
  if (numbers.every((n) => n !== undefined)) {
    const sorted = [...new Set(numbers as number[])].sort((a, b) => a - b);
    return indexBy(sorted.map(String), (numbers as number[]).map(String));
  }
  const labels = values.map((v) => categoryKey(v)!);
  return indexBy([...new Set(labels)].sort(codeUnitOrder), labels);
}

function indexBy(classes: string[], labels: readonly string[]): { classes: string[]; index: Uint32Array } {
  const position = new Map(classes.map((c, i) => [c, i]));
  return { classes, index: Uint32Array.from(labels, (l) => position.get(l)!) };
}

/** The commonest word spelling (a 0/1 only when the side has no word), ties in code-unit order. */
function mostFrequent(counts: Map<string, number>): string {
  const isWord = (s: string) => (parseNumber(s) === undefined ? 1 : 0);
  return [...counts].sort((a, b) => isWord(b[0]) - isWord(a[0]) || b[1] - a[1] || codeUnitOrder(a[0], b[0]))[0][0];
}

function codeUnitOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
