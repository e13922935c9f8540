import type { ColumnType } from '../frame/column-types';

export type TabularTask = 'regression' | 'classification';

/** The model families an artifact can hold. */
export type ModelAlgorithm = 'gbdt' | 'linear' | 'mlp';

/** What a serving process needs to know about a model to call it and to present its answers. */
export interface ModelInfo {
  task: TabularTask;
  algorithm: ModelAlgorithm;
  target: string;
  /** Input columns, with the type each was read as in training. */
  features: readonly { name: string; type: ColumnType }[];
  /** Classification: the labels as strings, index k being class k of `predict` and column k of `predictProba`. */
  classes?: readonly string[];
}

/** Coverage levels, in percent, of the split-conformal intervals a regression artifact carries. */
export const INTERVAL_LEVELS_PERCENT: readonly number[] = [80, 95];

export const MODEL_ALGORITHMS: readonly ModelAlgorithm[] = ['gbdt', 'linear', 'mlp'];
export const TABULAR_TASKS: readonly TabularTask[] = ['regression', 'classification'];
