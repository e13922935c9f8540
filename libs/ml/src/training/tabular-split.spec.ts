import { MlInputError } from '../errors/ml-input.error';
import type { Row } from '../frame/row';
import type { TargetRow } from './tabular-input';
import { checkSplit, kFoldEvaluation, timeEvaluation, type EvaluationFold } from './tabular-split';

const ids = (part: readonly TargetRow[]) => part.map((u) => (u.row as Row)['id'] as number).sort((a, b) => a - b);

/** Fitting, validation and test rows of a fold are disjoint; across folds every row is tested `once` (or at most once). */
function expectDisjointFolds(folds: readonly EvaluationFold[], n: number, everyRowTestedOnce: boolean): void {
  const tested = new Array<number>(n).fill(0);
  for (const fold of folds) {
    const all = [...ids(fold.fit), ...ids(fold.validation), ...ids(fold.test)];
    expect(new Set(all).size).toBe(all.length);
    for (const id of ids(fold.test)) tested[id]++;
  }
  expect(tested.every((t) => (everyRowTestedOnce ? t === 1 : t <= 1))).toBe(true);
}

describe('checkSplit', () => {
  it('fills the defaults and keeps testFraction for the holdout only', () => {
    expect(checkSplit(undefined, undefined)).toEqual({ kind: 'holdout', testFraction: 0.2 });
    expect(checkSplit({ kind: 'holdout', testFraction: 0.3 }, undefined)).toEqual({ kind: 'holdout', testFraction: 0.3 });
    expect(checkSplit({ kind: 'kfold' }, undefined)).toEqual({ kind: 'kfold', folds: 5 });
    expect(checkSplit({ kind: 'time', column: 'day', folds: 3 }, undefined)).toEqual({ kind: 'time', column: 'day', folds: 3 });
  });

  it.each([
    [{ kind: 'random' }, undefined, 'split.kind'],
    [{ kind: 'kfold', folds: 2 }, undefined, 'split.folds'],
    [{ kind: 'kfold', folds: 11 }, undefined, 'split.folds'],
    [{ kind: 'kfold', column: 'day' }, undefined, 'split.column'],
    [{ kind: 'kfold' }, 0.2, 'testFraction'],
    [{ kind: 'time' }, undefined, 'split.column'],
    [{ kind: 'time', column: 'day', folds: 1 }, undefined, 'split.folds'],
    [{ kind: 'holdout', testFraction: 0.9 }, undefined, 'split.testFraction'],
    [{ kind: 'holdout', testFraction: 0.3 }, 0.2, 'testFraction'],
    ['kfold', undefined, 'split'],
  ])('refuses %j (testFraction %j), naming %s', (split, testFraction, field) => {
    expect(() => checkSplit(split, testFraction)).toThrow(expect.objectContaining({ field }) as MlInputError);
  });
});

describe('kFoldEvaluation', () => {
  it('deals 12 labelled rows (8 a, 4 b) into 4 stratified folds: each tests 2 a and 1 b, trains on the 9 others', () => {
    const usable: TargetRow[] = Array.from({ length: 12 }, (_, id) => ({ row: { id }, y: id < 8 ? 0 : 1 }));
    const folds = kFoldEvaluation(usable, 2, 4, 42);
    for (const fold of folds) {
      expect(fold.test.map((u) => u.y).sort()).toEqual([0, 0, 1]);
      expect(fold.fit.length + fold.validation.length).toBe(9);
      // VALIDATION_FRACTION of each class of the 9 training rows, stratified: round(6 · 0.2) a and round(3 · 0.2) b.
      expect(fold.validation.map((u) => u.y).sort()).toEqual([0, 1]);
    }
    console.log(`stratified 4-fold test rows (ids 0–7 class a, 8–11 class b): ${folds.map((f) => JSON.stringify(ids(f.test))).join(' ')}`);
    expectDisjointFolds(folds, 12, true);
    expect(kFoldEvaluation(usable, 2, 4, 42)).toEqual(folds);
    expect(kFoldEvaluation(usable, 2, 4, 7)).not.toEqual(folds);
  });

  it('for regression cuts 10 rows into 5 folds of 2, each with 6 fitting and 2 validation rows', () => {
    const usable: TargetRow[] = Array.from({ length: 10 }, (_, id) => ({ row: { id }, y: id }));
    const folds = kFoldEvaluation(usable, null, 5, 1);
    expect(folds.map((f) => [f.fit.length, f.validation.length, f.test.length])).toEqual(Array(5).fill([6, 2, 2]));
    expectDisjointFolds(folds, 10, true);
  });
});

