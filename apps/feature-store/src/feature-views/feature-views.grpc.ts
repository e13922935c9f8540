import { grpc } from '@foresight/contracts';
import { GrpcService, requireTenant } from '@foresight/platform';
import { FeatureViewsService } from './feature-views.service';

@GrpcService(grpc.FeatureViewRegistryServiceDefinition)
export class FeatureViewsGrpc implements grpc.FeatureViewRegistryServiceImplementation {
  constructor(private readonly views: FeatureViewsService) {}

  async applyFeatureView(request: grpc.ApplyFeatureViewRequest): Promise<grpc.ApplyFeatureViewResponse> {
    return this.views.applyView(requireTenant(), request);
  }

  async listFeatureViews(): Promise<grpc.ListFeatureViewsResponse> {
    return { views: await this.views.listViews(requireTenant()) };
  }

  async getFeatureView(request: grpc.GetFeatureViewRequest): Promise<grpc.FeatureViewVersion> {
    return this.views.getView(requireTenant(), request.name, request.version || undefined);
  }

  async listFeatureViewVersions(request: grpc.ListFeatureViewVersionsRequest): Promise<grpc.ListFeatureViewVersionsResponse> {
    return this.views.listVersions(requireTenant(), request.name);
  }

  async applyFeatureService(request: grpc.ApplyFeatureServiceRequest): Promise<grpc.ApplyFeatureServiceResponse> {
    return this.views.applyService(requireTenant(), request);
  }

  async listFeatureServices(): Promise<grpc.ListFeatureServicesResponse> {
    return { services: await this.views.listServices(requireTenant()) };
  }

  async getFeatureService(request: grpc.GetFeatureServiceRequest): Promise<grpc.FeatureService> {
    return this.views.getService(requireTenant(), request.name);
  }
}
