import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { PredictionLogged } from '@foresight/contracts';
import { EventConsumers, onBatch } from '@foresight/platform';
import { PredictionStatsRepository } from './prediction-stats.repository';

@Injectable()
export class PredictionLogConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly repository: PredictionStatsRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.subscribe({
      groupId: 'monitoring.prediction-stats',
      fromBeginning: true,
      partitionsConsumedConcurrently: 3,
      handlers: [
        // One multi-row insert per fetched batch: the log arrives at the serving rate.
        onBatch(PredictionLogged, (items) =>
          this.repository.record(
            items.map(({ payload: logged, envelope }) => ({
              eventId: envelope.id,
              tenantId: envelope.tenantId,
              model: logged.model,
              version: logged.version,
              variant: logged.variant,
              latencyMs: logged.latencyMs,
              instanceCount: logged.instances.length,
              servedAt: new Date(logged.servedAt),
            })),
          ),
        ),
      ],
    });
  }
}
