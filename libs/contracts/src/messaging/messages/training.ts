import { z } from 'zod';
import { defineMessage } from '../envelope';
import { Topics } from '../topics';

/** A queued job: workers load its spec from the orchestrator's store by id. */
export const TrainingJobRequested = defineMessage({
  topic: Topics.TrainingJobs,
  type: 'training.job.requested',
  version: 1,
  payload: z.object({ jobId: z.string().uuid(), model: z.string() }),
  key: (p) => p.jobId,
});

export const TrainingProgressed = defineMessage({
  topic: Topics.TrainingProgress,
  type: 'training.job.progressed',
  version: 1,
  payload: z.object({
    jobId: z.string().uuid(),
    model: z.string(),
    status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
    progress: z.object({ step: z.number().int(), total: z.number().int(), metric: z.number().optional() }).optional(),
  }),
  // `<tenant>/<model>` like the prediction log: the gateway's live feed filters on it unparsed.
  key: (p, tenantId) => `${tenantId}/${p.model}`,
});

export const TrainingCompleted = defineMessage({
  topic: Topics.TrainingCompleted,
  type: 'training.job.completed',
  version: 1,
  payload: z.object({
    jobId: z.string().uuid(),
    model: z.string(),
    modelVersion: z.number().int(),
    metrics: z.record(z.string(), z.number()),
  }),
  key: (p) => p.model,
});
