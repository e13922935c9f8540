import { z } from 'zod';
import { FeatureMapSchema } from './common';

export const PutEntityFeaturesBodySchema = z.object({ features: FeatureMapSchema }).strict();
export type PutEntityFeaturesBody = z.infer<typeof PutEntityFeaturesBodySchema>;

export interface PutEntityFeaturesResult {
  view: string;
  entityId: string;
  featureCount: number;
  eventTime: string;
}
