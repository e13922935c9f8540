import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  Metadata as MetadataKeys,
  TrainingCompleted,
  TrainingJobRequested,
  TrainingJobRequestSchema,
  TrainingProgressed,
  type TrainingDataView,
  type TrainingEvaluationView,
  type TrainingFairnessView,
  type TrainingSplit,
} from '@foresight/contracts';
import {
  MlCancelledError,
  MlInputError,
  trainClusteringModel,
  trainForecastModel,
  trainSequenceModel,
  trainTabularModel,
  type ForecastAlgorithm,
  type TabularAlgorithm,
  type TabularFairness,
  type TabularSplit,
  type TrainForecastResult,
  type TrainSequenceResult,
  type TrainTabularResult,
} from '@foresight/ml';
import { APP_CONFIG, EventPublisher, isPermanentDomainError } from '@foresight/platform';
import { Metadata } from 'nice-grpc';
import type { TrainingOrchestratorConfig } from '../config/training-orchestrator.config';
import { ExperimentsRepository } from '../experiments/experiments.repository';
import { TrainingJobsRepository, type JobProgress, type TrainingJobRow } from '../training-jobs/training-jobs.repository';
import { registrationExtras } from '../retraining/version-signature';
import { REGISTRY_CLIENT, type RegistryClient } from './registry.client';
import { TrainingDataLoader } from './training-data';

/** How long a worker waits in place for its tenant's running slot before re-queueing the job (see claimWhenFree). */
export const TENANT_SLOT_WAIT_MS = 1000;

/** Why a running job's signal was aborted when no user cancelled it. */
class JobTimedOut extends Error {
  constructor(readonly ms: number) {
    super(`timed out after ${ms} ms (TRAINING_JOB_TIMEOUT_MS)`);
  }
}

/**
 * Runs one job: claim it (so no two workers run it at once, and no tenant runs more than
 * TRAINING_MAX_CONCURRENT_PER_TENANT), train and evaluate against the baseline, register the
 * version, record the result. Bad data fails the job with the reason; so does training past
 * TRAINING_JOB_TIMEOUT_MS ("timed out after …", stopped at its next step like a cancel); anything
 * else puts it back in the queue for another attempt, up to TRAINING_MAX_ATTEMPTS.
 */
@Injectable()
export class TrainingRunner {
  private readonly logger = new Logger(TrainingRunner.name);

  constructor(
    private readonly jobs: TrainingJobsRepository,
    private readonly runs: ExperimentsRepository,
    private readonly events: EventPublisher,
    @Inject(REGISTRY_CLIENT) private readonly registry: RegistryClient,
    @Inject(APP_CONFIG) private readonly config: TrainingOrchestratorConfig,
    private readonly data: TrainingDataLoader,
  ) {}

  async run(jobId: string, heartbeat: () => Promise<void>): Promise<void> {
    const job = await this.claimWhenFree(jobId, heartbeat);
    if (!job) return;
    await this.runs.start(job.id);
    await this.progress(job, 'running');
    const cancel = new AbortController();
    // Per attempt: a job taken over after a crash gets the whole budget again.
    const timeout = setTimeout(() => cancel.abort(new JobTimedOut(this.config.TRAINING_JOB_TIMEOUT_MS)), this.config.TRAINING_JOB_TIMEOUT_MS);
    const renew = setInterval(() => {
      void heartbeat().catch(() => undefined);
      void this.jobs
        .renewLeaseAndCheckCancel(job.id)
        .then((requested) => requested && cancel.abort())
        .catch(() => undefined);
    }, Math.max(500, Math.floor(this.config.TRAINING_LEASE_MS / 4)));
    const history: Array<{ step: number; trainLoss: number }> = [];
    try {
      await this.train(job, cancel.signal, history);
    } catch (error) {
      await this.onFailure(job, error, history, cancel.signal.reason);
    } finally {
      clearInterval(renew);
      clearTimeout(timeout);
    }
  }

