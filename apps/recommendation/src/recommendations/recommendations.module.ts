import { Module } from '@nestjs/common';
import { InteractionsModule } from '../interactions/interactions.module';
import { RecommendationGrpc } from './recommendation.grpc';
import { RecommendationsService } from './recommendations.service';

@Module({ imports: [InteractionsModule], providers: [RecommendationGrpc, RecommendationsService] })
export class RecommendationsModule {}
