import { Injectable } from '@nestjs/common';
import { ErrorCode, grpc, PredictBodySchema, ResourceNameSchema, type FeatureValue } from '@foresight/contracts';
import { OnlineFeatureReader } from '@foresight/feature-store-client';
import { currentContext, DomainException, parseOrThrow } from '@foresight/platform';
import { ModelCache } from '../model-cache/model-cache.service';
import { PredictionLogBuffer } from '../prediction-log/prediction-log.buffer';

@Injectable()
export class PredictionsService {
  constructor(
    private readonly cache: ModelCache,
    private readonly features: OnlineFeatureReader,
    private readonly log: PredictionLogBuffer,
  ) {}

  /**
   * Model from memory, online features for every entity in one Redis round trip, inline
   * features on top, one batched forward pass; the log entry leaves asynchronously.
   */
  async predict(tenantId: string, request: grpc.PredictRequest): Promise<grpc.PredictResponse> {
    const started = performance.now();
    const model = parseOrThrow(ResourceNameSchema, request.model, 'model name', ['model']);
    const body = parseOrThrow(
      PredictBodySchema,
      { instances: request.instances.map((i) => ({ ...(i.entityId ? { entityId: i.entityId } : {}), ...(i.features ? { features: i.features } : {}) })) },
      'request body',
    );
    const served = await this.cache.get(tenantId, model);

    const entityIds = body.instances.flatMap((i) => ('entityId' in i && i.entityId ? [i.entityId] : []));
    const online = entityIds.length
      ? await this.features.getOnlineFeatures({ tenantId, view: served.featureView, entityIds })
      : new Map();
    const rows = body.instances.map((instance, index): Record<string, FeatureValue> => {
      if ('entityId' in instance && instance.entityId) {
        const stored = online.get(instance.entityId);
        if (!stored && !instance.features) {
          throw new DomainException(
            ErrorCode.NotFound,
            `Entity "${instance.entityId}" (instances.${index}) has no features in view "${served.featureView}"`,
          );
        }
        return { ...(stored?.features ?? {}), ...(instance.features ?? {}) };
      }
      return instance.features ?? {};
    });

    const values = served.predictor.predict(rows);
    const predictions = Array.from(values, (value) => ({ value }));
    const latencyMs = performance.now() - started;
    this.log.add({
      tenantId,
      payload: {
        requestId: request.requestId || currentContext()?.requestId || '',
        model,
        version: served.version,
        variant: served.variant,
        latencyMs,
        instances: body.instances.map((i) => ({ ...('entityId' in i && i.entityId ? { entityId: i.entityId } : {}), ...(i.features ? { features: i.features } : {}) })),
        predictions,
        servedAt: new Date().toISOString(),
      },
    });
    return { model, version: served.version, variant: served.variant, predictions };
  }
}
