import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { MonitoringAlertRaised } from '@foresight/contracts';
import { EventConsumers, on } from '@foresight/platform';
import { RetrainingPolicyService } from './retraining-policy.service';

/**
 * Alerts are read by one consumer group across orchestrator replicas. A new group reads from the
 * start of the topic: replayed alerts start nothing, since an alert older than the policy or
 * than its last retraining is ignored (see RetrainingPolicyService.onAlert).
 */
@Injectable()
export class MonitoringAlertsConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly policies: RetrainingPolicyService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.subscribe({
      groupId: 'training-orchestrator.retraining',
      fromBeginning: true,
      handlers: [
        on(MonitoringAlertRaised, async (alert, ctx) => {
          await this.policies.onAlert(ctx.envelope.tenantId, ctx.envelope.id, alert);
        }),
      ],
    });
  }
}
