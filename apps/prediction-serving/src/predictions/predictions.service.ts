import { Injectable } from '@nestjs/common';
import { ErrorCode, grpc, PredictBodySchema, ResourceNameSchema, type FeatureValue } from '@foresight/contracts';
import { OnlineFeatureReader } from '@foresight/feature-store-client';
import { currentContext, DomainException, parseOrThrow } from '@foresight/platform';
import type { LoadedModel } from '@foresight/ml';
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

    const predictions = toPredictions(served.predictor, rows);
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
        predictions: predictions.map((p) => ({ value: p.value, ...(p.label ? { label: p.label } : {}) })),
        servedAt: new Date().toISOString(),
      },
    });
    return { model, version: served.version, variant: served.variant, predictions };
  }
}

/**
 * Regression: the value, with the 95% conformal interval when the model was calibrated.
 * Classification: the most probable label, its probability as `value`, and every class's.
 */
function toPredictions(model: LoadedModel, rows: Record<string, FeatureValue>[]): grpc.Prediction[] {
  const classes = model.info.classes;
  if (model.info.task === 'classification' && classes && model.predictProba) {
    const proba = model.predictProba(rows);
    const k = classes.length;
    return rows.map((_, i) => {
      let best = 0;
      for (let c = 1; c < k; c++) if (proba[i * k + c]! > proba[i * k + best]!) best = c;
      const probabilities = Object.fromEntries(classes.map((label, c) => [label, proba[i * k + c]!]));
      return { value: proba[i * k + best]!, label: classes[best]!, probabilities };
    });
  }
  const values = model.predict(rows);
  const interval = model.interval?.(values, 95);
  return Array.from(values, (value, i) => ({
    value,
    label: '',
    probabilities: {},
    ...(interval ? { lower: interval.lower[i]!, upper: interval.upper[i]! } : {}),
  }));
}
