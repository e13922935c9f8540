import { MlInputError, MlInputErrorCode } from '../errors/ml-input.error';

/**
 * Group fairness of a classifier's decisions with respect to one declared sensitive attribute,
 * with the definitions of Fairlearn's `fairlearn.metrics` (Bird et al., "Fairlearn: A toolkit
 * for assessing and improving fairness in AI", MSR-TR-2020-32), aggregation "between_groups":
 *
 *   selection rate of group a      s_a   = P(ŷ = + | A = a)
 *   true positive rate             TPR_a = P(ŷ = + | y = +, A = a)
 *   false positive rate            FPR_a = P(ŷ = + | y ≠ +, A = a)
 *   demographic parity difference  max_a s_a − min_a s_a                 (0 = parity)
 *   demographic parity ratio       min_a s_a / max_a s_a                 (1 = parity; "disparate impact ratio")
 *   equal opportunity difference   max_a TPR_a − min_a TPR_a             (Hardt, Price & Srebro, NeurIPS 2016)
 *   equalized odds difference      max(TPR difference, FPR difference)   (ibid.)
 *
 * The four-fifths rule (US EEOC Uniform Guidelines on Employee Selection Procedures, 29 CFR
 * §1607.4(D)) reads a selection rate below 4/5 of the highest group's as evidence of adverse
 * impact; it holds when the demographic parity ratio is ≥ 0.8.
 *
 * Multiclass labels are reduced to one-vs-rest on `positiveLabel`: a prediction is "selected"
 * when it equals that label, an actual is positive when it does.
 *
 * Undefined rates. A group with no actual positives has no TPR (0/0), one with no actual
 * negatives no FPR. Fairlearn passes such cases to scikit-learn, which warns and counts them as
 * 0; that would report a large disparity that the data does not show, so here the rate is null
 * and the group is left out of that difference (listed in `undefinedTprGroups` /
 * `undefinedFprGroups`). A difference is null when fewer than two of several groups have the rate defined.
 * A ratio whose largest selection rate is 0 (nobody selected anywhere) is null too.
 *
 * Missing group values (null, undefined, NaN, empty string) form a group of their own named
 * "(missing)" by default — dropping them hides exactly the people whose attribute was not
 * recorded — or, with `missingGroup: 'exclude'`, their rows are left out and counted in
 * `excludedRows`.
 */

export const MISSING_GROUP = '(missing)';
export const FOUR_FIFTHS_THRESHOLD = 0.8;

export type FairnessLabel = string | number | boolean;

export interface FairnessOptions {
  /** The favourable label (e.g. 1, "approved"); default 1. */
  readonly positiveLabel?: FairnessLabel;
  /** What to do with rows whose sensitive value is missing. Default 'own-group'. */
  readonly missingGroup?: 'own-group' | 'exclude';
}

export interface GroupFairness {
  /** The sensitive value as a string, or "(missing)". */
  readonly group: string;
  readonly count: number;
  /** Rows whose actual label is the positive label. */
  readonly actualPositives: number;
  /** Rows predicted as the positive label. */
  readonly selected: number;
  readonly selectionRate: number;
  /** null when the group has no actual positives. */
  readonly truePositiveRate: number | null;
  /** null when the group has no actual negatives. */
  readonly falsePositiveRate: number | null;
}

export interface FairnessReport {
  readonly positiveLabel: FairnessLabel;
  /** Sorted by group name, "(missing)" last. */
  readonly groups: readonly GroupFairness[];
  readonly demographicParityDifference: number;
  /** min/max selection rate; null when no group has any selection. */
  readonly disparateImpactRatio: number | null;
  /** Whether every group's selection rate is at least 4/5 of the highest; null when the ratio is. */
  readonly passesFourFifthsRule: boolean | null;
  readonly equalOpportunityDifference: number | null;
  readonly equalizedOddsDifference: number | null;
  readonly undefinedTprGroups: readonly string[];
  readonly undefinedFprGroups: readonly string[];
  /** Rows left out for a missing group value (missingGroup: 'exclude'). */
  readonly excludedRows: number;
}

interface Tally {
  count: number;
  actualPositives: number;
  selected: number;
  truePositives: number;
  falsePositives: number;
}

