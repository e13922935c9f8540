import type { Provider } from '@nestjs/common';
import { grpc } from '@foresight/contracts';
import { APP_CONFIG, createGrpcClient } from '@foresight/platform';
import type { Client } from 'nice-grpc';
import type { PredictionServingConfig } from '../config/prediction-serving.config';

export const REGISTRY_CLIENT = Symbol('REGISTRY_CLIENT');
export type RegistryClient = Client<typeof grpc.ModelRegistryServiceDefinition>;

export const RegistryClientProvider: Provider = {
  provide: REGISTRY_CLIENT,
  inject: [APP_CONFIG],
  useFactory: (config: PredictionServingConfig): RegistryClient =>
    createGrpcClient(grpc.ModelRegistryServiceDefinition, {
      service: 'model-registry',
      address: config.MODEL_REGISTRY_GRPC,
      deadlineMs: config.UPSTREAM_TIMEOUT_MS,
    }),
};
