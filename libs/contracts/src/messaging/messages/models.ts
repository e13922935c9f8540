import { z } from 'zod';
import { defineMessage } from '../envelope';
import { Topics } from '../topics';

export const ModelLifecycleEventKind = z.enum(['version.registered', 'version.deployed']);

/** Published by the registry; serving hot-reloads models and the gateway its routing table. */
export const ModelLifecycleChanged = defineMessage({
  topic: Topics.ModelsLifecycle,
  type: 'model.lifecycle.changed',
  version: 1,
  payload: z.object({
    kind: ModelLifecycleEventKind,
    model: z.string(),
    version: z.number().int().positive(),
    variant: z.string(),
    artifactDigest: z.string(),
    featureView: z.string(),
  }),
  key: (p, tenantId) => `${tenantId}/${p.model}`,
});
