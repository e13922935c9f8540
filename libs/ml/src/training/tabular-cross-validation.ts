import type { ModelAlgorithm, TabularTask } from '../artifact/model-info';
import { MlInputError } from '../errors/ml-input.error';
import type { GbdtModelJSON } from '../models/gbdt/gbdt-model';
import type { TabularPreprocessor } from '../preprocessing/tabular-preprocessor';
import { deriveSeed } from '../random/prng';
import type { StepProgress } from './step-progress';
import { fitCandidate, type CandidateData, type FittedCandidate } from './tabular-candidates';
import { meanAndStd } from './fold-scores';
import { baselineScores, columnImportance, scoreModel, selectionLoss, type LabelledMatrix } from './tabular-evaluation';
import { fitTrainingPreprocessor, type TargetRow } from './tabular-input';
import type { CandidateParams } from './tabular-params';
import type { EvaluationFold } from './tabular-split';

export interface FoldRun {
  readonly task: TabularTask;
  /** Number of classes; null for regression. */
  readonly classes: number | null;
  readonly requested: readonly string[];
  readonly target: string;
  /** Families to fit on every fold, in order (the earlier wins a tie). */
  readonly toRun: readonly ModelAlgorithm[];
  readonly params: CandidateParams;
  /** 'auto' passes over a family the data defeats on a fold; a named algorithm fails the training instead. */
  readonly auto: boolean;
  readonly progress: StepProgress;
}

/** A family fitted on one fold's fitting rows, scored on its validation and test rows. */
interface FoldFit {
  readonly candidate: FittedCandidate;
  readonly validation: Record<string, number>;
  readonly test: ReturnType<typeof scoreModel>;
}

interface FoldOutcome {
  readonly fold: EvaluationFold;
  readonly preprocessor: TabularPreprocessor;
  readonly test: LabelledMatrix;
  readonly fits: ReadonlyMap<ModelAlgorithm, FoldFit>;
  /** The family this fold's validation rows chose (lowest RMSE or log loss). */
  readonly winner: ModelAlgorithm;
  readonly baseline: Record<string, number>;
}

export interface CrossValidationSummary {
  /** The family with the lowest selection loss averaged over the folds' validation rows: the one refitted on all rows. */
  readonly family: ModelAlgorithm;
  /** Every family that trained on every fold, with its validation scores averaged over the folds. */
  readonly candidates: { algorithm: ModelAlgorithm; validation: Record<string, number> }[];
  /** Mean and population standard deviation over folds of the test scores of each fold's own choice. */
  readonly metrics: Record<string, number>;
  readonly metricsStd: Record<string, number>;
  readonly baseline: Record<string, number>;
  readonly baselineStd: Record<string, number>;
  readonly perFold: { trainRows: number; validationRows: number; testRows: number; algorithm: ModelAlgorithm; metrics: Record<string, number>; period?: { from: number; to: number } }[];
  /** Every tested row once, with the prediction of its fold's choice (probabilities for classification): what the metrics scored. */
  readonly heldOut: { rows: unknown[]; y: Float64Array; predictions: Float64Array };
  /** Regression: the chosen family's out-of-fold targets and predictions, for cross-conformal intervals. */
  readonly familyOutOfFold: { y: Float64Array; predictions: Float64Array };
  /** Permutation importance of the chosen family's fold models on their test rows, averaged over folds. */
  readonly featureImportance: Record<string, number>;
  /** GBDT: the median over folds of the rounds early stopping kept, which the refit on all rows runs without validation rows. */
  readonly gbdtRounds?: number;
}

/**
 * Fits every family on every fold (preprocessing fitted on the fold's fitting rows only) and
 * keeps what the summary needs. The fold's validation rows stop GBDT early and choose the
 * fold's family; its test rows score every family but choose nothing.
 */
