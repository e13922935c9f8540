import { grpc } from '@foresight/contracts';
import { GrpcService, requireTenant } from '@foresight/platform';
import { PredictionsService } from './predictions.service';

@GrpcService(grpc.PredictionServiceDefinition)
export class PredictionsGrpc implements grpc.PredictionServiceImplementation {
  constructor(private readonly predictions: PredictionsService) {}

  async predict(request: grpc.PredictRequest): Promise<grpc.PredictResponse> {
    return this.predictions.predict(requireTenant(), request);
  }
}
