import { Injectable } from '@nestjs/common';
import type { CreateRetrainingSchedule, grpc, RetrainingPolicyRequest, RetrainingPolicyView, RetrainingScheduleView } from '@foresight/contracts';
import { Upstreams } from '../upstream/upstreams';

@Injectable()
export class SchedulesService {
  constructor(private readonly upstreams: Upstreams) {}

  async create(model: string, body: CreateRetrainingSchedule): Promise<RetrainingScheduleView> {
    return toScheduleView(await this.upstreams.retraining.createRetrainingSchedule({ model, body }));
  }

  async list(model: string): Promise<{ model: string; schedules: RetrainingScheduleView[] }> {
    const { schedules } = await this.upstreams.retraining.listRetrainingSchedules({ model });
    return { model, schedules: schedules.map(toScheduleView) };
  }

  async delete(model: string, id: string): Promise<void> {
    await this.upstreams.retraining.deleteRetrainingSchedule({ model, id });
  }

  async putPolicy(model: string, body: RetrainingPolicyRequest): Promise<RetrainingPolicyView> {
    return toPolicyView(await this.upstreams.retraining.putRetrainingPolicy({ model, body }));
  }

  async policy(model: string): Promise<RetrainingPolicyView> {
    return toPolicyView(await this.upstreams.retraining.getRetrainingPolicy({ model }));
  }

  async deletePolicy(model: string): Promise<void> {
    await this.upstreams.retraining.deleteRetrainingPolicy({ model });
  }
}

function toScheduleView(s: grpc.RetrainingSchedule): RetrainingScheduleView {
  return {
    id: s.id,
    model: s.model,
    cron: s.cron,
    timezone: s.timezone,
    job: s.job ?? {},
    nextRunAt: s.nextRunAt,
    lastRunAt: s.lastRunAt || null,
    lastJobId: s.lastJobId || null,
    createdAt: s.createdAt,
  };
}

function toPolicyView(p: grpc.RetrainingPolicy): RetrainingPolicyView {
  return {
    model: p.model,
    onAlerts: p.onAlerts,
    job: p.job ?? {},
    cooldownSeconds: p.cooldownSeconds,
    lastTriggeredAt: p.lastTriggeredAt || null,
    lastJobId: p.lastJobId || null,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}
