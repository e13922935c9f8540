export interface ModelStatsView {
  model: string;
  count: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  firstSeen: string | null;
  lastSeen: string | null;
}
