import { MlInputError } from '../errors/ml-input.error';
import { fairnessReport, MISSING_GROUP } from './fairness';

// Group a: y = 1 1 0 0 1, ŷ = 1 0 1 0 1 → selected 3/5, TP 2 of 3 positives, FP 1 of 2 negatives.
// Group b: y = 1 0 0 0,   ŷ = 0 0 1 0   → selected 1/4, TP 0 of 1 positive,  FP 1 of 3 negatives.
const yTrue = [1, 1, 0, 0, 1, 1, 0, 0, 0];
const yPred = [1, 0, 1, 0, 1, 0, 0, 1, 0];
const group = ['a', 'a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'];

describe('fairnessReport', () => {
  it('matches hand-computed per-group rates and between-group disparities', () => {
    const r = fairnessReport(yTrue, yPred, group);
    expect(r.groups).toEqual([
      { group: 'a', count: 5, actualPositives: 3, selected: 3, selectionRate: 0.6, truePositiveRate: 2 / 3, falsePositiveRate: 0.5 },
      { group: 'b', count: 4, actualPositives: 1, selected: 1, selectionRate: 0.25, truePositiveRate: 0, falsePositiveRate: 1 / 3 },
    ]);
    expect(r.demographicParityDifference).toBeCloseTo(0.35, 12);
    expect(r.disparateImpactRatio).toBeCloseTo(0.25 / 0.6, 12);
    expect(r.passesFourFifthsRule).toBe(false);
    expect(r.equalOpportunityDifference).toBeCloseTo(2 / 3, 12);
    expect(r.equalizedOddsDifference).toBeCloseTo(2 / 3, 12); // max(2/3, 0.5 − 1/3)
    expect(r.undefinedTprGroups).toEqual([]);
    expect(r.excludedRows).toBe(0);
  });

  it('puts missing group values in a "(missing)" group by default, or leaves them out on request', () => {
    const sensitive = [...group, null, Number.NaN, undefined, ''];
    const t = [...yTrue, 0, 0, 0, 0];
    const p = [...yPred, 1, 1, 0, 1];
    const own = fairnessReport(t, p, sensitive);
    expect(own.groups.map((g) => g.group)).toEqual(['a', 'b', MISSING_GROUP]);
    expect(own.groups[2]).toMatchObject({ count: 4, selected: 3, selectionRate: 0.75, truePositiveRate: null, falsePositiveRate: 0.75 });
    expect(own.demographicParityDifference).toBeCloseTo(0.75 - 0.25, 12);
    expect(own.disparateImpactRatio).toBeCloseTo(0.25 / 0.75, 12);
    // The missing group has no actual positives: no TPR, so it does not enter the TPR difference.
    expect(own.undefinedTprGroups).toEqual([MISSING_GROUP]);
    expect(own.equalOpportunityDifference).toBeCloseTo(2 / 3, 12);
    expect(own.equalizedOddsDifference).toBeCloseTo(2 / 3, 12); // FPR: 0.75 − 1/3 = 0.4167 < 2/3

    const excluded = fairnessReport(t, p, sensitive, { missingGroup: 'exclude' });
    expect(excluded.excludedRows).toBe(4);
    expect(excluded.groups.map((g) => g.group)).toEqual(['a', 'b']);
    expect(excluded.demographicParityDifference).toBeCloseTo(0.35, 12);
  });

  it('reduces multiclass labels to one-vs-rest on the chosen positive label', () => {
    const actual = ['dog', 'cat', 'dog', 'bird', 'cat', 'dog'];
    const predicted = ['dog', 'dog', 'cat', 'bird', 'dog', 'dog'];
    const sex = ['f', 'f', 'f', 'm', 'm', 'm'];
    const r = fairnessReport(actual, predicted, sex, { positiveLabel: 'dog' });
    // f: selected rows 0,1 → 2/3; positives rows 0,2 → TPR 1/2; negatives row 1 → FPR 1.
    // m: selected rows 4,5 → 2/3; positives row 5 → TPR 1; negatives rows 3,4 → FPR 1/2.
    expect(r.groups.map((g) => [g.group, g.selectionRate, g.truePositiveRate, g.falsePositiveRate])).toEqual([
      ['f', 2 / 3, 0.5, 1],
      ['m', 2 / 3, 1, 0.5],
    ]);
    expect(r.demographicParityDifference).toBe(0);
    expect(r.disparateImpactRatio).toBe(1);
    expect(r.equalOpportunityDifference).toBe(0.5);
    expect(r.equalizedOddsDifference).toBe(0.5);
  });

  it('applies the four-fifths rule at exactly 0.8 and has no ratio when nobody is selected', () => {
    // x: 2 of 4 selected (0.5); y: 2 of 5 selected (0.4) → ratio 0.8 exactly: the rule holds.
    const sensitive = ['x', 'x', 'x', 'x', 'y', 'y', 'y', 'y', 'y'];
    const selectedAtBoundary = [1, 1, 0, 0, 1, 1, 0, 0, 0];
    const boundary = fairnessReport(new Array(9).fill(1), selectedAtBoundary, sensitive);
    expect(boundary.disparateImpactRatio).toBeCloseTo(0.8, 12);
    expect(boundary.passesFourFifthsRule).toBe(true);
    const oneFewer = fairnessReport(new Array(9).fill(1), [1, 1, 0, 0, 1, 0, 0, 0, 0], sensitive);
    expect(oneFewer.disparateImpactRatio).toBeCloseTo(0.4, 12);
    expect(oneFewer.passesFourFifthsRule).toBe(false);

    const none = fairnessReport([1, 0, 1, 0], [0, 0, 0, 0], ['x', 'x', 'y', 'y']);
    expect(none.demographicParityDifference).toBe(0);
    expect(none.disparateImpactRatio).toBeNull();
    expect(none.passesFourFifthsRule).toBeNull();
  });

  it('has no TPR difference when fewer than two groups have actual positives', () => {
    const r = fairnessReport([1, 0, 0, 0], [1, 1, 0, 1], ['x', 'x', 'y', 'y']);
    expect(r.groups.map((g) => g.truePositiveRate)).toEqual([1, null]);
    expect(r.equalOpportunityDifference).toBeNull();
    expect(r.equalizedOddsDifference).toBeNull();
    expect(r.undefinedTprGroups).toEqual(['y']);
  });

  it('rejects inputs of different lengths and an empty comparison with a named field', () => {
    expect(() => fairnessReport([1, 0], [1], ['a', 'b'])).toThrow(MlInputError);
    expect(() => fairnessReport([1], [1], [null], { missingGroup: 'exclude' })).toThrow(/no rows with a group/);
    expect(() => fairnessReport([1], [1], ['a'], { missingGroup: 'drop' as never })).toThrow(/missingGroup/);
  });
});
