import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@foresight/platform';
import { Pool, type PoolClient } from 'pg';

/** One offline row to append: features (and raw aggregation inputs) of an entity at an event time. */
export interface OfflineAppend {
  entityId: string;
  eventTime: number;
  /** The row's `features` object, serialized once (it is also the idempotency key's last part). */
  featuresJson: string;
}

/** An offline row as read back, times in epoch ms. */
export interface OfflineRow {
  entityId: string;
  eventTime: number;
  features: Record<string, unknown>;
}

export type OfflineTransaction = PoolClient;

/**
 * The offline store's bulk paths (`features.offline_feature_rows`, the table the PUT path appends
 * to), on a small pg pool of its own: batches of thousands of rows go through `unnest` arrays in
 * one statement each, which Prisma's driver-adapter path re-encodes parameter by parameter (the
 * same reason DatasetsRepository binds chunk bytes with pg). Every statement is tenant-scoped.
 */
@Injectable()
export class OfflineFeatureLog implements OnApplicationShutdown {
  private readonly pool: Pool;

  constructor(@Inject(APP_CONFIG) config: { DATABASE_URL: string }) {
    this.pool = new Pool({ connectionString: config.DATABASE_URL, max: 4 });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }

  /** Runs `work` in one transaction; rolls back (and rethrows) when it throws. */
  async transaction<T>(work: (tx: OfflineTransaction) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Serializes materializations of one view of one tenant until the transaction ends. */
  async lockView(tx: OfflineTransaction, tenantId: string, view: string): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`materialize:${tenantId}:${view}`]);
  }

  /**
   * Appends the rows not already stored: a row counts as stored when the view holds one for the
   * same entity and event time with equal features. So re-running a materialization writes
   * nothing, while a corrected value at the same time is appended (and wins: point-in-time reads
   * take the later write on equal times). The table has no unique key to lean on — the PUT path
   * may legitimately write the same entity and time twice — so this is an anti-join on its
   * (tenant, view, entity, time) index; concurrent runs of one view are serialized by `lockView`.
   * Returns the entity id of each row inserted.
   */
  async appendMissing(tx: OfflineTransaction, tenantId: string, view: string, rows: readonly OfflineAppend[]): Promise<string[]> {
    if (rows.length === 0) return [];
    const result = await tx.query<{ entityId: string }>(
      `INSERT INTO "features"."offline_feature_rows" ("tenantId", "view", "entityId", "features", "eventTime")
       SELECT $1, $2, r.entity_id, r.features, r.event_time
       FROM unnest($3::text[], $4::timestamptz[], $5::jsonb[]) WITH ORDINALITY AS r(entity_id, event_time, features, n)
       WHERE NOT EXISTS (
         SELECT 1 FROM "features"."offline_feature_rows" o
         WHERE o."tenantId" = $1 AND o."view" = $2 AND o."entityId" = r.entity_id AND o."eventTime" = r.event_time AND o."features" = r.features
       )
       ORDER BY r.n
       RETURNING "entityId"`,
      [tenantId, view, rows.map((r) => r.entityId), rows.map((r) => new Date(r.eventTime).toISOString()), rows.map((r) => r.featuresJson)],
    );
    return result.rows.map((r) => r.entityId);
  }

  /**
   * Every offline row of the view for these entities with event time ≤ `until`, by entity, then
   * event time, then write order (the later write last). One statement that walks the
   * (tenant, view, entity, time) index once per entity.
   */
  async readEntities(tenantId: string, view: string, entityIds: readonly string[], until: number): Promise<OfflineRow[]> {
    if (entityIds.length === 0) return [];
    const { rows } = await this.pool.query<{ e: string; t: string; f: string }>({
      text: `SELECT "entityId" AS e, (extract(epoch FROM "eventTime") * 1000)::float8::text AS t, "features"::text AS f
             FROM "features"."offline_feature_rows"
             WHERE "tenantId" = $1 AND "view" = $2 AND "entityId" = ANY($3::text[]) AND "eventTime" <= $4::timestamptz
             ORDER BY "entityId", "eventTime", "id"`,
      values: [tenantId, view, entityIds, new Date(until).toISOString()],
    });
    return rows.map((r) => ({ entityId: r.e, eventTime: Math.round(Number(r.t)), features: JSON.parse(r.f) as Record<string, unknown> }));
  }
}