describe('timeEvaluation', () => {
  const day = (d: number) => new Date(Date.UTC(2026, 0, d)).toISOString().slice(0, 10);

  it('tests 3 blocks of 6 days after 24 daily rows sent out of order, training only on earlier days', () => {
    const order = [5, 17, 0, 23, 11, 2, 8, 20, 14, 1, 22, 6, 19, 3, 12, 9, 16, 21, 4, 13, 10, 18, 7, 15];
    const usable: TargetRow[] = order.map((id) => ({ row: { id, when: day(id + 1) }, y: id }));
    const { folds, droppedMissingTime } = timeEvaluation(usable, 'when', 3);
    expect(droppedMissingTime).toBe(0);
    const span = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
    // Blocks of ⌊24 / 4⌋ = 6; validation is the latest round(0.2 · training rows) of each training part.
    expect(folds.map((f) => [ids(f.fit), ids(f.validation), ids(f.test)])).toEqual([
      [span(0, 4), [5], span(6, 11)],
      [span(0, 9), [10, 11], span(12, 17)],
      [span(0, 13), span(14, 17), span(18, 23)],
    ]);
    expect(folds[2].period).toEqual({ from: Date.UTC(2026, 0, 19), to: Date.UTC(2026, 0, 24) });
    expectDisjointFolds(folds, 24, false);
  });

  it('never trains on a row at or after the first time of its test block, even when times repeat', () => {
    // Row id falls on day 1 + ⌊2·id / 3⌋, so ids 15 and 16 share a day across the boundary of the second block (rows 16–23).
    const usable: TargetRow[] = Array.from({ length: 40 }, (_, id) => ({ row: { id, when: `${day(1 + Math.floor((id * 2) / 3))}T12:00:00Z` }, y: id }));
    const time = (u: TargetRow) => Date.parse((u.row as Row)['when'] as string);
    const { folds } = timeEvaluation(usable, 'when', 4);
    for (const fold of folds) {
      expect(Math.max(...fold.validation.map(time))).toBeLessThan(Math.min(...fold.test.map(time)));
      expect(Math.max(...fold.fit.map(time))).toBeLessThan(Math.min(...fold.validation.map(time)));
    }
    expect(folds.map((f) => f.test.length)).toEqual([8, 8, 8, 8]);
    // Blocks start at rows 8, 16, 24 and 32; the second trains on ids 0–14 only, id 15 being as recent as its first test row.
    expect(folds.map((f) => f.fit.length + f.validation.length)).toEqual([8, 15, 24, 32]);
    expect(ids(folds[0].validation)).toEqual([6, 7]);
  });

  it('orders by numbers when no value is a date, and counts rows without a time', () => {
    const usable: TargetRow[] = Array.from({ length: 30 }, (_, id) => ({ row: { id, period: id === 3 ? null : id === 4 ? 'soon' : String(2000 + id) }, y: id }));
    const { folds, droppedMissingTime } = timeEvaluation(usable, 'period', 2);
    expect(droppedMissingTime).toBe(2);
    expect(ids(folds[1].test)).toEqual([21, 22, 23, 24, 25, 26, 27, 28, 29]);
    expect(() => timeEvaluation(usable.slice(0, 16), 'period', 10)).toThrow(expect.objectContaining({ field: 'split.folds' }) as MlInputError);
    expect(() => timeEvaluation(usable, 'id-less', 2)).toThrow(expect.objectContaining({ field: 'split.column' }) as MlInputError);
  });
});
