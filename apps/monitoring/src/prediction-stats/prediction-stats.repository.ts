import { Injectable } from '@nestjs/common';
import { PrismaService } from '@foresight/platform';

export interface PredictionRecord {
  eventId: string;
  tenantId: string;
  model: string;
  version: number;
  variant: string;
  latencyMs: number;
  instanceCount: number;
  servedAt: Date;
}

export interface StatsRow {
  count: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
  firstSeen: Date | null;
  lastSeen: Date | null;
}

@Injectable()
export class PredictionStatsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Idempotent on the event id: a redelivered message is not counted twice. */
  async record(records: PredictionRecord[]): Promise<void> {
    await this.prisma.predictionLog.createMany({ data: records, skipDuplicates: true });
  }

  async stats(tenantId: string, model: string): Promise<StatsRow> {
    const [row] = await this.prisma.$queryRaw<
      Array<{ count: bigint; p50: number | null; p90: number | null; p99: number | null; max: number | null; first_seen: Date | null; last_seen: Date | null }>
    >`
      SELECT count(*) AS count,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY "latencyMs") AS p50,
             percentile_cont(0.9) WITHIN GROUP (ORDER BY "latencyMs") AS p90,
             percentile_cont(0.99) WITHIN GROUP (ORDER BY "latencyMs") AS p99,
             max("latencyMs") AS max,
             min("servedAt") AS first_seen,
             max("servedAt") AS last_seen
        FROM monitoring.prediction_logs
       WHERE "tenantId" = ${tenantId} AND model = ${model}`;
    return {
      count: Number(row?.count ?? 0),
      p50: row?.p50 ?? null,
      p90: row?.p90 ?? null,
      p99: row?.p99 ?? null,
      max: row?.max ?? null,
      firstSeen: row?.first_seen ?? null,
      lastSeen: row?.last_seen ?? null,
    };
  }
}
