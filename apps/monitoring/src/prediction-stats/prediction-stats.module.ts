import { Module } from '@nestjs/common';
import { PredictionLogConsumer } from './prediction-log.consumer';
import { PredictionStatsGrpc } from './prediction-stats.grpc';
import { PredictionStatsRepository } from './prediction-stats.repository';
import { PredictionStatsService } from './prediction-stats.service';

@Module({ providers: [PredictionStatsGrpc, PredictionStatsService, PredictionStatsRepository, PredictionLogConsumer] })
export class PredictionStatsModule {}
