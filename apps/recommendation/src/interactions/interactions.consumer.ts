import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InteractionRecorded } from '@foresight/contracts';
import { EventConsumers, on } from '@foresight/platform';
import { InteractionsRepository } from './interactions.repository';
import { PopularityIndex } from './popularity.index';

@Injectable()
export class InteractionsConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly repository: InteractionsRepository,
    private readonly popularity: PopularityIndex,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.subscribe({
      groupId: 'recommendation.interactions',
      fromBeginning: true,
      handlers: [
        on(InteractionRecorded, async (interaction, { envelope }) => {
          await this.repository.append({ ...interaction, tenantId: envelope.tenantId, occurredAt: new Date(interaction.occurredAt) });
          await this.popularity.record(envelope.tenantId, interaction.userId, interaction.itemId);
        }),
      ],
    });
  }
}
