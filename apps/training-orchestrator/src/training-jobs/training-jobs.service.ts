import { Inject, Injectable } from '@nestjs/common';
import { grpc, TrainingJobRequested, TrainingJobRequestSchema, TrainingJobStatusSchema, type RetrainingTrigger } from '@foresight/contracts';
import { APP_CONFIG, EventPublisher, parseOrThrow } from '@foresight/platform';
import { z } from 'zod';
import type { TrainingOrchestratorConfig } from '../config/training-orchestrator.config';
import { ExperimentsRepository } from '../experiments/experiments.repository';
import { TrainingDatasetTooLargeException, TrainingJobFinishedException, TrainingJobNotFoundException } from './training-jobs.exception';
import { TrainingJobsRepository, type TrainingJobRow, type TrainingResultRecord } from './training-jobs.repository';

@Injectable()
export class TrainingJobsService {
  constructor(
    private readonly repository: TrainingJobsRepository,
    private readonly events: EventPublisher,
    private readonly experiments: ExperimentsRepository,
    @Inject(APP_CONFIG) private readonly config: Pick<TrainingOrchestratorConfig, 'TRAINING_MAX_ROWS'>,
  ) {}

  /**
   * Stores the job, then queues it on Kafka. If Kafka refuses, the job row is removed again and
   * the caller gets the error: a job is either accepted and queued, or not accepted at all.
   * Schedules and alert policies submit here too, with the `trigger` recorded on the job.
   */
  async submit(tenantId: string, spec: unknown, trigger?: RetrainingTrigger): Promise<grpc.TrainingJob> {
    const request = parseOrThrow(TrainingJobRequestSchema, spec, 'training job');
    const inline = request.dataset.rows;
    if (inline && inline.length > this.config.TRAINING_MAX_ROWS) throw new TrainingDatasetTooLargeException(inline.length, this.config.TRAINING_MAX_ROWS);
    const job = await this.repository.create(tenantId, request, trigger);
    try {
      await this.experiments.createRun(tenantId, request.experiment ?? request.model, {
        id: job.id,
        model: request.model,
        params: { algorithm: request.algorithm ?? 'auto', ...(request.params ?? {}) },
      });
      await this.events.publish(TrainingJobRequested, { tenantId, payload: { jobId: job.id, model: job.model } });
    } catch (error) {
      await this.repository.delete(job.id);
      throw error;
    }
    return toTrainingJob(job);
  }

  async cancel(tenantId: string, id: string): Promise<grpc.TrainingJob> {
    if (!z.uuid().safeParse(id).success) throw new TrainingJobNotFoundException(id);
    const outcome = await this.repository.requestCancel(tenantId, id);
    if (outcome.kind === 'missing') throw new TrainingJobNotFoundException(id);
    if (outcome.kind === 'ended') throw new TrainingJobFinishedException(id, outcome.status);
    if (outcome.kind === 'cancelled') await this.experiments.finish(id, { status: 'cancelled' });
    return this.get(tenantId, id);
  }

  async get(tenantId: string, id: string): Promise<grpc.TrainingJob> {
    if (!z.uuid().safeParse(id).success) throw new TrainingJobNotFoundException(id);
    const job = await this.repository.find(tenantId, id);
    if (!job) throw new TrainingJobNotFoundException(id);
    return toTrainingJob(job);
  }
}

export function toTrainingJob(job: TrainingJobRow): grpc.TrainingJob {
  const result = job.result as TrainingResultRecord | null;
  return {
    id: job.id,
    model: job.model,
    status: TrainingJobStatusSchema.parse(job.status),
    result: result
      ? {
          modelVersion: result.modelVersion,
          algorithm: result.algorithm,
          metrics: result.metrics,
          baseline: result.baseline,
          featureImportance: result.featureImportance ?? {},
          candidates: result.candidates ?? [],
          search: result.search,
          evaluation: result.evaluation,
          fairness: result.fairness,
          data: result.data,
          series: result.series ?? [],
          seriesSkipped: result.seriesSkipped ?? [],
        }
      : undefined,
    error: job.status === 'failed' ? (job.error ?? '') : '',
    progress: (job.progress as grpc.TrainingProgress | null) ?? undefined,
    cancelRequested: job.cancelRequested,
    attempts: job.attempts,
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
  };
}
