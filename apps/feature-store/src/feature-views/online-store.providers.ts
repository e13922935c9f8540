import type { Provider } from '@nestjs/common';
import { OnlineDefinitionMirror, OnlineFeatureReader, OnlineFeatureWriter } from '@foresight/feature-store-client';
import { REDIS } from '@foresight/platform';
import type Redis from 'ioredis';

/** The client library's online-store classes over the app's shared Redis connection. */
export const onlineStoreProviders: Provider[] = [
  { provide: OnlineDefinitionMirror, inject: [REDIS], useFactory: (redis: Redis) => new OnlineDefinitionMirror(redis) },
  { provide: OnlineFeatureReader, inject: [REDIS], useFactory: (redis: Redis) => new OnlineFeatureReader(redis) },
  { provide: OnlineFeatureWriter, inject: [REDIS], useFactory: (redis: Redis) => new OnlineFeatureWriter(redis) },
];
