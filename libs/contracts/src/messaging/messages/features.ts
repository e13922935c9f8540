import { z } from 'zod';
import { defineMessage } from '../envelope';
import { Topics } from '../topics';

/** Published by the feature store after a materialization wrote something (never for an up-to-date re-run). */
export const FeaturesMaterialized = defineMessage({
  topic: Topics.FeaturesMaterialized,
  type: 'features.materialized',
  version: 1,
  payload: z.object({
    runId: z.string().uuid(),
    view: z.string(),
    viewVersion: z.number().int().positive(),
    mode: z.enum(['full', 'incremental']),
    dataset: z.string(),
    datasetVersion: z.number().int().positive(),
    rowsWritten: z.number().int().nonnegative(),
    entitiesUpdated: z.number().int().nonnegative(),
    watermark: z.iso.datetime({ offset: true }).nullable(),
  }),
  key: (p, tenantId) => `${tenantId}/${p.view}`,
});
