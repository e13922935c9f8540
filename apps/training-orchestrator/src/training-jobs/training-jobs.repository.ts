import { Injectable } from '@nestjs/common';
import type { RetrainingTrigger, TrainingDataView, TrainingEvaluationView, TrainingFairnessView, TrainingJobRequest, TrainingJobStatus } from '@foresight/contracts';
import { PrismaService } from '@foresight/platform';
import type { Prisma } from '@foresight/platform/prisma';

export type TrainingJobRow = Prisma.TrainingJobGetPayload<object>;

export interface TrainingResultRecord {
  modelVersion: number;
  algorithm: string;
  metrics: Record<string, number>;
  baseline: { algorithm: string; metrics: Record<string, number> };
  featureImportance: Record<string, number>;
  candidates: Array<{ algorithm: string; validation: Record<string, number> }>;
  search?: { strategy: string; metric: string; trials: number; pruned: number; failed: number; bestTrial: number; bestValue: number | null };
  rowsUsed: number;
  rowsDroppedMissingTarget?: number;
  series?: string[];
  seriesSkipped?: string[];
  evaluation?: TrainingEvaluationView;
  fairness?: TrainingFairnessView;
  data?: TrainingDataView;
}

export interface JobProgress {
  epoch: number;
  epochs: number;
  trainLoss: number;
  trialsDone?: number;
  trialsTotal?: number | null;
  bestMetric?: number | null;
}

/** busy: the job is queued but its tenant has no free running slot for it yet. */
export type ClaimOutcome = { kind: 'claimed'; job: TrainingJobRow } | { kind: 'busy' } | { kind: 'unavailable' };

export type CancelOutcome = { kind: 'cancelled' } | { kind: 'flagged' } | { kind: 'ended'; status: string } | { kind: 'missing' };

/** Training jobs (`training` schema). Every read is scoped by tenant; workers claim by lease. */
@Injectable()
export class TrainingJobsRepository {
  constructor(private readonly prisma: PrismaService) {}

  create(tenantId: string, spec: TrainingJobRequest, trigger?: RetrainingTrigger): Promise<TrainingJobRow> {
    return this.prisma.trainingJob.create({
      data: { tenantId, model: spec.model, status: 'queued', spec: spec as unknown as Prisma.InputJsonObject, ...(trigger ? { trigger } : {}) },
    });
  }

  /** Undoes an accepted job whose queueing failed (its run, if any, goes with it). */
  async delete(id: string): Promise<void> {
    await this.prisma.$transaction([this.prisma.run.deleteMany({ where: { id } }), this.prisma.trainingJob.delete({ where: { id } })]);
  }

  find(tenantId: string, id: string): Promise<TrainingJobRow | null> {
    return this.prisma.trainingJob.findFirst({ where: { id, tenantId } });
  }

  /** Jobs are looked up by id alone only by workers, which got the id from the job message. */
  findForWorker(id: string): Promise<TrainingJobRow | null> {
    return this.prisma.trainingJob.findUnique({ where: { id } });
  }

  /**
   * Atomically takes a queued job, or a running one whose worker stopped renewing its lease:
   * at most one worker runs a job at a time, however many copies of its message arrive.
   *
   * A queued job starts only while its tenant has fewer than `maxRunningPerTenant` jobs running
   * counting the tenant's queued jobs submitted before it (first come, first served within a
   * tenant: a younger job never takes the slot an older one is waiting for); otherwise 'busy'.
   * Claims of one tenant are serialised by a transaction-scoped advisory lock on the tenant, so
   * two workers cannot both take its last free slot. Taking over an orphaned running job is not
   * limited: that job holds its slot already.
   */
  claim(id: string, leaseMs: number, maxRunningPerTenant: number): Promise<ClaimOutcome> {
    return this.prisma.$transaction(async (tx) => {
      const found = await tx.trainingJob.findUnique({ where: { id }, select: { tenantId: true } });
      if (!found) return { kind: 'unavailable' };
      await tx.$queryRaw`SELECT 1 FROM pg_advisory_xact_lock(hashtext(${`training-claim:${found.tenantId}`}))`;
      const job = await tx.trainingJob.findUniqueOrThrow({ where: { id } });
      const now = new Date();
      const started = { status: 'running', startedAt: now, heartbeatAt: now, attempts: { increment: 1 } } as const;
      if (job.status === 'running') {
        const { count } = await tx.trainingJob.updateMany({ where: { id, status: 'running', heartbeatAt: { lt: new Date(now.getTime() - leaseMs) } }, data: started });
        return count === 1 ? { kind: 'claimed', job: await tx.trainingJob.findUniqueOrThrow({ where: { id } }) } : { kind: 'unavailable' };
      }
      if (job.status !== 'queued') return { kind: 'unavailable' };
      const ahead = await tx.trainingJob.count({
        where: {
          tenantId: job.tenantId,
          OR: [{ status: 'running' }, { status: 'queued', OR: [{ createdAt: { lt: job.createdAt } }, { createdAt: job.createdAt, id: { lt: id } }] }],
        },
      });
      if (ahead >= maxRunningPerTenant) return { kind: 'busy' };
      await tx.trainingJob.update({ where: { id }, data: started });
      return { kind: 'claimed', job: await tx.trainingJob.findUniqueOrThrow({ where: { id } }) };
    });
  }

  async renewLease(id: string): Promise<void> {
    await this.prisma.trainingJob.updateMany({ where: { id, status: 'running' }, data: { heartbeatAt: new Date() } });
  }

  async finish(id: string, status: Extract<TrainingJobStatus, 'succeeded' | 'failed' | 'cancelled'>, outcome: { result?: TrainingResultRecord; error?: string }) {
    await this.prisma.trainingJob.update({
      where: { id },
      data: {
        status,
        finishedAt: new Date(),
        ...(outcome.result ? { result: outcome.result as unknown as Prisma.InputJsonObject } : {}),
        ...(outcome.error ? { error: outcome.error } : {}),
      },
    });
  }

  /**
   * A queued job is cancelled at once; a running one is flagged for its worker, which stops at
   * the next epoch. Returns what happened, or the job's final status when it had already ended.
   */
  async requestCancel(tenantId: string, id: string): Promise<CancelOutcome> {
    const queued = await this.prisma.trainingJob.updateMany({
      where: { id, tenantId, status: 'queued' },
      data: { status: 'cancelled', finishedAt: new Date() },
    });
    if (queued.count === 1) return { kind: 'cancelled' };
    const running = await this.prisma.trainingJob.updateMany({ where: { id, tenantId, status: 'running' }, data: { cancelRequested: true } });
    if (running.count === 1) return { kind: 'flagged' };
    const job = await this.find(tenantId, id);
    return job ? { kind: 'ended', status: job.status } : { kind: 'missing' };
  }

  async recordProgress(id: string, progress: JobProgress): Promise<void> {
    await this.prisma.trainingJob.updateMany({ where: { id, status: 'running' }, data: { progress: { ...progress } } });
  }

  /** Renews the running job's lease and tells the worker whether a cancel was asked for. */
  async renewLeaseAndCheckCancel(id: string): Promise<boolean> {
    await this.renewLease(id);
    const job = await this.prisma.trainingJob.findUnique({ where: { id }, select: { cancelRequested: true } });
    return job?.cancelRequested ?? false;
  }

  /** Puts a job whose attempt failed for a transient reason back in the queue. */
  async requeue(id: string, error: string): Promise<void> {
    await this.prisma.trainingJob.update({ where: { id }, data: { status: 'queued', error } });
  }
}
