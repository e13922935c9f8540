import { grpc } from '@foresight/contracts';
import { GrpcService, requireTenant } from '@foresight/platform';
import { OnlineFeaturesService } from './online-features.service';

@GrpcService(grpc.FeatureStoreServiceDefinition)
export class OnlineFeaturesGrpc implements grpc.FeatureStoreServiceImplementation {
  constructor(private readonly features: OnlineFeaturesService) {}

  async putEntityFeatures(request: grpc.PutEntityFeaturesRequest): Promise<grpc.PutEntityFeaturesResponse> {
    return this.features.put(requireTenant(), request);
  }

  async getOnlineFeatures(request: grpc.GetOnlineFeaturesRequest): Promise<grpc.GetOnlineFeaturesResponse> {
    return this.features.get(requireTenant(), request);
  }
}
