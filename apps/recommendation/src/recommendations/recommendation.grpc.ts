import { grpc } from '@foresight/contracts';
import { GrpcService, requireTenant } from '@foresight/platform';
import { InteractionsService } from '../interactions/interactions.service';
import { RecommendationsService } from './recommendations.service';

@GrpcService(grpc.RecommendationServiceDefinition)
export class RecommendationGrpc implements grpc.RecommendationServiceImplementation {
  constructor(
    private readonly interactions: InteractionsService,
    private readonly recommendations: RecommendationsService,
  ) {}

  async recordInteraction(request: grpc.RecordInteractionRequest): Promise<grpc.RecordInteractionResponse> {
    return this.interactions.record(requireTenant(), request);
  }

  async getRecommendations(request: grpc.GetRecommendationsRequest): Promise<grpc.GetRecommendationsResponse> {
    return this.recommendations.recommend(requireTenant(), request.userId, request.k);
  }
}
