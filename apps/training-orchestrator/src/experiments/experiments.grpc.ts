import { grpc } from '@foresight/contracts';
import { GrpcService, requireTenant } from '@foresight/platform';
import { ExperimentsService } from './experiments.service';

@GrpcService(grpc.ExperimentServiceDefinition)
export class ExperimentsGrpc implements grpc.ExperimentServiceImplementation {
  constructor(private readonly experiments: ExperimentsService) {}

  async listExperiments(): Promise<grpc.ListExperimentsResponse> {
    return { experiments: await this.experiments.list(requireTenant()) };
  }

  async searchRuns(request: grpc.SearchRunsRequest): Promise<grpc.SearchRunsResponse> {
    return this.experiments.searchRuns(requireTenant(), request);
  }
}
