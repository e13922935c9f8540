import { grpc } from '@foresight/contracts';
import { grpcClientProvider } from '@foresight/platform';
import type { Client } from 'nice-grpc';
import type { PredictionServingConfig } from '../config/prediction-serving.config';

export const REGISTRY_CLIENT = Symbol('REGISTRY_CLIENT');
export type RegistryClient = Client<typeof grpc.ModelRegistryServiceDefinition>;

export const RegistryClientProvider = grpcClientProvider(
  REGISTRY_CLIENT,
  grpc.ModelRegistryServiceDefinition,
  'model-registry',
  (config: PredictionServingConfig) => config.MODEL_REGISTRY_GRPC,
);
