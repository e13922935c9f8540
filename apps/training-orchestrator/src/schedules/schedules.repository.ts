import { Injectable } from '@nestjs/common';
import { PrismaService } from '@foresight/platform';
import type { Prisma } from '@foresight/platform/prisma';

export type ScheduleRow = Prisma.RetrainingScheduleGetPayload<object>;

/** Retraining schedules (`training` schema). Reads by users are scoped by tenant; the scheduler reads across tenants. */
@Injectable()
export class SchedulesRepository {
  constructor(private readonly prisma: PrismaService) {}

  create(tenantId: string, s: { model: string; cron: string; timezone: string; job: Prisma.InputJsonObject; nextRunAt: Date }): Promise<ScheduleRow> {
    return this.prisma.retrainingSchedule.create({ data: { tenantId, ...s } });
  }

  list(tenantId: string, model: string): Promise<ScheduleRow[]> {
    return this.prisma.retrainingSchedule.findMany({ where: { tenantId, model }, orderBy: { createdAt: 'asc' } });
  }

  count(tenantId: string, model: string): Promise<number> {
    return this.prisma.retrainingSchedule.count({ where: { tenantId, model } });
  }

  async delete(tenantId: string, model: string, id: string): Promise<boolean> {
    const { count } = await this.prisma.retrainingSchedule.deleteMany({ where: { id, tenantId, model } });
    return count === 1;
  }

  /** Every tenant's schedules due at `now`, most overdue first. */
  findDue(now: Date, limit: number): Promise<ScheduleRow[]> {
    return this.prisma.retrainingSchedule.findMany({ where: { nextRunAt: { lte: now } }, orderBy: { nextRunAt: 'asc' }, take: limit });
  }

  /**
   * Takes the run due at `due` by moving the schedule to its next run: a compare-and-set on
   * `nextRunAt`, so of several schedulers that read the same due run exactly one succeeds.
   */
  async claim(id: string, due: Date, next: Date, now: Date): Promise<boolean> {
    const { count } = await this.prisma.retrainingSchedule.updateMany({ where: { id, nextRunAt: due }, data: { nextRunAt: next, lastRunAt: now } });
    return count === 1;
  }

  /** Puts a claimed run back when its job could not be queued, so the next tick retries it. */
  async release(id: string, claimedNext: Date, due: Date): Promise<void> {
    await this.prisma.retrainingSchedule.updateMany({ where: { id, nextRunAt: claimedNext }, data: { nextRunAt: due } });
  }

  async recordJob(id: string, jobId: string): Promise<void> {
    await this.prisma.retrainingSchedule.updateMany({ where: { id }, data: { lastJobId: jobId } });
  }
}
