import { z } from 'zod';

export const RunsQuerySchema = z
  .object({
    /** e.g. `metrics.rmse < 3 and params.algorithm = 'mlp'` */
    filter: z.string().max(2000).optional(),
    /** e.g. `metrics.rmse ASC, attributes.createdAt DESC` */
    orderBy: z.string().max(500).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();
export type RunsQuery = z.infer<typeof RunsQuerySchema>;

export interface ExperimentView {
  name: string;
  runs: number;
  createdAt: string;
}

export interface RunView {
  id: string;
  experiment: string;
  model: string;
  status: string;
  algorithm: string | null;
  params: Record<string, unknown>;
  metrics: Record<string, number>;
  baseline: { algorithm: string; metrics: Record<string, number> } | null;
  /** What the run trained on: a content hash and row count, and for a feature-store dataset its name and version. */
  dataset: { hash: string | null; rows: number | null; name?: string; version?: number };
  features: string[];
  modelVersion: number | null;
  /** Per-step metrics (one step per epoch). */
  history: Array<{ step: number; trainLoss: number }>;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}
