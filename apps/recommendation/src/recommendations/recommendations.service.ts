import { Injectable } from '@nestjs/common';
import { ExternalIdSchema, grpc, RecommendationsQuerySchema } from '@foresight/contracts';
import { parseOrThrow } from '@foresight/platform';
import { PopularityIndex } from '../interactions/popularity.index';

@Injectable()
export class RecommendationsService {
  constructor(private readonly popularity: PopularityIndex) {}

  /**
   * Baseline: the most popular items (by distinct users) the user has not interacted with.
   * It is the bar the hybrid recommender of the recommendation issue has to beat.
   */
  async recommend(tenantId: string, userId: string, k: number): Promise<grpc.GetRecommendationsResponse> {
    parseOrThrow(ExternalIdSchema, userId, 'user id', ['userId']);
    const query = parseOrThrow(RecommendationsQuerySchema, { k: k || undefined }, 'query');
    const items = await this.popularity.topUnseen(tenantId, userId, query.k);
    return {
      userId,
      strategy: 'popularity',
      items: items.map((i) => ({ itemId: i.itemId, score: i.score, reason: `interacted with by ${i.score} user(s)` })),
    };
  }
}
