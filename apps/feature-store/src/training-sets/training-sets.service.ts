import { Injectable } from '@nestjs/common';
import { MAX_INLINE_ENTITY_ROWS, ResourceNameSchema, TrainingSetBodySchema, TrainingSetEntityRowSchema, type grpc } from '@foresight/contracts';
import { parseOrThrow, ValidationException } from '@foresight/platform';
import { z } from 'zod';
import { DatasetReader } from '../datasets/dataset-reader';
import { DatasetWriter } from '../datasets/dataset-writer';
import { toWireVersion } from '../datasets/datasets.mapper';
import type { Value } from '../engine';
import { EntitiesService } from '../entities/entities.service';
import { FeatureViewsService } from '../feature-views/feature-views.service';
import { OfflineFeatureLog, type OfflineRow } from '../materialization/offline-feature-log';
import { EntityRowTable, TIMESTAMP_COLUMN } from './entity-rows';
import { selectFeatures, type ViewSelection } from './feature-selection';
import { PointInTimeJoiner } from './point-in-time-joiner';

/** Entity rows joined per round: each view's offline rows for the chunk's entities are one query. */
const CHUNK_ROWS = 20_000;
const READ_BATCH = 10_000;

const InlineRowsSchema = z.array(TrainingSetEntityRowSchema).min(1, 'must hold at least one row').max(MAX_INLINE_ENTITY_ROWS);

export interface BuildCommand {
  name: string;
  entityRows: { dataset: { name: string; version: number } } | { rows: Array<Record<string, unknown>> };
  featureViews: string[];
  createdBy: string;
}

/**
 * Point-in-time correct training sets, written as a new version of a dataset.
 *
 * Streaming, memory bounded by the entity rows held column-wise (see EntityRowTable) plus one
 * chunk's offline rows: the entity rows are ordered by (entity of the first view, time) and
 * walked in chunks of ~20,000 that never split an entity; per chunk, each view's offline rows for
 * the chunk's entities up to the chunk's latest timestamp come from one query on the offline
 * store's (tenant, view, entity, time) index, are joined as of each row's time
 * (PointInTimeJoiner), and the joined rows stream into the dataset writer, which profiles and
 * stores them in one transaction (nothing is stored if anything fails). The set's rows come out
 * in that (entity, time) order.
 */
@Injectable()
export class TrainingSetsService {
  constructor(
    private readonly views: FeatureViewsService,
    private readonly entities: EntitiesService,
    private readonly reader: DatasetReader,
    private readonly writer: DatasetWriter,
    private readonly log: OfflineFeatureLog,
  ) {}

  /** The gRPC request as a command, checked like the REST body (proto's 0 means "latest"). */
  static command(request: grpc.BuildTrainingSetRequest, createdBy: string): BuildCommand {
    const name = parseOrThrow(ResourceNameSchema, request.name, 'training set name', ['name']);
    const featureViews = parseOrThrow(TrainingSetBodySchema.shape.featureViews, request.featureViews, 'featureViews', ['featureViews']);
    const source = request.entityRows;
    if (source?.$case === 'dataset') {
      parseOrThrow(ResourceNameSchema, source.value.name, 'entity rows dataset name', ['entityRows', 'dataset', 'name']);
      return { name, featureViews, createdBy, entityRows: { dataset: { name: source.value.name, version: source.value.version } } };
    }
    if (source?.$case === 'rows') {
      const rows = parseOrThrow(InlineRowsSchema, source.value.rows, 'entityRows', ['entityRows']);
      return { name, featureViews, createdBy, entityRows: { rows } };
    }
    throw new ValidationException('Invalid training set: entityRows must be a dataset or an array of rows', [{ path: 'entityRows', message: 'required' }]);
  }

