import { Injectable } from '@nestjs/common';
import { grpc, TrainingJobStatusSchema, type TrainingEvaluationView, type TrainingDataView, type TrainingFairnessView, type TrainingJobRequest, type TrainingJobView } from '@foresight/contracts';
import { Upstreams } from '../upstream/upstreams';

@Injectable()
export class TrainingJobsService {
  constructor(private readonly upstreams: Upstreams) {}

  async submit(request: TrainingJobRequest): Promise<{ id: string; status: string }> {
    const job = await this.upstreams.training.submitTrainingJob({ spec: request });
    return { id: job.id, status: job.status };
  }

  async get(id: string): Promise<TrainingJobView> {
    return toView(await this.upstreams.training.getTrainingJob({ id }));
  }

  async cancel(id: string): Promise<TrainingJobView> {
    return toView(await this.upstreams.training.cancelTrainingJob({ id }));
  }
}

function toView(job: grpc.TrainingJob): TrainingJobView {
  return {
    id: job.id,
    model: job.model,
    status: TrainingJobStatusSchema.parse(job.status),
    ...(job.result
      ? {
          result: {
            modelVersion: job.result.modelVersion,
            algorithm: job.result.algorithm,
            metrics: (job.result.metrics ?? {}) as Record<string, number>,
            baseline: (job.result.baseline ?? { algorithm: 'none', metrics: {} }) as { algorithm: string; metrics: Record<string, number> },
            featureImportance: (job.result.featureImportance ?? {}) as Record<string, number>,
            candidates: job.result.candidates as Array<{ algorithm: string; validation: Record<string, number> }>,
            ...(job.result.series.length ? { series: job.result.series, seriesSkipped: job.result.seriesSkipped } : {}),
            ...(job.result.search ? { search: job.result.search as NonNullable<NonNullable<TrainingJobView['result']>['search']> } : {}),
            // Structs whose shape the orchestrator wrote from the same contract types.
            ...(job.result.evaluation ? { evaluation: job.result.evaluation as TrainingEvaluationView } : {}),
            ...(job.result.fairness ? { fairness: job.result.fairness as TrainingFairnessView } : {}),
            ...(job.result.data ? { data: job.result.data as TrainingDataView } : {}),
          },
        }
      : {}),
    ...(job.progress && job.status === 'running'
      ? {
          progress: {
            epoch: job.progress.epoch,
            epochs: job.progress.epochs,
            trainLoss: job.progress.trainLoss,
            ...(job.progress.trialsDone !== undefined ? { trialsDone: job.progress.trialsDone, trialsTotal: job.progress.trialsTotal ?? null, bestMetric: job.progress.bestMetric ?? null } : {}),
          },
        }
      : {}),
    ...(job.cancelRequested && job.status === 'running' ? { cancelRequested: true } : {}),
    ...(job.error ? { error: job.error } : {}),
    attempts: job.attempts,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
  };
}
