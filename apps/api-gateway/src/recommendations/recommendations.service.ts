import { Injectable } from '@nestjs/common';
import type { InteractionBody, RecommendationsView } from '@foresight/contracts';
import { Upstreams } from '../upstream/upstreams';

@Injectable()
export class RecommendationsService {
  constructor(private readonly upstreams: Upstreams) {}

  record(body: InteractionBody): Promise<{ id: string; accepted: boolean }> {
    return this.upstreams.recommendation.recordInteraction({
      userId: body.userId,
      itemId: body.itemId,
      type: body.type,
      occurredAt: body.occurredAt ?? '',
    });
  }

  async recommend(userId: string, k: number): Promise<RecommendationsView> {
    const r = await this.upstreams.recommendation.getRecommendations({ userId, k });
    return { userId: r.userId, strategy: r.strategy, items: r.items };
  }
}
