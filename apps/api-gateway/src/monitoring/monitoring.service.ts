import { Injectable } from '@nestjs/common';
import type { ModelStatsView } from '@foresight/contracts';
import { Upstreams } from '../upstream/upstreams';

@Injectable()
export class MonitoringService {
  constructor(private readonly upstreams: Upstreams) {}

  async modelStats(model: string): Promise<ModelStatsView> {
    const s = await this.upstreams.monitoring.getModelStats({ model });
    return {
      model: s.model,
      count: s.count,
      latencyMs: s.latencyMs ?? { p50: 0, p90: 0, p99: 0, max: 0 },
      firstSeen: s.firstSeen || null,
      lastSeen: s.lastSeen || null,
    };
  }
}
