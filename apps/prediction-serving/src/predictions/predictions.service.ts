import { Injectable } from '@nestjs/common';
import { ErrorCode, grpc, PredictBodySchema, ResourceNameSchema, type FeatureValue, type PredictBody } from '@foresight/contracts';
import { OnlineFeatureReader } from '@foresight/feature-store-client';
import { currentContext, DomainException, parseOrThrow } from '@foresight/platform';
import { ClusterModel, ForecastModel, ServableSequenceModel, type LoadedModel } from '@foresight/ml';
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

    const predictor = served.predictor;
    const predictions =
      predictor instanceof ForecastModel
        ? toForecasts(predictor, body.instances)
        : predictor instanceof ClusterModel
          ? toSegments(predictor, await this.featureRows(tenantId, served.featureView, body.instances))
          : predictor instanceof ServableSequenceModel
            ? toSequencePredictions(predictor, await this.featureRows(tenantId, served.featureView, body.instances))
            : toPredictions(predictor, await this.featureRows(tenantId, served.featureView, body.instances));
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

  /** Online features of every entity in one Redis round trip, with the instance's inline features on top. */
  private async featureRows(tenantId: string, featureView: string, instances: PredictBody['instances']): Promise<Array<Record<string, FeatureValue>>> {
    const entityIds = instances.flatMap((i) => ('entityId' in i && i.entityId ? [i.entityId] : []));
    const online = entityIds.length ? await this.features.presentValuesByEntity({ tenantId, view: featureView, entityIds }) : new Map<string, null>();
    return instances.map((instance, index): Record<string, FeatureValue> => {
      if ('entityId' in instance && instance.entityId) {
        const stored = online.get(instance.entityId);
        if (!stored && !instance.features) {
          throw new DomainException(
            ErrorCode.NotFound,
            `Entity "${instance.entityId}" (instances.${index}) has no features in view "${featureView}"`,
          );
        }
        return { ...(stored ?? {}), ...(instance.features ?? {}) };
      }
      return instance.features ?? {};
    });
  }
}

/**
 * Regression: the value, with the 95% conformal interval when the model was calibrated.
 * Classification: the most probable label, its probability as `value`, and every class's.
 */
function toPredictions(model: LoadedModel, rows: Record<string, FeatureValue>[]): grpc.Prediction[] {
  const classes = model.info.classes;
  if (model.info.task === 'classification' && classes && model.predictProba) return toLabels(model.predictProba(rows), classes);
  const values = model.predict(rows);
  const interval = model.interval?.(values, 95);
  return Array.from(values, (value, i) => ({
    value,
    label: '',
    probabilities: {},
    forecast: [],
    ...(interval ? { lower: interval.lower[i]!, upper: interval.upper[i]! } : {}),
  }));
}

/**
 * Forecast models answer for a series: named by the instance's series column in `features`, or
 * by its `entityId`. `value` is the first step; `forecast` every step with its 95% interval.
 */
function toForecasts(model: ForecastModel, instances: PredictBody['instances']): grpc.Prediction[] {
  const column = model.info.seriesColumn;
  return instances.map((instance, index) => {
    const entityId = 'entityId' in instance ? instance.entityId : undefined;
    const row = column !== null && entityId !== undefined && instance.features?.[column] === undefined ? { ...instance.features, [column]: entityId } : (instance.features ?? {});
    const steps = model.forecast(row);
    if (!steps) {
      const named = model.seriesKey(row);
      throw new DomainException(
        ErrorCode.NotFound,
        named === undefined
          ? `instances.${index} names no series: give its "${column}" in features, or its entityId`
          : `Series "${named}" (instances.${index}) is not one the model was trained on (${model.seriesKeys.length} series)`,
      );
    }
    const at95 = (s: (typeof steps)[number]) => s.intervals.find((iv) => iv.level === 95)!;
    return {
      value: steps[0]!.value,
      label: '',
      probabilities: {},
      lower: at95(steps[0]!).lower,
      upper: at95(steps[0]!).upper,
      forecast: steps.map((s) => ({ step: s.step, timestamp: new Date(s.timestamp).toISOString(), value: s.value, lower: at95(s).lower, upper: at95(s).upper })),
    };
  });
}

/**
 * LSTM over a sequence column: answered like regression (value) or classification (label,
 * probabilities). The sequence comes as a JSON array in text, since feature values are flat.
 */
function toSequencePredictions(model: ServableSequenceModel, rows: Record<string, FeatureValue>[]): grpc.Prediction[] {
  const read = model.readRows(rows);
  if ('why' in read) {
    const column = model.info.sequenceColumn;
    throw new DomainException(
      ErrorCode.ValidationFailed,
      `instances.${read.row}: the sequence "${column}" ${read.why}; give it in features as a JSON array of numbers (e.g. "[12.5, 3, 40]") or arrays of numbers, or store it in the entity's online features`,
      [{ path: `instances.${read.row}.features.${column}`, message: read.why }],
    );
  }
  const classes = model.info.classes;
  if (!classes) return Array.from(model.model.predict(read.sequences), (value) => ({ value, label: '', probabilities: {}, forecast: [] }));
  return toLabels(model.model.predictProba(read.sequences), classes);
}

/** rows × classes probabilities → the most probable label (the lowest index on a tie), its probability as `value`, and every class's. */
function toLabels(proba: Float64Array, classes: readonly string[]): grpc.Prediction[] {
  const k = classes.length;
  return Array.from({ length: proba.length / k }, (_, i) => {
    let best = 0;
    for (let c = 1; c < k; c++) if (proba[i * k + c]! > proba[i * k + best]!) best = c;
    const probabilities = Object.fromEntries(classes.map((label, c) => [label, proba[i * k + c]!]));
    return { value: proba[i * k + best]!, label: classes[best]!, probabilities, forecast: [] };
  });
}

/** Clustering: the segment as `label` ("0" … "k−1") and its index as `value`. */
function toSegments(model: ClusterModel, rows: Record<string, FeatureValue>[]): grpc.Prediction[] {
  return Array.from(model.predict(rows), (cluster) => ({ value: cluster, label: String(cluster), probabilities: {}, forecast: [] }));
}
