import type { ModelSignature, TrainingJobRequest, TrainingStatistics } from '@foresight/contracts';
import { inferColumnTypes, type ColumnType } from '@foresight/ml';
import { describeTrainingData } from './training-data-statistics';

/** What the runner knows of a trained model, whichever trainer made it. */
export interface TrainedModelShape {
  /** The model's input columns (a forecaster's: its series column, if any). */
  features: readonly string[];
  classes?: readonly string[];
  metrics: Readonly<Record<string, number>>;
}

export interface VersionDescription {
  signature: ModelSignature;
  trainingStats: TrainingStatistics;
}

/**
 * The signature (inputs with their types, and what comes out) and the training-data statistics
 * registered with a version: what a caller must send, and the reference monitoring compares live
 * inputs with. Input types are inferred from the training rows as the trainers infer them; a
 * forecaster's series column is a key, so it is categorical whatever its values look like.
 */
export function describeVersion(spec: Pick<TrainingJobRequest, 'task' | 'target' | 'horizon' | 'timestampColumn'>, rows: readonly unknown[], trained: TrainedModelShape): VersionDescription {
  const forecast = spec.task === 'forecast';
  const inferred = inferColumnTypes(rows, trained.features);
  const inputs = trained.features.map((name) => ({
    name,
    type: forecast ? ('categorical' as const) : (inferred[name] ?? 'numeric'),
    role: forecast ? ('series' as const) : ('feature' as const),
  }));
  const target: { name: string; type: ColumnType } | undefined =
    spec.target === undefined ? undefined : { name: spec.target, type: spec.task === 'classification' ? 'categorical' : 'numeric' };
  return {
    signature: { inputs, output: outputOf(spec, trained) },
    trainingStats: describeTrainingData(rows, inputs, target),
  };
}

function outputOf(spec: Pick<TrainingJobRequest, 'task' | 'target' | 'horizon' | 'timestampColumn'>, trained: TrainedModelShape): ModelSignature['output'] {
  switch (spec.task) {
    case 'regression':
      return { kind: 'value', target: spec.target! };
    case 'classification':
      return { kind: 'label', target: spec.target!, classes: [...(trained.classes ?? [])] };
    case 'clustering': {
      const k = trained.metrics['k'];
      return { kind: 'cluster', ...(Number.isInteger(k) && k! > 0 ? { clusters: k } : {}) };
    }
    case 'forecast':
      return { kind: 'forecast', target: spec.target!, horizon: spec.horizon!, timestampColumn: spec.timestampColumn! };
  }
}

/**
 * What the runner adds to a version's registration: its signature and training-data statistics,
 * and `candidate` for a job started by a schedule or an alert (its `trigger`), which the
 * registry then never deploys by itself.
 */
export function registrationExtras(
  job: { trigger: unknown },
  spec: Pick<TrainingJobRequest, 'task' | 'target' | 'horizon' | 'timestampColumn'>,
  rows: readonly unknown[],
  trained: TrainedModelShape,
): VersionDescription & { candidate: boolean } {
  return { ...describeVersion(spec, rows, trained), candidate: job.trigger !== null && job.trigger !== undefined };
}
