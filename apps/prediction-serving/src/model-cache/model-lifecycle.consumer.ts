import { hostname } from 'node:os';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ModelLifecycleChanged } from '@foresight/contracts';
import { APP_CONFIG, EventConsumers, on } from '@foresight/platform';
import type { PredictionServingConfig } from '../config/prediction-serving.config';
import { ModelCache } from './model-cache.service';

/**
 * Every replica must see every deployment, so each one has its own consumer group (named after
 * the replica, stable across restarts so a restarted pod catches up on what it missed).
 */
@Injectable()
export class ModelLifecycleConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly cache: ModelCache,
    @Inject(APP_CONFIG) private readonly config: PredictionServingConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const replica = this.config.INSTANCE_ID ?? `${hostname()}-${this.config.GRPC_PORT}`;
    await this.consumers.subscribe({
      groupId: `prediction-serving.model-cache.${replica}`,
      handlers: [
        on(ModelLifecycleChanged, async (event, { envelope }) => {
          if (event.kind !== 'version.deployed' || event.variant !== 'stable') return;
          await this.cache.load({ tenantId: envelope.tenantId, ...event });
        }),
      ],
    });
  }
}