  async build(tenantId: string, command: BuildCommand): Promise<grpc.TrainingSet> {
    const source = await this.entityRowSource(tenantId, command.entityRows);
    const selections = await selectFeatures(command.featureViews, source.columns, async (view, version) => {
      const found = await this.views.getView(tenantId, view, version || undefined);
      return { view: found, joinKeys: (await this.entities.require(tenantId, found.entity)).joinKeys };
    });
    const entities = [...new Map(selections.map((s) => [s.entity, { name: s.entity, joinKeys: s.joinKeys }])).values()];
    const table = new EntityRowTable(source.columns, entities, 'entityRows');
    for await (const batch of source.rows()) for (const row of batch) table.add(row);
    table.checkValid();
    const joiners = selections.map((s) => new PointInTimeJoiner(s));
    const written = await this.writer.createVersion(tenantId, command.name, this.joinedRows(tenantId, table, selections, joiners), {
      createdBy: command.createdBy,
      sourceName: `training-set: ${command.featureViews.join(', ')}`.slice(0, 512),
      // A training set's columns follow the features asked for: a different selection is a new version, not an error.
      allowBreaking: true,
    });
    const n = table.length;
    return {
      dataset: toWireVersion(written.version),
      created: written.created,
      rows: n,
      features: selections.flatMap((s, v) =>
        [...s.declared, ...s.aggregates].map((f) => {
          const counts = joiners[v]!.counts.get(f.column)!;
          return { column: f.column, view: s.view, viewVersion: s.version, feature: f.feature, coverage: counts.present / n, ...counts };
        }),
      ),
    };
  }

  private async entityRowSource(tenantId: string, entityRows: BuildCommand['entityRows']): Promise<{ columns: string[]; rows: () => AsyncIterable<ReadonlyArray<Record<string, unknown>>> }> {
    if ('rows' in entityRows) {
      const columns = [...new Set(entityRows.rows.flatMap((r) => Object.keys(r)))];
      return { columns, rows: async function* () { yield entityRows.rows; } };
    }
    const { name } = entityRows.dataset;
    const version = entityRows.dataset.version || (await this.reader.latestVersion(tenantId, name));
    const { columns } = await this.reader.describe(tenantId, name, version);
    if (!columns.some((c) => c.name === TIMESTAMP_COLUMN)) {
      throw new ValidationException(`Entity rows dataset "${name}" version ${version} has no "${TIMESTAMP_COLUMN}" column`, [{ path: 'entityRows.dataset', message: `needs a "${TIMESTAMP_COLUMN}" column` }]);
    }
    return { columns: columns.map((c) => c.name), rows: () => this.reader.readRows(tenantId, name, version, { batchSize: READ_BATCH }) };
  }

  private async *joinedRows(tenantId: string, table: EntityRowTable, selections: readonly ViewSelection[], joiners: readonly PointInTimeJoiner[]): AsyncIterable<Record<string, Value>> {
    const primary = selections[0]!.entity;
    const order = table.order(primary);
    const n = order.length;
    for (let start = 0; start < n; ) {
      let end = Math.min(n, start + CHUNK_ROWS);
      while (end < n && table.entityId(primary, order[end]!) === table.entityId(primary, order[end - 1]!)) end++;
      const chunk = order.subarray(start, end);
      const out: Array<Record<string, Value>> = Array.from(chunk, (i) => table.passthrough(i));
      let until = -Infinity;
      for (const i of chunk) until = Math.max(until, table.time(i));
      await Promise.all(
        selections.map(async (selection, v) => {
          const groups = new Map<string, number[]>();
          chunk.forEach((i, k) => {
            const id = table.entityId(selection.entity, i);
            const group = groups.get(id);
            if (group) group.push(k);
            else groups.set(id, [k]);
          });
          const byEntity = groupByEntity(await this.log.readEntities(tenantId, selection.view, [...groups.keys()], until));
          for (const [id, positions] of groups) {
            // The chunk is in (first view's entity, time) order; other entities' rows need their own time order.
            if (selection.entity !== primary) positions.sort((a, b) => table.time(chunk[a]!) - table.time(chunk[b]!) || a - b);
            joiners[v]!.join(
              byEntity.get(id) ?? [],
              positions.map((k) => table.time(chunk[k]!)),
              positions.map((k) => out[k]!),
            );
          }
        }),
      );
      yield* out;
      start = end;
    }
  }
}

/** Rows ordered by entity → one array per entity, order kept. */
function groupByEntity(rows: readonly OfflineRow[]): Map<string, OfflineRow[]> {
  const groups = new Map<string, OfflineRow[]>();
  for (const row of rows) {
    const group = groups.get(row.entityId);
    if (group) group.push(row);
    else groups.set(row.entityId, [row]);
  }
  return groups;
}
