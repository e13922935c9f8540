import { Module } from '@nestjs/common';
import { PredictionsController } from './predictions.controller';
import { PredictionsResolver } from './predictions.resolver';
import { PredictionsService } from './predictions.service';

@Module({ controllers: [PredictionsController], providers: [PredictionsService, PredictionsResolver] })
export class PredictionsModule {}
