import { grpc } from '@foresight/contracts';
import { currentContext, GrpcService, requireTenant } from '@foresight/platform';
import { TrainingSetsService } from './training-sets.service';

@GrpcService(grpc.TrainingSetServiceDefinition)
export class TrainingSetsGrpc implements grpc.TrainingSetServiceImplementation {
  constructor(private readonly trainingSets: TrainingSetsService) {}

  async buildTrainingSet(request: grpc.BuildTrainingSetRequest): Promise<grpc.TrainingSet> {
    const tenantId = requireTenant();
    return this.trainingSets.build(tenantId, TrainingSetsService.command(request, currentContext()?.subject ?? 'unknown'));
  }
}
