import { z } from 'zod';
import { defineMessage } from '../envelope';
import { Topics } from '../topics';

export const InteractionRecorded = defineMessage({
  topic: Topics.InteractionsRecorded,
  type: 'interaction.recorded',
  version: 1,
  payload: z.object({
    id: z.string().uuid(),
    userId: z.string(),
    itemId: z.string(),
    type: z.string(),
    occurredAt: z.iso.datetime({ offset: true }),
  }),
  key: (p, tenantId) => `${tenantId}/${p.userId}`,
});
