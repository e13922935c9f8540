import { Injectable } from '@nestjs/common';
import type { PredictBody, PredictionResult } from '@foresight/contracts';
import { currentContext } from '@foresight/platform';
import { Upstreams } from '../upstream/upstreams';

@Injectable()
export class PredictionsService {
  constructor(private readonly upstreams: Upstreams) {}

  /** One gRPC hop to prediction-serving; nothing else on the hot path. */
  async predict(model: string, body: PredictBody): Promise<PredictionResult> {
    const response = await this.upstreams.serving.predict({
      model,
      instances: body.instances.map((i) => ({ entityId: 'entityId' in i ? i.entityId : '', features: i.features })),
      variant: '',
      requestId: currentContext()?.requestId ?? '',
    });
    return {
      model: response.model,
      version: response.version,
      variant: response.variant,
      predictions: response.predictions.map((p) => ({
        value: p.value,
        ...(p.label ? { label: p.label, probabilities: p.probabilities } : {}),
        ...(p.lower !== undefined && p.upper !== undefined ? { interval: { lower: p.lower, upper: p.upper, level: 95 as const } } : {}),
        ...(p.forecast.length
          ? { forecast: p.forecast.map((f) => ({ step: f.step, timestamp: f.timestamp, value: f.value, interval: { lower: f.lower, upper: f.upper, level: 95 as const } })) }
          : {}),
      })),
    };
  }
}
