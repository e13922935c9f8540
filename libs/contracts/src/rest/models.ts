export interface ModelVersionView {
  model: string;
  version: number;
  task: string;
  algorithm: string;
  status: string;
  features: string[];
  featureView: string;
  metrics: Record<string, unknown>;
  artifact: { digest: string; size: number };
  trainingJobId?: string;
  createdAt: string;
}

export interface ModelSummaryView {
  model: string;
  task: string;
  latestVersion: number;
  deployedVersion: number | null;
  createdAt: string;
}
