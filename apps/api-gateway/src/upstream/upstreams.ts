import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { grpc } from '@foresight/contracts';
import { APP_CONFIG, checkGrpcHealth, createGrpcClient, HealthRegistry } from '@foresight/platform';
import { createChannel, type Channel, type Client, type CompatServiceDefinition } from 'nice-grpc';
import type { GatewayConfig } from '../config/gateway.config';

/** The gateway's typed gRPC clients, one channel per upstream service. */
@Injectable()
export class Upstreams implements OnApplicationShutdown {
  readonly featureStore: Client<typeof grpc.FeatureStoreServiceDefinition>;
  readonly entities: Client<typeof grpc.EntityRegistryServiceDefinition>;
  readonly featureViews: Client<typeof grpc.FeatureViewRegistryServiceDefinition>;
  readonly datasets: Client<typeof grpc.DatasetServiceDefinition>;
  readonly materialization: Client<typeof grpc.MaterializationServiceDefinition>;
  readonly trainingSets: Client<typeof grpc.TrainingSetServiceDefinition>;
  readonly registry: Client<typeof grpc.ModelRegistryServiceDefinition>;
  readonly training: Client<typeof grpc.TrainingServiceDefinition>;
  readonly experiments: Client<typeof grpc.ExperimentServiceDefinition>;
  readonly retraining: Client<typeof grpc.RetrainingServiceDefinition>;
  readonly serving: Client<typeof grpc.PredictionServiceDefinition>;
  readonly recommendation: Client<typeof grpc.RecommendationServiceDefinition>;
  readonly monitoring: Client<typeof grpc.MonitoringServiceDefinition>;
  private readonly channels: Channel[] = [];

  constructor(@Inject(APP_CONFIG) config: GatewayConfig, health: HealthRegistry) {
    const connect = <D extends CompatServiceDefinition>(service: string, address: string, definition: D) => {
      const channel = createChannel(address);
      this.channels.push(channel);
      health.register(service, () => checkGrpcHealth(channel));
      return createGrpcClient(definition, { service, address, deadlineMs: config.UPSTREAM_TIMEOUT_MS }, channel);
    };
    this.featureStore = connect('feature-store', config.FEATURE_STORE_GRPC, grpc.FeatureStoreServiceDefinition);
    const featureStoreChannel = this.channels.at(-1);
    const featureStoreOptions = { service: 'feature-store', address: config.FEATURE_STORE_GRPC, deadlineMs: config.UPSTREAM_TIMEOUT_MS };
    this.entities = createGrpcClient(grpc.EntityRegistryServiceDefinition, featureStoreOptions, featureStoreChannel);
    this.featureViews = createGrpcClient(grpc.FeatureViewRegistryServiceDefinition, featureStoreOptions, featureStoreChannel);
    this.datasets = createGrpcClient(grpc.DatasetServiceDefinition, featureStoreOptions, featureStoreChannel);
    this.materialization = createGrpcClient(grpc.MaterializationServiceDefinition, featureStoreOptions, featureStoreChannel);
    this.trainingSets = createGrpcClient(grpc.TrainingSetServiceDefinition, featureStoreOptions, featureStoreChannel);
    this.registry = connect('model-registry', config.MODEL_REGISTRY_GRPC, grpc.ModelRegistryServiceDefinition);
    this.training = connect('training-orchestrator', config.TRAINING_GRPC, grpc.TrainingServiceDefinition);
    this.experiments = createGrpcClient(
      grpc.ExperimentServiceDefinition,
      { service: 'training-orchestrator', address: config.TRAINING_GRPC, deadlineMs: config.UPSTREAM_TIMEOUT_MS },
      this.channels.at(-1),
    );
    this.retraining = createGrpcClient(
      grpc.RetrainingServiceDefinition,
      { service: 'training-orchestrator', address: config.TRAINING_GRPC, deadlineMs: config.UPSTREAM_TIMEOUT_MS },
      this.channels.at(-1),
    );
    this.serving = connect('prediction-serving', config.PREDICTION_SERVING_GRPC, grpc.PredictionServiceDefinition);
    this.recommendation = connect('recommendation', config.RECOMMENDATION_GRPC, grpc.RecommendationServiceDefinition);
    this.monitoring = connect('monitoring', config.MONITORING_GRPC, grpc.MonitoringServiceDefinition);
  }

  onApplicationShutdown(): void {
    this.channels.forEach((c) => c.close());
  }
}
