import { z } from 'zod';
import { defineMessage } from '../envelope';
import { Topics } from '../topics';

/** One served prediction request, logged off the hot path for monitoring and live pushes. */
export const PredictionLogged = defineMessage({
  topic: Topics.PredictionsLogged,
  type: 'prediction.logged',
  version: 1,
  payload: z.object({
    requestId: z.string(),
    model: z.string(),
    version: z.number().int(),
    variant: z.string(),
    latencyMs: z.number().nonnegative(),
    instances: z.array(
      z.object({ entityId: z.string().optional(), features: z.record(z.string(), z.unknown()).optional() }),
    ),
    predictions: z.array(z.object({ value: z.number(), label: z.string().optional() })),
    servedAt: z.iso.datetime({ offset: true }),
  }),
  // `<tenant>/<model>`: per-model order, and the gateway's live feed filters on it unparsed.
  key: (p, tenantId) => `${tenantId}/${p.model}`,
});
