import { grpc } from '@foresight/contracts';
import { GrpcService, requireTenant } from '@foresight/platform';
import { PredictionStatsService } from './prediction-stats.service';

@GrpcService(grpc.MonitoringServiceDefinition)
export class PredictionStatsGrpc implements grpc.MonitoringServiceImplementation {
  constructor(private readonly stats: PredictionStatsService) {}

  async getModelStats(request: grpc.GetModelStatsRequest): Promise<grpc.ModelStats> {
    return this.stats.modelStats(requireTenant(), request.model);
  }
}