  /**
   * A redelivered job may still be running elsewhere (a rebalance) or be orphaned (its worker
   * crashed). Wait while another worker keeps its lease fresh; take over once it goes stale.
   *
   * A job whose tenant has no free slot (TRAINING_MAX_CONCURRENT_PER_TENANT, oldest queued job
   * first) waits here up to TENANT_SLOT_WAIT_MS, then is re-queued: its message is published
   * again, to the back of the topic, and this one is done. So a busy tenant's backlog never holds
   * a worker for long — other tenants' jobs behind it on the partition wait at most that long per
   * waiting job — and it never loses its turn: the oldest waiting job gets the next free slot
   * whichever worker sees a message of that tenant first.
   */
  private async claimWhenFree(jobId: string, heartbeat: () => Promise<void>): Promise<TrainingJobRow | null> {
    const requeueAt = Date.now() + TENANT_SLOT_WAIT_MS;
    for (;;) {
      const claim = await this.jobs.claim(jobId, this.config.TRAINING_LEASE_MS, this.config.TRAINING_MAX_CONCURRENT_PER_TENANT);
      if (claim.kind === 'claimed') return claim.job;
      const current = await this.jobs.findForWorker(jobId);
      if (claim.kind === 'busy' && current) {
        if (Date.now() >= requeueAt) {
          await this.events.publish(TrainingJobRequested, { tenantId: current.tenantId, payload: { jobId, model: current.model } });
          this.logger.log({ jobId, tenantId: current.tenantId }, 'tenant at its running-job limit; job re-queued');
          return null;
        }
        await heartbeat();
        await new Promise((r) => setTimeout(r, TENANT_SLOT_WAIT_MS / 4));
        continue;
      }
      if (!current || current.status !== 'running') {
        this.logger.log({ jobId, status: current?.status }, 'job already finished; skipping this delivery');
        return null;
      }
      await heartbeat();
      await new Promise((r) => setTimeout(r, Math.min(1000, this.config.TRAINING_LEASE_MS / 4)));
    }
  }

  private async train(job: TrainingJobRow, signal: AbortSignal, history: Array<{ step: number; trainLoss: number }>): Promise<void> {
    const spec = TrainingJobRequestSchema.parse(job.spec);
    const started = performance.now();
    const data = await this.data.load(job.tenantId, spec.dataset);
    let lastReport = 0;
    let lastStep = { epoch: 0, epochs: 0, trainLoss: 0 };
    let trials: Pick<JobProgress, 'trialsDone' | 'trialsTotal' | 'bestMetric'> = {};
    const hooks = {
      signal,
      onEpoch: async (epoch: number, epochs: number, trainLoss: number) => {
        history.push({ step: epoch, trainLoss });
        // Progress leaves at most once a second (and at the last step), not per step.
        if (Date.now() - lastReport < 1000 && epoch < epochs) return;
        lastReport = Date.now();
        lastStep = { epoch, epochs, trainLoss };
        await this.jobs.recordProgress(job.id, { ...lastStep, ...trials });
        await this.progress(job, 'running', { step: epoch, total: epochs, metric: trainLoss });
      },
    };
    const trained: Trained =
      spec.task === 'forecast'
        ? forecastOutcome(
            await trainForecastModel(data.rows, {
              target: spec.target!,
              timestampColumn: spec.timestampColumn!,
              horizon: spec.horizon!,
              algorithm: (spec.algorithm ?? 'auto') as 'auto' | ForecastAlgorithm,
              ...(spec.seriesColumn ? { seriesColumn: spec.seriesColumn } : {}),
              ...(spec.seasonLength ? { seasonLength: spec.seasonLength } : {}),
              ...(spec.split?.kind === 'time' ? { split: { kind: 'time' as const, ...(spec.split.folds ? { folds: spec.split.folds } : {}) } } : {}),
              hooks,
            }),
          )
        : spec.task === 'clustering'
          ? await trainClusteringModel(data.rows, {
              algorithm: (spec.algorithm ?? 'auto') as 'auto' | 'kmeans',
              ...(spec.features ? { features: spec.features } : {}),
              ...(spec.params ? { params: spec.params } : {}),
              hooks,
            })
          : spec.algorithm === 'lstm'
            ? await trainSequenceModel(data.rows, {
                task: spec.task as 'regression' | 'classification',
                target: spec.target!,
                ...(spec.features ? { sequenceColumn: spec.features[0]! } : {}),
                ...(spec.params ? { params: spec.params } : {}),
                ...(spec.split?.kind === 'holdout' && spec.split.testFraction !== undefined ? { testFraction: spec.split.testFraction } : {}),
                hooks,
              })
            : await trainTabularModel(data.rows, {
              task: spec.task,
              target: spec.target!,
              algorithm: (spec.algorithm ?? 'auto') as TabularAlgorithm,
              ...(spec.features ? { features: spec.features } : {}),
              ...(spec.params ? { params: spec.params } : {}),
              ...(spec.search ? { search: spec.search } : {}),
              ...(spec.split ? { split: tabularSplit(spec.split) } : {}),
              ...(spec.sensitiveAttribute ? { sensitiveAttribute: spec.sensitiveAttribute } : {}),
              ...(spec.positiveLabel ? { positiveLabel: spec.positiveLabel } : {}),
              onTrial: async ({ trialsDone, trialsTotal, bestMetric }) => {
                trials = { trialsDone, trialsTotal, bestMetric };
                await this.jobs.recordProgress(job.id, { ...lastStep, ...trials });
              },
              hooks,
            });
    const metrics = { ...trained.metrics };
    const version = await this.registry.registerModelVersion(
      {
        model: spec.model,
        task: spec.task,
        algorithm: trained.algorithm,
        features: trained.features,
        featureView: spec.featureView ?? spec.model,
        metrics: { ...metrics, baseline: trained.baseline.metrics, rowsUsed: trained.trainingData.rowsUsed, ...(trained.classes ? { classes: trained.classes } : {}) },
        artifact: Buffer.from(trained.artifact),
        trainingJobId: job.id,
        // Retraining: signature and training-data statistics; a triggered job's version is a candidate.
        ...registrationExtras(job, spec, data.rows, trained),
      },
      { metadata: Metadata({ [MetadataKeys.TenantId]: job.tenantId }) },
    );
    await this.runs.finish(job.id, {
      status: 'succeeded',
      algorithm: trained.algorithm,
      params: { algorithm: trained.algorithm, ...trained.params },
      dataset: { hash: trained.trainingData.hash, rows: trained.trainingData.rows, ...(data.source ? { name: data.source.name, version: data.source.version } : {}) },
      metrics,
      baseline: { algorithm: trained.baseline.algorithm, metrics: { ...trained.baseline.metrics } },
      features: trained.features,
      modelVersion: version.version,
      history,
    });
    await this.jobs.finish(job.id, 'succeeded', {
      result: {
        modelVersion: version.version,
        algorithm: trained.algorithm,
        metrics,
        baseline: { algorithm: trained.baseline.algorithm, metrics: { ...trained.baseline.metrics } },
        featureImportance: trained.featureImportance,
        candidates: trained.candidates.map((c) => ({ algorithm: c.algorithm, validation: { ...c.validation } })),
        ...(trained.search ? { search: searchSummary(trained.search) } : {}),
        rowsUsed: trained.trainingData.rowsUsed,
        rowsDroppedMissingTarget: trained.trainingData.rowsDroppedMissingTarget,
        data: dataView(trained),
        ...(trained.series ? { series: trained.series, seriesSkipped: trained.seriesSkipped ?? [] } : {}),
        ...(trained.evaluation ? { evaluation: evaluationView(trained.evaluation) } : {}),
        ...(trained.fairness ? { fairness: fairnessView(trained.fairness) } : {}),
      },
    });
    this.logger.log(
      {
        jobId: job.id,
        model: spec.model,
        version: version.version,
        metrics,
        baseline: trained.baseline.metrics,
        ms: Math.round(performance.now() - started),
      },
      'training job succeeded',
    );
    await this.events.publish(TrainingCompleted, {
      tenantId: job.tenantId,
      payload: { jobId: job.id, model: spec.model, modelVersion: version.version, metrics },
    });
    await this.progress(job, 'succeeded');
  }

