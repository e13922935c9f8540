import { MlInputError, MlInputErrorCode } from '../errors/ml-input.error';
import { readClassTarget } from './class-target';
import { stratifiedTrainTestSplit } from './stratified-split';

const labelsOf = (values: unknown[]) => {
  const t = readClassTarget(
    values.map((v) => ({ y: v })),
    'y',
  );
  return { classes: t.classes, y: t.usable.map((u) => u.y), dropped: t.dropped };
};

describe('readClassTarget', () => {
  it('reads yes/no spelt any way as two classes, no first, dropping missing labels', () => {
    expect(labelsOf(['Yes', 'no', ' YES ', null, 'NA', '', 'yes', 'No', true])).toEqual({
      classes: ['no', 'yes'],
      y: [1, 0, 1, 1, 0, 1],
      dropped: 3,
    });
    // Booleans and 0/1 read as one flag; the class is named by its commonest spelling.
    expect(labelsOf([true, false, 1, 0, true])).toEqual({ classes: ['false', 'true'], y: [1, 0, 1, 0, 1], dropped: 0 });
  });

  it('reads numbers as numbers, in ascending order, whatever their spelling', () => {
    expect(labelsOf([10, '2', ' 2.0 ', 1, '10'])).toEqual({ classes: ['1', '2', '10'], y: [2, 1, 1, 0, 2], dropped: 0 });
    expect(labelsOf([1, 0, 0])).toEqual({ classes: ['0', '1'], y: [1, 0, 0], dropped: 0 });
  });

  it('reads anything else as trimmed text in code-unit order, case kept', () => {
    expect(labelsOf(['b', ' a', 'B', 'a ', 3, 'yes'])).toEqual({ classes: ['3', 'B', 'a', 'b', 'yes'], y: [3, 2, 1, 2, 0, 4], dropped: 0 });
  });

  it('gives the same classes whatever the row order', () => {
    const values = ['cat', 'dog', 'bird', 'dog', 'cat'];
    expect(labelsOf([...values].reverse()).classes).toEqual(labelsOf(values).classes);
  });

  it('refuses one class, and more than 100', () => {
    const one = () => labelsOf(['a', 'a', null]);
    expect(one).toThrow(MlInputError);
    expect(one).toThrow(/at least 2 classes/);
    try {
      labelsOf(Array.from({ length: 101 }, (_, i) => `id-${i}`));
      throw new Error('accepted 101 classes');
    } catch (e) {
      expect(e).toBeInstanceOf(MlInputError);
      expect((e as MlInputError).field).toBe('target');
      expect((e as MlInputError).code).toBe(MlInputErrorCode.InvalidParameter);
      expect((e as MlInputError).message).toMatch(/101 distinct values/);
    }
    expect(labelsOf(Array.from({ length: 100 }, (_, i) => i)).classes).toHaveLength(100);
  });
});

describe('stratifiedTrainTestSplit', () => {
  it('holds out each class in proportion, keeps every class in training, and is reproducible', () => {
    // 50 of class 0, 20 of class 1, 3 of class 2, 2 of class 3, 1 of class 4.
    const y = [...Array(50).fill(0), ...Array(20).fill(1), 2, 2, 2, 3, 3, 4];
    const { train, test } = stratifiedTrainTestSplit(y, 5, 0.2, 7);
    const count = (indices: Uint32Array, c: number) => Array.from(indices).filter((i) => y[i] === c).length;
    expect([0, 1, 2, 3, 4].map((c) => count(test, c))).toEqual([10, 4, 1, 1, 0]);
    expect([0, 1, 2, 3, 4].map((c) => count(train, c))).toEqual([40, 16, 2, 1, 1]);
    expect(new Set([...train, ...test]).size).toBe(y.length);
    expect(stratifiedTrainTestSplit(y, 5, 0.2, 7)).toEqual({ train, test });
    expect(stratifiedTrainTestSplit(y, 5, 0.2, 8).test).not.toEqual(test);
  });
});
