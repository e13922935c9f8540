import { grpc } from '@foresight/contracts';
import { GrpcService, requireTenant } from '@foresight/platform';
import { TrainingJobsService } from './training-jobs.service';

@GrpcService(grpc.TrainingServiceDefinition)
export class TrainingJobsGrpc implements grpc.TrainingServiceImplementation {
  constructor(private readonly jobs: TrainingJobsService) {}

  async submitTrainingJob(request: grpc.SubmitTrainingJobRequest): Promise<grpc.TrainingJob> {
    return this.jobs.submit(requireTenant(), request.spec);
  }

  async cancelTrainingJob(request: grpc.GetTrainingJobRequest): Promise<grpc.TrainingJob> {
    return this.jobs.cancel(requireTenant(), request.id);
  }

  async getTrainingJob(request: grpc.GetTrainingJobRequest): Promise<grpc.TrainingJob> {
    return this.jobs.get(requireTenant(), request.id);
  }
}