  private async onFailure(job: TrainingJobRow, error: unknown, history: Array<{ step: number; trainLoss: number }>, abortReason: unknown): Promise<void> {
    const reason = error instanceof Error ? error.message : String(error);
    if (error instanceof MlCancelledError && abortReason instanceof JobTimedOut) {
      this.logger.warn({ jobId: job.id, epochs: history.length, timeoutMs: abortReason.ms }, 'training job timed out');
      await this.jobs.finish(job.id, 'failed', { error: abortReason.message });
      await this.runs.finish(job.id, { status: 'failed', history });
      await this.progress(job, 'failed');
      return;
    }
    if (error instanceof MlCancelledError) {
      this.logger.log({ jobId: job.id, epochs: history.length }, 'training job cancelled');
      await this.jobs.finish(job.id, 'cancelled', {});
      await this.runs.finish(job.id, { status: 'cancelled', history });
      await this.progress(job, 'cancelled');
      return;
    }
    // Bad data, or a service refusing the result (the registry rejecting the version), will not change on retry.
    if (error instanceof MlInputError || isPermanentDomainError(error) || job.attempts >= this.config.TRAINING_MAX_ATTEMPTS) {
      const message =
        error instanceof MlInputError ? `${error.field}: ${reason}` : isPermanentDomainError(error) ? reason : `gave up after ${job.attempts} attempts: ${reason}`;
      this.logger.warn({ jobId: job.id, reason: message }, 'training job failed');
      await this.jobs.finish(job.id, 'failed', { error: message });
      await this.runs.finish(job.id, { status: 'failed', history });
      await this.progress(job, 'failed');
      return;
    }
    this.logger.warn({ err: error, jobId: job.id, attempt: job.attempts }, 'training attempt failed; job re-queued');
    await this.jobs.requeue(job.id, reason);
    throw error; // not committed: the consumer retries the message, which re-claims the job
  }

