import { randomUUID } from 'node:crypto';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { PredictionLogged, TrainingProgressed } from '@foresight/contracts';
import { EventConsumers, HealthRegistry, on } from '@foresight/platform';
import { LiveSubscriptions } from './live-subscriptions';

/**
 * Feeds WebSocket subscribers. Every gateway replica must see every prediction, so each process
 * has its own consumer group and starts from the latest offset: live means from now on.
 */
@Injectable()
export class LiveFeedConsumer implements OnApplicationBootstrap {
  private joined = false;

  constructor(
    private readonly consumers: EventConsumers,
    private readonly subscriptions: LiveSubscriptions,
    health: HealthRegistry,
  ) {
    health.register('live-feed', async () => {
      if (!this.joined) throw new Error('not yet receiving predictions.logged');
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.subscribe({
      groupId: `api-gateway.live.${randomUUID()}`,
      fromBeginning: false,
      maxAttempts: 1,
      onJoined: () => (this.joined = true),
      // Both topics are keyed `<tenant>/<model>`: unwatched messages are skipped unparsed.
      wants: (key) => this.subscriptions.watches(key),
      handlers: [
        on(PredictionLogged, async (logged, { envelope }) => {
          this.subscriptions.publish(envelope.tenantId, logged.model, {
            event: 'prediction',
            data: {
              model: logged.model,
              version: logged.version,
              variant: logged.variant,
              requestId: logged.requestId,
              predictions: logged.predictions,
              instances: logged.instances,
              servedAt: logged.servedAt,
            },
          });
        }),
        on(TrainingProgressed, async (progress, { envelope }) => {
          this.subscriptions.publish(envelope.tenantId, progress.model, { event: 'training', data: progress });
        }),
      ],
    });
  }
}
