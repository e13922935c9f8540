import { Module } from '@nestjs/common';
import { EntitiesModule } from '../entities/entities.module';
import { FeatureViewsGrpc } from './feature-views.grpc';
import { FeatureViewsRepository } from './feature-views.repository';
import { FeatureViewsService } from './feature-views.service';
import { onlineStoreProviders } from './online-store.providers';

@Module({
  imports: [EntitiesModule],
  providers: [FeatureViewsGrpc, FeatureViewsService, FeatureViewsRepository, ...onlineStoreProviders],
  exports: [FeatureViewsService, ...onlineStoreProviders],
})
export class FeatureViewsModule {}
