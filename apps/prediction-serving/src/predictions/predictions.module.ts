import { Module } from '@nestjs/common';
import { ModelCacheModule } from '../model-cache/model-cache.module';
import { PredictionLogModule } from '../prediction-log/prediction-log.module';
import { OnlineFeaturesProvider } from './online-features.provider';
import { PredictionsGrpc } from './predictions.grpc';
import { PredictionsService } from './predictions.service';

@Module({ imports: [ModelCacheModule, PredictionLogModule], providers: [PredictionsGrpc, PredictionsService, OnlineFeaturesProvider] })
export class PredictionsModule {}
