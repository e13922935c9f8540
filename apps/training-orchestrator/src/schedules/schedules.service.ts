import { Injectable } from '@nestjs/common';
import { CreateRetrainingScheduleSchema, grpc, ResourceNameSchema, type FieldError } from '@foresight/contracts';
import { parseOrThrow, ValidationException } from '@foresight/platform';
import type { Prisma } from '@foresight/platform/prisma';
import { z } from 'zod';
import { parseRetrainingJob } from '../retraining/retraining-job';
import { nextCronRun } from './cron-schedule';
import { ScheduleNotFoundException, TooManySchedulesException } from './schedules.exception';
import { SchedulesRepository, type ScheduleRow } from './schedules.repository';

/** Schedules per model: each stores a whole job spec, and more than a few is a mistake. */
export const MAX_SCHEDULES_PER_MODEL = 20;

@Injectable()
export class SchedulesService {
  constructor(private readonly repository: SchedulesRepository) {}

  /** Checks the body, the cron line and the job together, so one answer names every bad field. */
  async create(tenantId: string, model: string, body: unknown, now = new Date()): Promise<grpc.RetrainingSchedule> {
    const name = parseOrThrow(ResourceNameSchema, model, 'model name', ['model']);
    const request = parseOrThrow(CreateRetrainingScheduleSchema, body, 'retraining schedule');
    const errors: FieldError[] = [];
    const collect = <T>(check: () => T): T | undefined => {
      try {
        return check();
      } catch (error) {
        if (!(error instanceof ValidationException)) throw error;
        errors.push(...(error.errors ?? []));
        return undefined;
      }
    };
    const nextRunAt = collect(() => nextCronRun(request.cron, request.timezone, now));
    collect(() => parseRetrainingJob(name, request.job));
    if (errors.length > 0) throw new ValidationException(`Invalid retraining schedule: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, errors);
    if ((await this.repository.count(tenantId, name)) >= MAX_SCHEDULES_PER_MODEL) throw new TooManySchedulesException(name, MAX_SCHEDULES_PER_MODEL);
    const row = await this.repository.create(tenantId, {
      model: name,
      cron: request.cron,
      timezone: request.timezone,
      job: request.job as Prisma.InputJsonObject,
      nextRunAt: nextRunAt!,
    });
    return toSchedule(row);
  }

  async list(tenantId: string, model: string): Promise<grpc.RetrainingSchedule[]> {
    return (await this.repository.list(tenantId, model)).map(toSchedule);
  }

  async delete(tenantId: string, model: string, id: string): Promise<void> {
    if (!z.uuid().safeParse(id).success || !(await this.repository.delete(tenantId, model, id))) throw new ScheduleNotFoundException(model, id);
  }
}

function toSchedule(row: ScheduleRow): grpc.RetrainingSchedule {
  return {
    id: row.id,
    model: row.model,
    cron: row.cron,
    timezone: row.timezone,
    job: row.job as Record<string, unknown>,
    nextRunAt: row.nextRunAt.toISOString(),
    lastRunAt: row.lastRunAt?.toISOString() ?? '',
    lastJobId: row.lastJobId ?? '',
    createdAt: row.createdAt.toISOString(),
  };
}
