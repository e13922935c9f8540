import { Injectable } from '@nestjs/common';
import { grpc, ResourceNameSchema } from '@foresight/contracts';
import { parseOrThrow } from '@foresight/platform';
import { PredictionStatsRepository } from './prediction-stats.repository';

const round = (ms: number | null) => (ms === null ? 0 : Math.round(ms * 1000) / 1000);

@Injectable()
export class PredictionStatsService {
  constructor(private readonly repository: PredictionStatsRepository) {}

  /** Count and latency percentiles of the model's logged predictions (serving-side latency). */
  async modelStats(tenantId: string, model: string): Promise<grpc.ModelStats> {
    parseOrThrow(ResourceNameSchema, model, 'model name', ['model']);
    const s = await this.repository.stats(tenantId, model);
    return {
      model,
      count: s.count,
      latencyMs: { p50: round(s.p50), p90: round(s.p90), p99: round(s.p99), max: round(s.max) },
      firstSeen: s.firstSeen?.toISOString() ?? '',
      lastSeen: s.lastSeen?.toISOString() ?? '',
    };
  }
}