/**
 * Per-group counts and rates and the between-group disparities of predictions `yPred` against
 * actual labels `yTrue` for the sensitive attribute values `sensitive` (one per row).
 */
export function fairnessReport(
  yTrue: ArrayLike<FairnessLabel>,
  yPred: ArrayLike<FairnessLabel>,
  sensitive: ArrayLike<unknown>,
  options: FairnessOptions = {},
): FairnessReport {
  const positive = options.positiveLabel ?? 1;
  const missing = options.missingGroup ?? 'own-group';
  if (missing !== 'own-group' && missing !== 'exclude')
    throw new MlInputError(MlInputErrorCode.InvalidParameter, 'missingGroup', "missingGroup must be 'own-group' or 'exclude'");
  const n = yTrue.length;
  if (yPred.length !== n || sensitive.length !== n)
    throw new MlInputError(
      MlInputErrorCode.InvalidParameter,
      'sensitive',
      `yTrue, yPred and sensitive must have one value per row (got ${n}, ${yPred.length} and ${sensitive.length})`,
    );
  const tallies = new Map<string, Tally>();
  let excludedRows = 0;
  for (let i = 0; i < n; i++) {
    const group = groupName(sensitive[i]);
    if (group === MISSING_GROUP && missing === 'exclude') {
      excludedRows++;
      continue;
    }
    let t = tallies.get(group);
    if (!t) tallies.set(group, (t = { count: 0, actualPositives: 0, selected: 0, truePositives: 0, falsePositives: 0 }));
    const isPositive = yTrue[i] === positive;
    const isSelected = yPred[i] === positive;
    t.count++;
    if (isPositive) t.actualPositives++;
    if (isSelected) {
      t.selected++;
      if (isPositive) t.truePositives++;
      else t.falsePositives++;
    }
  }
  if (tallies.size === 0) throw new MlInputError(MlInputErrorCode.TooFewRows, 'sensitive', 'no rows with a group to compare');

  const groups: GroupFairness[] = [...tallies.entries()]
    .sort(([a], [b]) => (a === MISSING_GROUP ? 1 : b === MISSING_GROUP ? -1 : a < b ? -1 : a > b ? 1 : 0))
    .map(([group, t]) => {
      const negatives = t.count - t.actualPositives;
      return {
        group,
        count: t.count,
        actualPositives: t.actualPositives,
        selected: t.selected,
        selectionRate: t.selected / t.count,
        truePositiveRate: t.actualPositives > 0 ? t.truePositives / t.actualPositives : null,
        falsePositiveRate: negatives > 0 ? t.falsePositives / negatives : null,
      };
    });

  const selection = range(groups.map((g) => g.selectionRate));
  const tpr = range(groups.map((g) => g.truePositiveRate));
  const fpr = range(groups.map((g) => g.falsePositiveRate));
  const ratio = selection!.max > 0 ? selection!.min / selection!.max : null;
  const tprDifference = tpr ? tpr.max - tpr.min : null;
  const fprDifference = fpr ? fpr.max - fpr.min : null;
  return {
    positiveLabel: positive,
    groups,
    demographicParityDifference: selection!.max - selection!.min,
    disparateImpactRatio: ratio,
    passesFourFifthsRule: ratio === null ? null : ratio >= FOUR_FIFTHS_THRESHOLD,
    equalOpportunityDifference: tprDifference,
    equalizedOddsDifference: tprDifference === null || fprDifference === null ? null : Math.max(tprDifference, fprDifference),
    undefinedTprGroups: groups.filter((g) => g.truePositiveRate === null).map((g) => g.group),
    undefinedFprGroups: groups.filter((g) => g.falsePositiveRate === null).map((g) => g.group),
    excludedRows,
  };
}

function groupName(value: unknown): string {
  if (value === null || value === undefined || value === '' || (typeof value === 'number' && Number.isNaN(value))) return MISSING_GROUP;
  return String(value);
}

/**
 * Smallest and largest of the defined values. With several groups, a comparison needs two
 * defined values; a single group compares with itself (difference 0), as in Fairlearn.
 */
function range(values: readonly (number | null)[]): { min: number; max: number } | null {
  const defined = values.filter((v): v is number => v !== null);
  if (defined.length < Math.min(2, values.length)) return null;
  return { min: Math.min(...defined), max: Math.max(...defined) };
}
