import { Injectable } from '@nestjs/common';
import { PrismaService } from '@foresight/platform';
import { Prisma } from '@foresight/platform/prisma';
import type { Clause, OrderTerm, RunAttribute, RunField } from './run-query';

export interface RunRow {
  id: string;
  model: string;
  status: string;
  algorithm: string | null;
  params: Record<string, unknown>;
  metrics: Record<string, number>;
  baseline: { algorithm: string; metrics: Record<string, number> } | null;
  datasetHash: string | null;
  datasetRows: number | null;
  datasetName: string | null;
  datasetVersion: number | null;
  features: string[];
  modelVersion: number | null;
  history: Array<{ step: number; trainLoss: number }>;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface RunOutcome {
  status: 'succeeded' | 'failed' | 'cancelled';
  algorithm?: string;
  /** The parameters as resolved for training (defaults filled in). */
  params?: Record<string, unknown>;
  dataset?: { hash: string; rows: number; name?: string; version?: number };
  metrics?: Record<string, number>;
  baseline?: { algorithm: string; metrics: Record<string, number> };
  features?: string[];
  modelVersion?: number;
  history?: Array<{ step: number; trainLoss: number }>;
}

const COLUMNS: Record<RunAttribute, string> = {
  status: 'status',
  algorithm: 'algorithm',
  model: 'model',
  modelVersion: 'modelVersion',
  datasetHash: 'datasetHash',
  datasetRows: 'datasetRows',
  datasetName: 'datasetName',
  datasetVersion: 'datasetVersion',
  createdAt: 'createdAt',
  startedAt: 'startedAt',
  finishedAt: 'finishedAt',
};
const TIME_COLUMNS = new Set<RunAttribute>(['createdAt', 'startedAt', 'finishedAt']);
const SQL_OPS = { '<': '<', '<=': '<=', '>': '>', '>=': '>=', '=': '=', '!=': '<>' } as const;

/** A field as a SQL expression: JSON members by bound name, attributes by whitelisted column. */
function fieldSql(field: RunField, asText: boolean): Prisma.Sql {
  switch (field.kind) {
    case 'metric':
      return Prisma.sql`(r."metrics" -> ${field.name})`;
    case 'param':
      return asText ? Prisma.sql`(r."params" ->> ${field.name})` : Prisma.sql`(r."params" -> ${field.name})`;
    case 'attribute':
      return Prisma.raw(`r."${COLUMNS[field.name]}"`);
  }
}

function clauseSql(c: Clause): Prisma.Sql {
  const op = Prisma.raw(SQL_OPS[c.op]);
  if (c.field.kind === 'attribute') {
    const value = TIME_COLUMNS.has(c.field.name) ? Prisma.sql`${String(c.value)}::timestamptz` : Prisma.sql`${c.value}`;
    return Prisma.sql`${fieldSql(c.field, true)} ${op} ${value}`;
  }
  // JSON numbers compare numerically as jsonb; strings compare as text.
  return typeof c.value === 'number'
    ? Prisma.sql`${fieldSql(c.field, false)} ${op} to_jsonb(${c.value}::float8)`
    : Prisma.sql`${fieldSql(c.field, true)} ${op} ${c.value}`;
}

/** Experiments and runs (`training` schema), always scoped by tenant. */
@Injectable()
export class ExperimentsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The run of a newly submitted job, in its experiment (created on first use). */
  async createRun(tenantId: string, experiment: string, run: { id: string; model: string; params: Record<string, unknown> }): Promise<void> {
    const experimentId = await this.experimentId(tenantId, experiment);
    await this.prisma.run.create({
      data: { id: run.id, tenantId, experimentId, model: run.model, status: 'queued', params: run.params as Prisma.InputJsonObject, features: [] },
    });
  }

  /**
   * The experiment's id, creating it on first use. Two first jobs of a model submitted at once
   * both try to create it; Prisma's upsert is a read then a write, so the loser's insert hits the
   * unique key (P2002) — the experiment exists by then, and is read.
   */
  private async experimentId(tenantId: string, name: string): Promise<string> {
    const where = { tenantId_name: { tenantId, name } };
    try {
      return (await this.prisma.experiment.upsert({ where, create: { tenantId, name }, update: {} })).id;
    } catch (error) {
      if ((error as { code?: string }).code !== 'P2002') throw error;
      return (await this.prisma.experiment.findUniqueOrThrow({ where })).id;
    }
  }

  async start(runId: string): Promise<void> {
    await this.prisma.run.updateMany({ where: { id: runId }, data: { status: 'running', startedAt: new Date() } });
  }

  async finish(runId: string, outcome: RunOutcome): Promise<void> {
    await this.prisma.run.updateMany({
      where: { id: runId },
      data: {
        status: outcome.status,
        finishedAt: new Date(),
        ...(outcome.algorithm ? { algorithm: outcome.algorithm } : {}),
        ...(outcome.params ? { params: outcome.params as Prisma.InputJsonObject } : {}),
        ...(outcome.dataset
          ? { datasetHash: outcome.dataset.hash, datasetRows: outcome.dataset.rows, datasetName: outcome.dataset.name ?? null, datasetVersion: outcome.dataset.version ?? null }
          : {}),
        ...(outcome.metrics ? { metrics: outcome.metrics } : {}),
        ...(outcome.baseline ? { baseline: outcome.baseline as unknown as Prisma.InputJsonObject } : {}),
        ...(outcome.features ? { features: outcome.features } : {}),
        ...(outcome.modelVersion !== undefined ? { modelVersion: outcome.modelVersion } : {}),
        ...(outcome.history ? { history: outcome.history } : {}),
      },
    });
  }

  async listExperiments(tenantId: string) {
    return this.prisma.experiment.findMany({
      where: { tenantId },
      orderBy: { name: 'asc' },
      include: { _count: { select: { runs: true } } },
    });
  }

  experimentExists(tenantId: string, name: string): Promise<boolean> {
    return this.prisma.experiment.count({ where: { tenantId, name } }).then((n) => n > 0);
  }

  /** Runs of one experiment matching every clause, ordered by the terms then newest first. */
  searchRuns(tenantId: string, experiment: string, filter: Clause[], orderBy: OrderTerm[], limit: number): Promise<RunRow[]> {
    const where = [Prisma.sql`r."tenantId" = ${tenantId}`, Prisma.sql`e."name" = ${experiment}`, ...filter.map(clauseSql)];
    const order = [
      ...orderBy.map((t) => Prisma.sql`${fieldSql(t.field, false)} ${Prisma.raw(t.direction)} NULLS LAST`),
      Prisma.sql`r."createdAt" DESC`,
    ];
    return this.prisma.$queryRaw<RunRow[]>`
      SELECT r."id", r."model", r."status", r."algorithm", r."params", r."metrics", r."baseline", r."datasetHash",
             r."datasetRows", r."datasetName", r."datasetVersion", r."features", r."modelVersion", r."history", r."createdAt", r."startedAt", r."finishedAt"
        FROM "training"."runs" r
        JOIN "training"."experiments" e ON e."id" = r."experimentId"
       WHERE ${Prisma.join(where, ' AND ')}
       ORDER BY ${Prisma.join(order, ', ')}
       LIMIT ${limit}`;
  }
}