export async function evaluateFolds(folds: readonly EvaluationFold[], run: FoldRun): Promise<FoldOutcome[]> {
  const outcomes: FoldOutcome[] = [];
  let firstFailure: unknown;
  for (const fold of folds) {
    const { preprocessor } = fitTrainingPreprocessor(
      fold.fit.map((u) => u.row),
      run.requested,
      run.target,
    );
    const encode = (part: readonly TargetRow[]): LabelledMatrix => ({ x: preprocessor.transform(part.map((u) => u.row)), y: Float64Array.from(part, (u) => u.y) });
    const data: CandidateData = { task: run.task, classes: run.classes, fit: encode(fold.fit), validation: encode(fold.validation) };
    const test = encode(fold.test);
    const fits = new Map<ModelAlgorithm, FoldFit>();
    for (const algorithm of run.toRun) {
      try {
        const candidate = await fitCandidate(algorithm, data, run.params, run.progress);
        fits.set(algorithm, { candidate, validation: scoreModel(candidate.model, data.validation).scores, test: scoreModel(candidate.model, test) });
      } catch (error) {
        if (!run.auto || !(error instanceof MlInputError)) throw error;
        firstFailure ??= error;
        run.progress.skip();
      }
    }
    if (fits.size === 0) throw firstFailure;
    const winner = [...fits].reduce((best, c) => (selectionLoss(run.task, c[1].validation) < selectionLoss(run.task, best[1].validation) ? c : best))[0];
    outcomes.push({ fold, preprocessor, test, fits, winner, baseline: baselineScores(run.task, data.fit.y, test.y, run.classes).metrics });
  }
  return outcomes;
}

/**
 * What the folds say. Nested selection: each fold's reported score is that of the family its own
 * validation rows chose, so no test row ever influenced the choice it scores; the mean over
 * folds estimates how well 'auto' itself generalises. The family refitted on all rows is the one
 * with the best mean validation loss (the earlier in `toRun` on a tie).
 */
export function summariseFolds(outcomes: readonly FoldOutcome[], run: FoldRun, seed: number): CrossValidationSummary {
  const everywhere = run.toRun.filter((a) => outcomes.every((o) => o.fits.has(a)));
  const candidates = everywhere.map((algorithm) => ({ algorithm, validation: meanAndStd(outcomes.map((o) => o.fits.get(algorithm)!.validation)).mean }));
  if (candidates.length === 0) throw new Error('no family trained on every fold');
  const family = candidates.reduce((best, c) => (selectionLoss(run.task, c.validation) < selectionLoss(run.task, best.validation) ? c : best)).algorithm;
  const metrics = meanAndStd(outcomes.map((o) => o.fits.get(o.winner)!.test.scores));
  const baseline = meanAndStd(outcomes.map((o) => o.baseline));
  const importance = outcomes.map((o, f) => columnImportance(o.fits.get(family)!.candidate.model, o.preprocessor, o.test, deriveSeed(seed, `importance-${f}`)));
  const rounds =
    family === 'gbdt' ? median(outcomes.map((o) => (o.fits.get('gbdt')!.candidate as { json: GbdtModelJSON }).json.bestIteration)) : undefined;
  return {
    family,
    candidates,
    metrics: metrics.mean,
    metricsStd: metrics.std,
    baseline: baseline.mean,
    baselineStd: baseline.std,
    perFold: outcomes.map((o) => ({
      trainRows: o.fold.fit.length,
      validationRows: o.fold.validation.length,
      testRows: o.fold.test.length,
      algorithm: o.winner,
      metrics: o.fits.get(o.winner)!.test.scores,
      ...(o.fold.period ? { period: o.fold.period } : {}),
    })),
    heldOut: {
      rows: outcomes.flatMap((o) => o.fold.test.map((u) => u.row)),
      y: concat(outcomes.map((o) => o.test.y)),
      predictions: concat(outcomes.map((o) => o.fits.get(o.winner)!.test.predictions)),
    },
    familyOutOfFold: { y: concat(outcomes.map((o) => o.test.y)), predictions: concat(outcomes.map((o) => o.fits.get(family)!.test.predictions)) },
    featureImportance: meanAndStd(importance).mean,
    ...(rounds !== undefined ? { gbdtRounds: Math.max(1, Math.round(rounds)) } : {}),
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function concat(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
