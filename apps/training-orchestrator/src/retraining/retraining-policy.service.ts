import { Injectable, Logger } from '@nestjs/common';
import { grpc, ResourceNameSchema, RetrainingPolicyRequestSchema, type MonitoringAlertRaised, type PayloadOf } from '@foresight/contracts';
import { NotFoundException, parseOrThrow } from '@foresight/platform';
import type { Prisma } from '@foresight/platform/prisma';
import { TrainingJobsService } from '../training-jobs/training-jobs.service';
import { parseRetrainingJob } from './retraining-job';
import { RetrainingPolicyRepository, type RetrainingPolicyRow } from './retraining-policy.repository';

export type MonitoringAlert = PayloadOf<typeof MonitoringAlertRaised>;

/** Why an alert started no job (logged, and returned for the tests to see). */
export type AlertOutcome = { started: string } | { skipped: 'no policy' | 'kind not in policy' | 'before the policy' | 'already retraining' | 'cooling down' | 'claimed elsewhere' };

@Injectable()
export class RetrainingPolicyService {
  private readonly logger = new Logger(RetrainingPolicyService.name);

  constructor(
    private readonly repository: RetrainingPolicyRepository,
    private readonly jobs: TrainingJobsService,
  ) {}

  async put(tenantId: string, model: string, body: unknown): Promise<grpc.RetrainingPolicy> {
    const name = parseOrThrow(ResourceNameSchema, model, 'model name', ['model']);
    const request = parseOrThrow(RetrainingPolicyRequestSchema, body, 'retraining policy');
    parseRetrainingJob(name, request.job);
    const row = await this.repository.put(tenantId, name, {
      onAlerts: request.onAlerts,
      job: request.job as Prisma.InputJsonObject,
      cooldownSeconds: request.cooldown,
    });
    return toPolicy(row);
  }

  async get(tenantId: string, model: string): Promise<grpc.RetrainingPolicy> {
    const row = await this.repository.find(tenantId, model);
    if (!row) throw new NotFoundException(`The retraining policy of model "${model}"`);
    return toPolicy(row);
  }

  async delete(tenantId: string, model: string): Promise<void> {
    if (!(await this.repository.delete(tenantId, model))) throw new NotFoundException(`The retraining policy of model "${model}"`);
  }

  /**
   * Starts the policy's job for an alert, unless the policy does not want this kind, the alert
   * predates the policy (a replay from before it existed) or the last retraining (which already
   * answers it), or the cooldown since the last retraining has not passed: a storm of alerts
   * starts one job. The trigger is claimed before the job is queued and given back if queueing
   * fails, so a retried alert can still start it and no two replicas both do.
   */
  async onAlert(tenantId: string, alertId: string, alert: MonitoringAlert, now = new Date()): Promise<AlertOutcome> {
    const outcome = await this.decide(tenantId, alertId, alert, now);
    this.logger.log({ tenantId, model: alert.model, alert: alert.kind, metric: alert.metric, alertId, ...outcome }, 'monitoring alert handled');
    return outcome;
  }

  private async decide(tenantId: string, alertId: string, alert: MonitoringAlert, now: Date): Promise<AlertOutcome> {
    const policy = await this.repository.find(tenantId, alert.model);
    if (!policy) return { skipped: 'no policy' };
    if (!policy.onAlerts.includes(alert.kind)) return { skipped: 'kind not in policy' };
    const detectedAt = new Date(alert.detectedAt);
    if (detectedAt < policy.createdAt) return { skipped: 'before the policy' };
    const last = policy.lastTriggeredAt;
    if (last && detectedAt <= last) return { skipped: 'already retraining' };
    if (last && now.getTime() < last.getTime() + policy.cooldownSeconds * 1000) return { skipped: 'cooling down' };
    if (!(await this.repository.claimTrigger(tenantId, alert.model, last, now))) return { skipped: 'claimed elsewhere' };
    const trigger = {
      kind: 'alert' as const,
      alertId,
      alert: alert.kind,
      metric: alert.metric,
      value: alert.value,
      threshold: alert.threshold,
      detectedAt: alert.detectedAt,
    };
    let job: grpc.TrainingJob;
    try {
      job = await this.jobs.submit(tenantId, { ...(policy.job as Record<string, unknown>), model: alert.model }, trigger);
    } catch (error) {
      await this.repository.releaseTrigger(tenantId, alert.model, now, last);
      throw error;
    }
    await this.repository.recordJob(tenantId, alert.model, job.id);
    return { started: job.id };
  }
}

function toPolicy(row: RetrainingPolicyRow): grpc.RetrainingPolicy {
  return {
    model: row.model,
    onAlerts: row.onAlerts,
    job: row.job as Record<string, unknown>,
    cooldownSeconds: row.cooldownSeconds,
    lastTriggeredAt: row.lastTriggeredAt?.toISOString() ?? '',
    lastJobId: row.lastJobId ?? '',
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
