import { loadModel } from '../artifact/load-model';
import { MlInputErrorCode } from '../errors/ml-input.error';
import type { Row } from '../frame/row';
import { fairnessReport } from '../metrics/fairness';
import { mulberry32, randomNormal } from '../random/prng';
import { readClassTarget } from './class-target';
import { resolvePositiveLabel, type TabularFairness } from './tabular-fairness';
import { classificationRows, inputError, regressionRows } from './tabular.fixtures';
import { splitRows, trainTabularModel } from './train-tabular-model';

/**
 * Loan decisions: approved when income − debt/2 plus noise clears a bar. In the biased world group
 * B's incomes run 12 lower (a historical disadvantage the data records); in the unbiased one both
 * groups draw incomes alike. Groups are 60 / 40.
 */
function loanRows(n: number, seed: number, biased: boolean): Row[] {
  const rng = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const group = rng() < 0.6 ? 'A' : 'B';
    const income = 50 + 10 * randomNormal(rng) - (biased && group === 'B' ? 12 : 0);
    const debt = 20 + 5 * randomNormal(rng);
    return { group, income, debt, approved: income - debt / 2 + 4 * randomNormal(rng) > 40 ? 'yes' : 'no' };
  });
}

function line(name: string, f: TabularFairness): string {
  const rates = f.groups.map((g) => `${g.group}: selected ${(100 * g.selectionRate).toFixed(1)}% of ${g.count}, TPR ${g.truePositiveRate?.toFixed(3)}`).join('; ');
  return (
    `${name}: DP difference ${f.demographicParityDifference.toFixed(3)}, EO difference ${f.equalOpportunityDifference?.toFixed(3)}, ` +
    `disparate impact ${f.disparateImpactRatio?.toFixed(3)} (four-fifths ${f.passesFourFifthsRule ? 'passes' : 'FAILS'}) — ${rates}`
  );
}

describe('trainTabularModel with a sensitive attribute', () => {
  it('reports the disparity a biased world leaves in the decisions, and none in an unbiased one (kfold, every row once)', async () => {
    const options = { task: 'classification' as const, target: 'approved', algorithm: 'linear' as const, split: { kind: 'kfold' as const }, sensitiveAttribute: 'group' };
    const biased = await trainTabularModel(loanRows(2000, 1, true), options);
    const fair = await trainTabularModel(loanRows(2000, 1, false), options);
    // The group is left out of the inputs: the income it shaped still carries the disparity.
    const unaware = await trainTabularModel(loanRows(2000, 1, true), { ...options, features: ['income', 'debt'] });
    console.log([line('biased, group as input', biased.fairness!), line('biased, group not an input', unaware.fairness!), line('unbiased', fair.fairness!)].join('\n'));

    expect(biased.fairness).toMatchObject({ attribute: 'group', positiveLabel: 'yes', rows: 2000, excludedRows: 0 });
    expect(biased.features).toContain('group');
    expect(unaware.features).toEqual(['income', 'debt']);
    for (const r of [biased, unaware]) {
      expect(r.fairness!.disparateImpactRatio).toBeLessThan(0.8);
      expect(r.fairness!.passesFourFifthsRule).toBe(false);
      expect(r.fairness!.demographicParityDifference).toBeGreaterThan(0.2);
    }
    expect(fair.fairness!.disparateImpactRatio).toBeGreaterThan(0.85);
    expect(fair.fairness!.passesFourFifthsRule).toBe(true);
    expect(fair.fairness!.demographicParityDifference).toBeLessThan(0.06);
    // Every row was tested once, so the groups hold all 2000 rows.
    const groupSizes = Object.fromEntries(['A', 'B'].map((g) => [g, loanRows(2000, 1, true).filter((r) => r['group'] === g).length]));
    expect(Object.fromEntries(biased.fairness!.groups.map((g) => [g.group, g.count]))).toEqual(groupSizes);
  });

  it('matches fairnessReport on the holdout test rows as predicted by the stored model', async () => {
    const rows = loanRows(1000, 4, true).map((r, i) => (i % 50 === 0 ? { ...r, group: i % 100 === 0 ? null : ' B ' } : r));
    const result = await trainTabularModel(rows, { task: 'classification', target: 'approved', algorithm: 'gbdt', params: { maxIterations: 30 }, sensitiveAttribute: 'group', positiveLabel: 'yes' });
    const { classes, usable } = readClassTarget(rows, 'approved');
    const test = splitRows(usable, classes.length, 0.2, 42).test.map((u) => u.row as Row);
    const predicted = Array.from(loadModel(result.artifact).predict(test), (c) => classes[c]);
    const expected = fairnessReport(
      test.map((r) => r['approved'] as string),
      predicted,
      test.map((r) => (typeof r['group'] === 'string' ? r['group'].trim() : null)),
      { positiveLabel: 'yes' },
    );
    expect(result.fairness).toEqual({ ...expected, attribute: 'group', positiveLabel: 'yes', rows: 200 });
    expect(result.fairness!.groups.map((g) => g.group)).toEqual(['A', 'B', '(missing)']);
  });

  it('takes the second class as the favourable one of two, and needs it named among more', () => {
    expect(resolvePositiveLabel(['no', 'yes'], undefined)).toBe('yes');
    expect(resolvePositiveLabel(['0', '1'], undefined)).toBe('1');
    expect(resolvePositiveLabel(['no', 'yes'], 'Yes')).toBe('yes');
    expect(resolvePositiveLabel(['0', '1'], 0)).toBe('0');
    expect(() => resolvePositiveLabel(['bronze', 'gold', 'silver'], undefined)).toThrow(/needs positiveLabel, one of: "bronze", "gold", "silver"/);
  });

  it('refuses what it cannot report on, naming the field', async () => {
    const labelled = classificationRows(100, 3, 'multiclass');
    const base = { task: 'classification' as const, target: 'label', algorithm: 'linear' as const };
    await inputError(trainTabularModel(regressionRows(60, 2, 'linear'), { task: 'regression', target: 'y', sensitiveAttribute: 'region' }), MlInputErrorCode.InvalidParameter, 'sensitiveAttribute');
    await inputError(trainTabularModel(labelled, { ...base, sensitiveAttribute: 'region' }), MlInputErrorCode.InvalidParameter, 'positiveLabel');
    await inputError(trainTabularModel(labelled, { ...base, sensitiveAttribute: 'region', positiveLabel: 'platinum' }), MlInputErrorCode.InvalidParameter, 'positiveLabel');
    await inputError(trainTabularModel(labelled, { ...base, sensitiveAttribute: 'gender' }), MlInputErrorCode.InvalidParameter, 'sensitiveAttribute');
    await inputError(trainTabularModel(labelled, { ...base, positiveLabel: 'gold' }), MlInputErrorCode.InvalidParameter, 'positiveLabel');
    const multi = await trainTabularModel(labelled, { ...base, sensitiveAttribute: 'region', positiveLabel: 'gold' });
    expect(multi.fairness!.groups.map((g) => g.group)).toEqual(['east', 'north', 'south', 'west']);
  });
});
