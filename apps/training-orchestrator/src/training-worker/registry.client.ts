import { grpc } from '@foresight/contracts';
import { grpcClientProvider } from '@foresight/platform';
import type { Client } from 'nice-grpc';
import type { TrainingOrchestratorConfig } from '../config/training-orchestrator.config';

export const REGISTRY_CLIENT = Symbol('REGISTRY_CLIENT');
export type RegistryClient = Client<typeof grpc.ModelRegistryServiceDefinition>;

export const RegistryClientProvider = grpcClientProvider(
  REGISTRY_CLIENT,
  grpc.ModelRegistryServiceDefinition,
  'model-registry',
  (config: TrainingOrchestratorConfig) => config.MODEL_REGISTRY_GRPC,
);
