import { TrainingJobRequestSchema, type TrainingJobRequest } from '@foresight/contracts';
import { parseOrThrow } from '@foresight/platform';

/**
 * Checks a stored job spec (a training job request without `model`) as the model's training job,
 * so a schedule or policy that could never start a job is refused when it is created, with each
 * bad field named under `job.`.
 */
export function parseRetrainingJob(model: string, job: Record<string, unknown>): TrainingJobRequest {
  return parseOrThrow(TrainingJobRequestSchema, { ...job, model }, 'training job', ['job']);
}
