import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ErrorCode, grpc, Metadata as MetadataKeys } from '@foresight/contracts';
import { loadServableModel, MlArtifactError, type ServableModel } from '@foresight/ml';
import { DomainException, HealthRegistry, MetricsService } from '@foresight/platform';
import { Metadata } from 'nice-grpc';
import { REGISTRY_CLIENT, type RegistryClient } from './registry.client';

type DeploymentRef = grpc.ActiveDeployment;

/** A deployment with its model loaded and ready to predict. */
export interface ServedModel extends DeploymentRef {
  predictor: ServableModel;
}

/** How long a "no such model" answer is remembered, so unknown names cannot hammer the registry. */
const NEGATIVE_TTL_MS = 2000;

/**
 * Deployed models, in memory, per tenant. Loaded at start-up from the registry, swapped on
 * `models.lifecycle` events, and fetched on a miss — so the prediction path itself never waits
 * on the registry once a model is warm.
 */
@Injectable()
export class ModelCache implements OnApplicationBootstrap {
  private readonly logger = new Logger(ModelCache.name);
  private readonly models = new Map<string, ServedModel>();
  private readonly misses = new Map<string, { error: DomainException; until: number }>();
  private readonly loading = new Map<string, Promise<ServedModel>>();
  private warm = false;

  constructor(
    @Inject(REGISTRY_CLIENT) private readonly registry: RegistryClient,
    private readonly metrics: MetricsService,
    health: HealthRegistry,
  ) {
    health.register('model-cache', async () => {
      if (!this.warm) throw new Error('deployed models not loaded yet');
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    void this.warmUp();
  }

  /** The served model for a tenant, loading it from the registry on a miss. */
  async get(tenantId: string, model: string): Promise<ServedModel> {
    const key = cacheKey(tenantId, model);
    const hit = this.models.get(key);
    if (hit) return hit;
    const miss = this.misses.get(key);
    if (miss && miss.until > Date.now()) throw miss.error;
    try {
      const deployment = await this.registry.getActiveDeployment({ model }, { metadata: Metadata({ [MetadataKeys.TenantId]: tenantId }) });
      return await this.load({ ...deployment, tenantId });
    } catch (error) {
      if (error instanceof MlArtifactError) throw new DomainException(ErrorCode.Internal, `Model "${model}" is deployed but this server cannot load it: ${error.message}`);
      if (error instanceof DomainException && (error.code === ErrorCode.ModelNotFound || error.code === ErrorCode.ModelNotDeployed)) {
        this.misses.set(key, { error, until: Date.now() + NEGATIVE_TTL_MS });
      }
      throw error;
    }
  }

  /** Loads a deployment's artifact and swaps it in (idempotent for a version already served). */
  async load(ref: DeploymentRef): Promise<ServedModel> {
    const key = cacheKey(ref.tenantId, ref.model);
    const current = this.models.get(key);
    if (current && current.version === ref.version && current.artifactDigest === ref.artifactDigest) return current;
    const inFlight = this.loading.get(`${key}@${ref.artifactDigest}`);
    if (inFlight) return inFlight;
    const loading = this.fetchAndLoad(ref).finally(() => this.loading.delete(`${key}@${ref.artifactDigest}`));
    this.loading.set(`${key}@${ref.artifactDigest}`, loading);
    return loading;
  }

  private async fetchAndLoad(ref: DeploymentRef): Promise<ServedModel> {
    const started = performance.now();
    const artifact = await this.registry.getArtifact(
      { digest: ref.artifactDigest },
      { metadata: Metadata({ [MetadataKeys.TenantId]: ref.tenantId }) },
    );
    const predictor = loadServableModel(artifact.content);
    const served: ServedModel = { ...ref, predictor };
    const key = cacheKey(ref.tenantId, ref.model);
    const current = this.models.get(key);
    // An older version arriving late (out-of-order events) never replaces a newer one.
    if (!current || current.version <= served.version) this.models.set(key, served);
    this.misses.delete(key);
    this.logger.log({ tenantId: ref.tenantId, model: ref.model, version: ref.version, ms: Math.round(performance.now() - started) }, 'model loaded');
    return this.models.get(key)!;
  }

  private async warmUp(): Promise<void> {
    for (let attempt = 1; !this.warm; attempt++) {
      try {
        const { deployments } = await this.registry.listActiveDeployments({});
        const stable = deployments.filter((d) => d.variant === 'stable');
        const results = await Promise.allSettled(stable.map((d) => this.load(d)));
        const transient = results.find((r) => r.status === 'rejected' && !(r.reason instanceof MlArtifactError));
        if (transient?.status === 'rejected') throw transient.reason;
        // An artifact this build cannot read (written by a newer trainer during a rolling upgrade,
        // or damaged) must not keep every other model of every tenant from being served.
        results.forEach((r, i) => {
          if (r.status === 'rejected') {
            const d = stable[i]!;
            this.logger.error({ err: r.reason, tenantId: d.tenantId, model: d.model, version: d.version }, 'deployed model cannot be loaded; serving the others');
          }
        });
        this.warm = true;
        this.metrics.setInfo('prediction-serving', 'models_loaded_at_start', String(deployments.length));
      } catch (error) {
        this.logger.warn({ err: error, attempt }, 'could not load deployed models yet; retrying');
        await new Promise((r) => setTimeout(r, Math.min(500 * attempt, 5000)));
      }
    }
  }
}

const cacheKey = (tenantId: string, model: string) => `${tenantId}/${model}`;
