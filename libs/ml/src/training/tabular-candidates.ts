import { gbdtMatrixModel, linearMatrixModel, mlpMatrixModel, type MatrixModel, type TabularModelJSON } from '../artifact/matrix-model';
import type { ModelAlgorithm, TabularTask } from '../artifact/model-info';
import { initMlBackend, type MlBackend } from '../backend/ml-backend';
import { MlInputError, MlInputErrorCode } from '../errors/ml-input.error';
import { TrialPruned } from '../hpo/trial';
import { multiclassLogLoss } from '../metrics/classification/probability-metrics';
import { fitElasticNet } from '../models/linear/elastic-net';
import { fitLinearRegression, type LinearRegressor } from '../models/linear/linear-regressor';
import { fitLogisticRegression, type LogisticRegression } from '../models/linear/logistic-regression';
import { fitSoftmaxRegression, type SoftmaxRegression } from '../models/linear/softmax-regression';
import { fitMlpRegressor, type MlpRegressorState } from '../models/mlp-regressor';
import { meanAndStd } from '../preprocessing/statistics';
import { fitGbdtStepwise } from './fit-gbdt-stepwise';
import { fitMlpStepwise } from './fit-mlp-stepwise';
import type { StepProgress } from './step-progress';
import type { LabelledMatrix } from './tabular-evaluation';
import type { CandidateParams } from './tabular-params';

export interface CandidateData {
  readonly task: TabularTask;
  /** Number of classes; null for regression. */
  readonly classes: number | null;
  /** Rows the model is fitted on. */
  readonly fit: LabelledMatrix;
  /** Rows held back for early stopping; may be empty. */
  readonly validation: LabelledMatrix;
}

export type FittedCandidate =
  | { readonly algorithm: 'gbdt' | 'linear'; readonly model: MatrixModel; readonly params: Record<string, unknown>; readonly json: TabularModelJSON }
  | {
      readonly algorithm: 'mlp';
      readonly model: MatrixModel;
      readonly params: Record<string, unknown>;
      readonly state: MlpRegressorState;
      readonly backend: MlBackend;
    };

/** Steps a candidate reports at most: one per boosting round or epoch, one for a linear fit. */
export function plannedSteps(algorithm: ModelAlgorithm, params: CandidateParams): number {
  return algorithm === 'gbdt' ? params.gbdt!.maxIterations : algorithm === 'mlp' ? params.mlp!.epochs : 1;
}

/**
 * Sees the validation loss of a model in training after each GBDT round or MLP epoch (`step`):
 * RMSE for regression, mean log loss for classification, as `selectionLoss` measures the
 * finished model. Returning true stops the fit there with TrialPruned (unless it was the last step).
 */
export type ValidationWatch = (step: number, validationLoss: number) => boolean;

/**
 * Fits one candidate on `data.fit`, reporting each step to `progress` with the training loss in
 * one unit across algorithms: for regression the mean squared error of the standardised target
 * ((y − ŷ)² / σ², the loss the MLP trains on), for classification the mean log loss. With a
 * `watch`, GBDT and the MLP also score the validation rows at every step (a linear fit has no
 * steps to watch); a step the watch stops at is reported as the model's last.
 */
