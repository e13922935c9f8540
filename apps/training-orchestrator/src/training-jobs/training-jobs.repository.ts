import { Injectable } from '@nestjs/common';
import type { TrainingJobRequest, TrainingJobStatus } from '@foresight/contracts';
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
}

export interface JobProgress {
  epoch: number;
  epochs: number;
  trainLoss: number;
  trialsDone?: number;
  trialsTotal?: number | null;
  bestMetric?: number | null;
}

export type CancelOutcome = { kind: 'cancelled' } | { kind: 'flagged' } | { kind: 'ended'; status: string } | { kind: 'missing' };

/** Training jobs (`training` schema). Every read is scoped by tenant; workers claim by lease. */
@Injectable()
export class TrainingJobsRepository {
  constructor(private readonly prisma: PrismaService) {}

  create(tenantId: string, spec: TrainingJobRequest): Promise<TrainingJobRow> {
    return this.prisma.trainingJob.create({
      data: { tenantId, model: spec.model, status: 'queued', spec: spec as unknown as Prisma.InputJsonObject },
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
   */
  async claim(id: string, leaseMs: number): Promise<TrainingJobRow | null> {
    const now = new Date();
    const { count } = await this.prisma.trainingJob.updateMany({
      where: { id, OR: [{ status: 'queued' }, { status: 'running', heartbeatAt: { lt: new Date(now.getTime() - leaseMs) } }] },
      data: { status: 'running', startedAt: now, heartbeatAt: now, attempts: { increment: 1 } },
    });
    return count === 1 ? this.findForWorker(id) : null;
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
