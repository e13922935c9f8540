import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { streamEventMessage } from '@foresight/contracts';
import { APP_CONFIG, EventConsumers, on } from '@foresight/platform';
import { StreamAggregator } from './stream-aggregator.service';
import type { StreamingConfig } from './streaming.config';

/**
 * The feature store's consumer group on the FEATURE_STREAMS topics. The platform consumer parses the
 * envelope and payload (dead-lettering what does not parse, with the reason), runs the handler one
 * message at a time per partition, and commits an offset only after its handler finished; a crash
 * replays the uncommitted tail, which the state's offset high-water mark turns into no-ops.
 */
@Injectable()
export class StreamEventsConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly aggregator: StreamAggregator,
    @Inject(APP_CONFIG) private readonly config: StreamingConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.FEATURE_STREAMS.length === 0) return;
    await this.consumers.subscribe({
      groupId: this.config.FEATURE_STREAM_GROUP,
      fromBeginning: true,
      partitionsConsumedConcurrently: this.config.FEATURE_STREAM_CONCURRENCY,
      handlers: this.config.FEATURE_STREAMS.map((topic) =>
        on(streamEventMessage(topic), async (payload, { envelope, partition, offset }) => {
          await this.aggregator.apply(envelope.tenantId, topic, payload, { partition, offset });
        }),
      ),
    });
  }
}
