import { z } from 'zod';
import { defineMessage } from '../envelope';
import { Topics } from '../topics';

export const MonitoringAlertKindSchema = z.enum(['drift', 'performance']);
export type MonitoringAlertKind = z.infer<typeof MonitoringAlertKindSchema>;

/**
 * Monitoring found a model's live inputs drifting from its training data, or its measured
 * performance below the threshold. The orchestrator retrains on it when the model's retraining
 * policy asks for this kind. The tenant is the envelope's.
 */
export const MonitoringAlertRaised = defineMessage({
  topic: Topics.MonitoringAlerts,
  type: 'monitoring.alert.raised',
  version: 1,
  payload: z.object({
    model: z.string().min(1),
    kind: MonitoringAlertKindSchema,
    /** What was measured: `psi:<feature>`, `rmse`, `accuracy`… */
    metric: z.string().min(1),
    value: z.number(),
    threshold: z.number(),
    detectedAt: z.iso.datetime({ offset: true }),
  }),
  // One model's alerts stay in order on one partition.
  key: (p, tenantId) => `${tenantId}/${p.model}`,
});