  private progress(
    job: TrainingJobRow,
    status: 'running' | 'succeeded' | 'failed' | 'cancelled',
    progress?: { step: number; total: number; metric: number },
  ): Promise<unknown> {
    return this.events
      .publish(TrainingProgressed, { tenantId: job.tenantId, payload: { jobId: job.id, model: job.model, status, ...(progress ? { progress } : {}) } })
      .catch((err: unknown) => this.logger.warn({ err, jobId: job.id }, 'progress event not published'));
  }
}

/** What the job reports about a search: counts and the best trial (the trials themselves are in the run). */
function searchSummary(search: NonNullable<TrainTabularResult['search']>) {
  const count = (state: string) => search.trials.filter((t) => t.state === state).length;
  const best = search.trials.find((t) => t.number === search.bestTrial);
  return {
    strategy: search.strategy,
    metric: search.metric,
    trials: search.trials.length,
    pruned: count('pruned'),
    failed: count('failed'),
    bestTrial: search.bestTrial,
    bestValue: best?.value ?? null,
  };
}

/** What the runner registers and records, whichever trainer made it. */
type Trained = Omit<TrainTabularResult, 'task' | 'algorithm' | 'baseline' | 'candidates' | 'trainingData' | 'evaluation'> & {
  task: string;
  algorithm: string;
  baseline: { algorithm: string; metrics: Record<string, number> };
  candidates: ReadonlyArray<{ algorithm: string; validation: Record<string, number> }>;
  trainingData: { rows: number; hash: string; rowsUsed: number; rowsDroppedMissingTarget: number };
  series?: string[];
  seriesSkipped?: string[];
  evaluation?: TrainTabularResult['evaluation'] | TrainForecastResult['evaluation'];
  sequences?: TrainSequenceResult['sequences'];
};

/** The contract's split as the tabular trainer takes it (the contract has already required a time split's column). */
function tabularSplit(split: TrainingSplit): TabularSplit {
  switch (split.kind) {
    case 'holdout':
      return { kind: 'holdout', ...(split.testFraction !== undefined ? { testFraction: split.testFraction } : {}) };
    case 'kfold':
      return { kind: 'kfold', ...(split.folds !== undefined ? { folds: split.folds } : {}) };
    case 'time':
      return { kind: 'time', column: split.column!, ...(split.folds !== undefined ? { folds: split.folds } : {}) };
  }
}

function evaluationView(e: NonNullable<Trained['evaluation']>): TrainingEvaluationView {
  const { perFold, ...rest } = e;
  return { ...rest, ...(perFold ? { perFold: perFold.map((f) => ({ ...f })) } : {}) };
}

function fairnessView(f: TabularFairness): TrainingFairnessView {
  return { ...f, groups: f.groups.map((g) => ({ ...g })), undefinedTprGroups: [...f.undefinedTprGroups], undefinedFprGroups: [...f.undefinedFprGroups] };
}

/** A forecaster has no input features or importance; its series are what it can answer for. */
function forecastOutcome(f: TrainForecastResult): Trained {
  return {
    ...f,
    // A forecast is asked for by series: its one input is the series column, if any.
    features: f.seriesColumn === null ? [] : [f.seriesColumn],
    featureImportance: {},
    trainingData: { rows: f.trainingData.rows, hash: f.trainingData.hash, rowsUsed: f.trainingData.rowsUsed, rowsDroppedMissingTarget: f.trainingData.rowsDropped },
    seriesSkipped: f.trainingData.seriesSkipped,
  };
}

/** The job view's account of the rows: how many were sent, used, and left out for which reason. */
function dataView(trained: Trained): TrainingDataView {
  const dropped: Record<string, number> = {};
  const add = (reason: string, n: number | undefined) => {
    if (n) dropped[reason] = (dropped[reason] ?? 0) + n;
  };
  // A forecast row is dropped when its timestamp, target or series key cannot be read.
  add(trained.task === 'forecast' ? 'missingTimestampTargetOrSeries' : 'missingTarget', trained.trainingData.rowsDroppedMissingTarget);
  add('missingSequence', trained.sequences?.rowsDroppedMissingSequence);
  add('invalidSequence', trained.sequences?.rowsDroppedInvalidSequence);
  return { rows: trained.trainingData.rows, rowsUsed: trained.trainingData.rowsUsed, dropped };
}
