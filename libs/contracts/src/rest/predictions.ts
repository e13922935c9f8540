import { z } from 'zod';
import { ExternalIdSchema, FeatureMapSchema } from './common';

export const MAX_INSTANCES_PER_REQUEST = 1000;

export const PredictionInstanceSchema = z.union([
  z.object({ entityId: ExternalIdSchema, features: FeatureMapSchema.optional() }).strict(),
  z.object({ features: FeatureMapSchema }).strict(),
]);
export type PredictionInstance = z.infer<typeof PredictionInstanceSchema>;

export const PredictBodySchema = z
  .object({ instances: z.array(PredictionInstanceSchema).min(1).max(MAX_INSTANCES_PER_REQUEST) })
  .strict();
export type PredictBody = z.infer<typeof PredictBodySchema>;

export interface PredictionResult {
  model: string;
  version: number;
  variant: string;
  predictions: Array<{
    value: number;
    /** Classification: the predicted class, and every class’s probability. Clustering: the segment ("0" … "k−1", also as `value`). */
    label?: string;
    probabilities?: Record<string, number>;
    /** Regression with conformal calibration: 95% prediction interval. */
    interval?: { lower: number; upper: number; level: 95 };
    /** Forecast models: the instance's series (its `entityId`, or the series column in `features`) for every step of the trained horizon. */
    forecast?: Array<{ step: number; timestamp: string; value: number; interval: { lower: number; upper: number; level: 95 } }>;
  }>;
}