export async function fitCandidate(
  algorithm: ModelAlgorithm,
  data: CandidateData,
  params: CandidateParams,
  progress: StepProgress,
  watch?: ValidationWatch,
): Promise<FittedCandidate> {
  progress.throwIfCancelled();
  const { fit } = data;
  const variance = data.task === 'regression' ? meanAndStd(fit.y).std ** 2 : 1;
  switch (algorithm) {
    case 'gbdt': {
      const p = params.gbdt!;
      const model = await fitGbdtStepwise(
        fit.x.data,
        fit.x.rows,
        fit.x.cols,
        fit.y,
        p,
        // A refit on all rows (cross-validation) has no validation rows: it runs the rounds its params fix.
        data.validation.x.rows > 0 ? { x: data.validation.x.data, rows: data.validation.x.rows, y: data.validation.y } : undefined,
        {
          ...(progress.signal ? { signal: progress.signal } : {}),
          onIteration: async (i, loss, last, validLoss) => {
            // The regression objective's validation loss is the mean squared error; its root is the RMSE.
            const stop = watch !== undefined && validLoss !== null && watch(i, data.task === 'regression' ? Math.sqrt(validLoss) : validLoss) && !last;
            await progress.step(i, loss / variance, last || stop);
            if (stop) throw new TrialPruned();
          },
        },
      );
      return { algorithm, model: gbdtMatrixModel(model), params: { ...p }, json: model.toJSON() };
    }
    case 'linear': {
      const p = params.linear!;
      const model = fitLinear(data, p.l2, p.l1);
      const matrixModel = linearMatrixModel(model);
      await progress.step(1, trainingLoss(matrixModel, fit, data.classes) / variance, true);
      return { algorithm, model: matrixModel, params: { ...p }, json: model.toJSON() };
    }
    case 'mlp': {
      const p = params.mlp!;
      const backend = await initMlBackend();
      const state =
        watch === undefined
          ? await fitMlpRegressor(fit.x, fit.y, p, progress.hooksForEpochs())
          : await fitMlpStepwise(fit.x, fit.y, p, data.validation, {
              ...(progress.signal ? { signal: progress.signal } : {}),
              onEpoch: async (epoch, epochs, trainLoss, validationRmse) => {
                const stop = watch(epoch, validationRmse) && epoch < epochs;
                await progress.step(epoch, trainLoss, epoch === epochs || stop);
                if (stop) throw new TrialPruned();
              },
            });
      assertMlpFinite(state);
      return { algorithm, model: mlpMatrixModel(state.layers, state.targetScaling), params: { ...p, hiddenUnits: [...p.hiddenUnits] }, state, backend };
    }
  }
}

/** A learning rate too large for the data sends the weights to infinity; say which parameter to change. */
export function assertMlpFinite(state: MlpRegressorState): void {
  if (!state.layers.every((l) => l.kernel.every(Number.isFinite) && l.bias.every(Number.isFinite)))
    throw new MlInputError(
      MlInputErrorCode.TrainingDiverged,
      'params.learningRate',
      'Training diverged (weights became infinite); try a smaller learning rate',
    );
}

/**
 * The penalties of ResolvedLinearParams mapped onto each solver's own convention (see
 * tabular-params.ts): ridge's Σ(y − ŷ)² + λ‖β‖² takes λ = n·l2; elastic net and logistic
 * regression take λ = l1 + l2 with the L1 share l1 / (l1 + l2); softmax takes λ = l2. The
 * preprocessed columns are penalised as they are (standardize: false), numeric ones being
 * standardised already.
 */
function fitLinear(data: CandidateData, l2: number, l1: number): LinearRegressor | LogisticRegression | SoftmaxRegression {
  const { x, y } = data.fit;
  const lambda = l1 + l2;
  if (data.task === 'regression')
    return l1 === 0 ? fitLinearRegression(x, y, { l2: x.rows * l2 }) : fitElasticNet(x, y, { lambda, l1Ratio: l1 / lambda, standardize: false });
  if (data.classes === 2) {
    if (l1 === 0) return fitLogisticRegression(x, y, { penalty: 'l2', lambda: l2, standardize: false });
    return fitLogisticRegression(x, y, l2 === 0 ? { penalty: 'l1', lambda: l1, standardize: false } : { penalty: 'elasticnet', lambda, l1Ratio: l1 / lambda, standardize: false });
  }
  return fitSoftmaxRegression(x, y, { lambda: l2, classes: data.classes!, standardize: false });
}

function trainingLoss(model: MatrixModel, data: LabelledMatrix, classes: number | null): number {
  if (model.kind === 'classifier') return multiclassLogLoss(data.y, model.predictProba(data.x), classes!);
  const predicted = model.predict(data.x);
  let ss = 0;
  for (let i = 0; i < predicted.length; i++) ss += (data.y[i] - predicted[i]) ** 2;
  return ss / predicted.length;
}
