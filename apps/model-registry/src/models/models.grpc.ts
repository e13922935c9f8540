import { grpc } from '@foresight/contracts';
import { GrpcService, requireTenant } from '@foresight/platform';
import { ModelsService } from './models.service';

@GrpcService(grpc.ModelRegistryServiceDefinition)
export class ModelsGrpc implements grpc.ModelRegistryServiceImplementation {
  constructor(private readonly models: ModelsService) {}

  async registerModelVersion(request: grpc.RegisterModelVersionRequest): Promise<grpc.ModelVersion> {
    return this.models.register(requireTenant(), request);
  }

  async listModels(): Promise<grpc.ListModelsResponse> {
    return { models: await this.models.listModels(requireTenant()) };
  }

  async listModelVersions(request: grpc.ListModelVersionsRequest): Promise<grpc.ListModelVersionsResponse> {
    return { model: request.model, versions: await this.models.listVersions(requireTenant(), request.model) };
  }

  async getModelVersion(request: grpc.GetModelVersionRequest): Promise<grpc.ModelVersion> {
    return this.models.getVersion(requireTenant(), request.model, request.version);
  }

  async getArtifact(request: grpc.GetArtifactRequest): Promise<grpc.Artifact> {
    return this.models.artifact(requireTenant(), request.digest);
  }

  async getActiveDeployment(request: grpc.GetActiveDeploymentRequest): Promise<grpc.ActiveDeployment> {
    return this.models.activeDeployment(requireTenant(), request.model);
  }

  async listActiveDeployments(): Promise<grpc.ListActiveDeploymentsResponse> {
    return { deployments: await this.models.allActiveDeployments() };
  }
}
