import { Injectable } from '@nestjs/common';
import { PrismaService } from '@foresight/platform';
import type { Prisma } from '@foresight/platform/prisma';

export type RetrainingPolicyRow = Prisma.RetrainingPolicyGetPayload<object>;

export interface NewPolicy {
  onAlerts: string[];
  job: Prisma.InputJsonObject;
  cooldownSeconds: number;
}

/** Retraining policies (`training` schema), one per tenant and model. */
@Injectable()
export class RetrainingPolicyRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** A put replaces the policy: it is in force from now, with no trigger history. */
  put(tenantId: string, model: string, policy: NewPolicy): Promise<RetrainingPolicyRow> {
    const now = new Date();
    const fields = { ...policy, createdAt: now, lastTriggeredAt: null, lastJobId: null };
    return this.prisma.retrainingPolicy.upsert({
      where: { tenantId_model: { tenantId, model } },
      create: { tenantId, model, ...fields },
      update: fields,
    });
  }

  find(tenantId: string, model: string): Promise<RetrainingPolicyRow | null> {
    return this.prisma.retrainingPolicy.findUnique({ where: { tenantId_model: { tenantId, model } } });
  }

  async delete(tenantId: string, model: string): Promise<boolean> {
    const { count } = await this.prisma.retrainingPolicy.deleteMany({ where: { tenantId, model } });
    return count === 1;
  }

  /**
   * Compare-and-set on the last trigger time: of several replicas (or redeliveries) acting on
   * alerts at once, only the one that still sees the value it decided on records the trigger.
   */
  async claimTrigger(tenantId: string, model: string, seen: Date | null, at: Date): Promise<boolean> {
    const { count } = await this.prisma.retrainingPolicy.updateMany({ where: { tenantId, model, lastTriggeredAt: seen }, data: { lastTriggeredAt: at } });
    return count === 1;
  }

  /** Gives a trigger back when its job could not be queued, so the alert's retry may claim it again. */
  async releaseTrigger(tenantId: string, model: string, claimed: Date, previous: Date | null): Promise<void> {
    await this.prisma.retrainingPolicy.updateMany({ where: { tenantId, model, lastTriggeredAt: claimed }, data: { lastTriggeredAt: previous } });
  }

  async recordJob(tenantId: string, model: string, jobId: string): Promise<void> {
    await this.prisma.retrainingPolicy.updateMany({ where: { tenantId, model }, data: { lastJobId: jobId } });
  }
}
