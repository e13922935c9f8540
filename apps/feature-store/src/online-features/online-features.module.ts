import { Module } from '@nestjs/common';
import { FeatureViewsModule } from '../feature-views/feature-views.module';
import { OfflineFeaturesRepository } from './offline-features.repository';
import { OnlineFeaturesGrpc } from './online-features.grpc';
import { OnlineFeaturesService } from './online-features.service';

@Module({ imports: [FeatureViewsModule], providers: [OnlineFeaturesGrpc, OnlineFeaturesService, OfflineFeaturesRepository] })
export class OnlineFeaturesModule {}
