import type { Provider } from '@nestjs/common';
import { OnlineFeatureReader } from '@foresight/feature-store-client';
import { REDIS } from '@foresight/platform';
import type Redis from 'ioredis';

export const OnlineFeaturesProvider: Provider = {
  provide: OnlineFeatureReader,
  inject: [REDIS],
  useFactory: (redis: Redis) => new OnlineFeatureReader(redis),
};
