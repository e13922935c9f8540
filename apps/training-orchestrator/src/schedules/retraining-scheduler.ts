import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, isPermanentDomainError } from '@foresight/platform';
import type { TrainingOrchestratorConfig } from '../config/training-orchestrator.config';
import { TrainingJobsRepository } from '../training-jobs/training-jobs.repository';
import { TrainingJobsService } from '../training-jobs/training-jobs.service';
import { nextCronRun } from './cron-schedule';
import { SchedulesRepository, type ScheduleRow } from './schedules.repository';

/** Due schedules handled per tick; the rest wait for the next one. */
const BATCH = 100;

export type ScheduledRun =
  | { scheduleId: string; jobId: string }
  | { scheduleId: string; skipped: 'claimed elsewhere' | 'previous job still active' | 'job no longer valid' | 'queueing failed' };

/**
 * Every orchestrator replica runs this loop. Each tick reads the due schedules and claims each
 * run with a compare-and-set on its due time (see SchedulesRepository.claim), so a run is
 * submitted once however many replicas saw it. The next run is computed from now, not from the
 * missed due time: runs missed while every replica was down collapse into one catch-up run.
 * A run whose previous job is still queued or running is skipped, so a schedule faster than its
 * training cannot pile jobs up.
 */
@Injectable()
export class RetrainingScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RetrainingScheduler.name);
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<unknown>;

  constructor(
    private readonly schedules: SchedulesRepository,
    private readonly jobs: TrainingJobsService,
    private readonly jobRows: TrainingJobsRepository,
    @Inject(APP_CONFIG) private readonly config: Pick<TrainingOrchestratorConfig, 'RETRAINING_SCHEDULER_TICK_MS'>,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.RETRAINING_SCHEDULER_TICK_MS;
    if (every <= 0) return;
    this.timer = setInterval(() => {
      // A slow tick (a database pause) is not overlapped by the next one.
      this.ticking ??= this.tick()
        .catch((err: unknown) => this.logger.warn({ err }, 'scheduler tick failed'))
        .finally(() => (this.ticking = undefined));
    }, every);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.ticking;
  }

  async tick(now = new Date()): Promise<ScheduledRun[]> {
    const due = await this.schedules.findDue(now, BATCH);
    const runs: ScheduledRun[] = [];
    for (const schedule of due) runs.push(await this.runOnce(schedule, now));
    return runs;
  }

  private async runOnce(schedule: ScheduleRow, now: Date): Promise<ScheduledRun> {
    const scheduleId = schedule.id;
    let next: Date;
    try {
      next = nextCronRun(schedule.cron, schedule.timezone, now);
    } catch {
      // Checked when the schedule was created; a parser upgrade could still refuse it. Park it a day.
      next = new Date(now.getTime() + 86_400_000);
    }
    if (!(await this.schedules.claim(scheduleId, schedule.nextRunAt, next, now))) return { scheduleId, skipped: 'claimed elsewhere' };
    if (schedule.lastJobId) {
      const previous = await this.jobRows.find(schedule.tenantId, schedule.lastJobId);
      if (previous && (previous.status === 'queued' || previous.status === 'running')) {
        this.logger.log({ scheduleId, tenantId: schedule.tenantId, model: schedule.model, jobId: previous.id }, 'scheduled run skipped: previous job still active');
        return { scheduleId, skipped: 'previous job still active' };
      }
    }
    const trigger = { kind: 'schedule' as const, scheduleId, dueAt: schedule.nextRunAt.toISOString() };
    try {
      const job = await this.jobs.submit(schedule.tenantId, { ...(schedule.job as Record<string, unknown>), model: schedule.model }, trigger);
      await this.schedules.recordJob(scheduleId, job.id);
      this.logger.log({ scheduleId, tenantId: schedule.tenantId, model: schedule.model, jobId: job.id, dueAt: trigger.dueAt }, 'scheduled training job submitted');
      return { scheduleId, jobId: job.id };
    } catch (error) {
      if (isPermanentDomainError(error)) {
        // The stored spec no longer passes the training contract: retrying cannot help, the next run may.
        this.logger.error({ err: error, scheduleId, tenantId: schedule.tenantId, model: schedule.model }, 'scheduled run skipped: job no longer valid');
        return { scheduleId, skipped: 'job no longer valid' };
      }
      await this.schedules.release(scheduleId, next, schedule.nextRunAt);
      this.logger.warn({ err: error, scheduleId, tenantId: schedule.tenantId }, 'scheduled run not queued; retried next tick');
      return { scheduleId, skipped: 'queueing failed' };
    }
  }
}
