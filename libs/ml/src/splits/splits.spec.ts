import { MlInputError } from '../errors/ml-input.error';
import { mulberry32 } from '../random/prng';
import type { Fold } from './fold';
import { groupKFold } from './group-k-fold';
import { kFold } from './k-fold';
import { stratifiedKFold } from './stratified-k-fold';
import { timeSeriesSplit } from './time-series-split';

const list = (a: Uint32Array) => Array.from(a);

/** Within each fold train and test are disjoint, ascending and together cover 0 … n−1; across folds every row is tested exactly once. */
function expectCrossValidationPartition(folds: Fold[], n: number): void {
  const tested = new Uint32Array(n);
  for (const { train, test } of folds) {
    expect(test.length).toBeGreaterThan(0);
    expect(train.length + test.length).toBe(n);
    const inTest = new Set(test);
    for (const i of train) expect(inTest.has(i)).toBe(false);
    expect(new Set([...train, ...test]).size).toBe(n);
    for (const a of [train, test]) for (let k = 1; k < a.length; k++) expect(a[k]).toBeGreaterThan(a[k - 1]);
    for (const i of test) tested[i]++;
  }
  expect(list(tested)).toEqual(new Array(n).fill(1));
}

describe('kFold', () => {
  it('without shuffling cuts contiguous blocks, the first n mod k one row larger (10 rows, 3 folds: 4, 3, 3)', () => {
    const folds = kFold(10, 3);
    expect(folds.map((f) => list(f.test))).toEqual([[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    expect(list(folds[1].train)).toEqual([0, 1, 2, 3, 7, 8, 9]);
    expectCrossValidationPartition(folds, 10);
  });

  it('with a seeded shuffle is a reproducible partition that differs by seed', () => {
    const a = kFold(101, 5, { shuffle: true, seed: 1 });
    expectCrossValidationPartition(a, 101);
    expect(a.map((f) => f.test.length)).toEqual([21, 20, 20, 20, 20]);
    expect(kFold(101, 5, { shuffle: true, seed: 1 })).toEqual(a);
    expect(kFold(101, 5, { shuffle: true, seed: 2 })).not.toEqual(a);
    expect(list(a[0].test)).not.toEqual(Array.from({ length: 21 }, (_, i) => i));
  });

  it('refuses fewer than 2 folds or more folds than rows', () => {
    expect(() => kFold(5, 1)).toThrow(MlInputError);
    expect(() => kFold(5, 6)).toThrow(MlInputError);
    expect(() => kFold(5, 2.5)).toThrow(MlInputError);
  });
});

describe('stratifiedKFold', () => {
  it('keeps class proportions in every fold (90 / 30 / 15 rows of 3 classes, 5 folds → 18 / 6 / 3 each)', () => {
    const rng = mulberry32(61);
    const y = [...new Array(90).fill(0), ...new Array(30).fill(1), ...new Array(15).fill(2)];
    for (let i = y.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [y[i], y[j]] = [y[j], y[i]];
    }
    for (const shuffle of [false, true]) {
      const folds = stratifiedKFold(y, 5, { shuffle, seed: 3 });
      expectCrossValidationPartition(folds, y.length);
      for (const { test } of folds) {
        const counts = [0, 0, 0];
        for (const i of test) counts[y[i]]++;
        expect(counts).toEqual([18, 6, 3]);
      }
    }
  });

  it('with uneven counts, per-class and total fold sizes differ by at most one', () => {
    const y = Array.from({ length: 47 }, (_, i) => (i % 7 === 0 ? 2 : i % 3 === 0 ? 1 : 0));
    const folds = stratifiedKFold(y, 4, { shuffle: true, seed: 9 });
    expectCrossValidationPartition(folds, y.length);
    for (const label of [0, 1, 2]) {
      const perFold = folds.map(({ test }) => list(test).filter((i) => y[i] === label).length);
      expect(Math.max(...perFold) - Math.min(...perFold)).toBeLessThanOrEqual(1);
    }
    const sizes = folds.map((f) => f.test.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });
});

describe('groupKFold', () => {
  it('never splits a group across train and test, and tests every row once', () => {
    const groups = Array.from({ length: 60 }, (_, i) => `store-${(i * 7) % 11}`);
    const folds = groupKFold(groups, 4);
    expectCrossValidationPartition(folds, groups.length);
    for (const { train, test } of folds) {
      const testGroups = new Set(list(test).map((i) => groups[i]));
      for (const i of train) expect(testGroups.has(groups[i])).toBe(false);
    }
  });

  it('places groups largest first into the lightest fold (sizes 5, 4, 3, 2, 1 into 2 folds → 5+2+1 and 4+3)', () => {
    const groups = [...'aaaaabbbbcccdde'];
    const folds = groupKFold(groups, 2);
    const groupsIn = (f: Fold) => [...new Set(list(f.test).map((i) => groups[i]))].sort().join('');
    expect(folds.map(groupsIn)).toEqual(['ade', 'bc']);
    expect(folds.map((f) => f.test.length)).toEqual([8, 7]);
  });

  it('needs at least as many groups as folds', () => {
    expect(() => groupKFold([1, 1, 2, 2], 3)).toThrow(MlInputError);
  });
});

describe('timeSeriesSplit', () => {
  it("matches scikit-learn's TimeSeriesSplit docstring (n = 6, 5 splits): train [0…s], test [s+1]", () => {
    const folds = timeSeriesSplit(6, { splits: 5 });
    expect(folds.map((f) => [list(f.train), list(f.test)])).toEqual([
      [[0], [1]],
      [[0, 1], [2]],
      [[0, 1, 2], [3]],
      [[0, 1, 2, 3], [4]],
      [[0, 1, 2, 3, 4], [5]],
    ]);
  });

  it("matches scikit-learn's example with test_size = 2, gap = 2 (n = 12, 3 splits)", () => {
    const folds = timeSeriesSplit(12, { splits: 3, horizon: 2, gap: 2 });
    expect(folds.map((f) => [list(f.train), list(f.test)])).toEqual([
      [[0, 1, 2, 3], [6, 7]],
      [[0, 1, 2, 3, 4, 5], [8, 9]],
      [[0, 1, 2, 3, 4, 5, 6, 7], [10, 11]],
    ]);
  });

  it('sliding windows keep a fixed training length; every training row precedes its test window by more than the gap', () => {
    const n = 100;
    const folds = timeSeriesSplit(n, { splits: 6, horizon: 7, gap: 3, step: 5, window: 'sliding', trainSize: 30 });
    expect(list(folds[5].test)).toEqual([93, 94, 95, 96, 97, 98, 99]);
    for (const { train, test } of folds) {
      expect(train.length).toBe(30);
      expect(test.length).toBe(7);
      expect(test[0] - train[train.length - 1]).toBe(3 + 1);
      for (let k = 1; k < train.length; k++) expect(train[k]).toBe(train[k - 1] + 1);
    }
    expect(folds.map((f) => f.test[0])).toEqual([68, 73, 78, 83, 88, 93]);
  });

  it('refuses settings that leave too little history', () => {
    expect(() => timeSeriesSplit(10, { splits: 3, horizon: 3, gap: 2 })).toThrow(MlInputError);
    expect(() => timeSeriesSplit(20, { splits: 2, horizon: 3, window: 'sliding' })).toThrow(MlInputError);
    expect(() => timeSeriesSplit(20, { splits: 2, horizon: 3, window: 'sliding', trainSize: 15 })).toThrow(MlInputError);
    expect(() => timeSeriesSplit(3, { splits: 5 })).toThrow(MlInputError);
  });
});
