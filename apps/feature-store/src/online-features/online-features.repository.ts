import { Inject, Injectable } from '@nestjs/common';
import type { FeatureMap } from '@foresight/contracts';
import { encodeFeatures, onlineKey } from '@foresight/feature-store-client';
import { REDIS } from '@foresight/platform';
import type Redis from 'ioredis';

export interface FeatureWrite {
  tenantId: string;
  view: string;
  entityId: string;
  features: FeatureMap;
  eventTime: Date;
}

/** The online store (Redis): latest value of each feature per entity. */
@Injectable()
export class OnlineFeaturesRepository {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async write(write: FeatureWrite): Promise<void> {
    await this.redis.hset(onlineKey(write.tenantId, write.view, write.entityId), encodeFeatures(write.features, write.eventTime));
  }
}
