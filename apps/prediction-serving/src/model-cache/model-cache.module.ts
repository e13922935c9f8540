import { Module } from '@nestjs/common';
import { ModelCache } from './model-cache.service';
import { ModelLifecycleConsumer } from './model-lifecycle.consumer';
import { RegistryClientProvider } from './registry.client';

@Module({ providers: [RegistryClientProvider, ModelCache, ModelLifecycleConsumer], exports: [ModelCache] })
export class ModelCacheModule {}
