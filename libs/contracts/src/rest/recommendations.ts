import { z } from 'zod';
import { ExternalIdSchema } from './common';

export const InteractionBodySchema = z
  .object({
    userId: ExternalIdSchema,
    itemId: ExternalIdSchema,
    type: z.string().min(1).max(64).default('view'),
    occurredAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export type InteractionBody = z.infer<typeof InteractionBodySchema>;

export const RecommendationsQuerySchema = z.object({ k: z.coerce.number().int().min(1).max(100).default(5) });

export interface RecommendationsView {
  userId: string;
  strategy: string;
  items: Array<{ itemId: string; score: number; reason: string }>;
}
