import { grpc } from '@foresight/contracts';
import { GrpcService, requireTenant } from '@foresight/platform';
import { EntitiesService } from './entities.service';

@GrpcService(grpc.EntityRegistryServiceDefinition)
export class EntitiesGrpc implements grpc.EntityRegistryServiceImplementation {
  constructor(private readonly entities: EntitiesService) {}

  async applyEntity(request: grpc.ApplyEntityRequest): Promise<grpc.ApplyEntityResponse> {
    return this.entities.apply(requireTenant(), request);
  }

  async listEntities(): Promise<grpc.ListEntitiesResponse> {
    return { entities: await this.entities.list(requireTenant()) };
  }

  async getEntity(request: grpc.GetEntityRequest): Promise<grpc.Entity> {
    return this.entities.get(requireTenant(), request.name);
  }
}
