import { Injectable } from '@nestjs/common';
import { OfflineFeatureLog, type OfflineAppend } from '../materialization/offline-feature-log';
import { ImmediateBatch } from './immediate-batch';

/**
 * Key of an offline row object that holds the Kafka position (`<topic>:<partition>:<offset>`) of
 * the stream event the row was logged from. It makes the position part of the row's identity, so
 * `appendMissing`'s anti-join (same tenant, view, entity, event time and features) is an insert on
 * the natural key (topic, partition, offset): a redelivered event finds its row and adds nothing,
 * while two distinct events with equal fields at the same time stay two rows (both count in the
 * aggregates). `$` cannot start a declared feature name, so no reader mistakes it for a feature.
 */
export const STREAM_POSITION_KEY = '$pos';

export interface StreamLogAppend {
  tenantId: string;
  view: string;
  row: OfflineAppend;
}

/**
 * Appends the accepted events of stream views to the offline store (`offline_feature_rows`, what
 * training sets read), before their Redis update (see StreamAggregator.apply for why that order).
 * Appends requested by the partitions being handled at once are queued until the event loop's
 * current I/O has been handled and go out as one transaction: per (tenant, view), in a fixed
 * order so concurrent batches cannot deadlock, the view's advisory lock then one `unnest` insert.
 * The lock is what makes the anti-join safe when two consumers handle the same offsets during a
 * rebalance.
 */
@Injectable()
export class StreamOfflineLog {
  private readonly appends = new ImmediateBatch<readonly StreamLogAppend[], void>((batch) => this.flush(batch));

  constructor(private readonly log: OfflineFeatureLog) {}

  append(appends: readonly StreamLogAppend[]): Promise<void> {
    if (appends.length === 0) return Promise.resolve();
    return this.appends.add(appends);
  }

  /** One transaction for the whole batch: it is stored whole or every caller fails (and its event is retried). */
  private async flush(batch: ReadonlyArray<readonly StreamLogAppend[]>): Promise<{ ok: true; value: void }[]> {
    const groups = new Map<string, { tenantId: string; view: string; rows: OfflineAppend[] }>();
    for (const appends of batch) {
      for (const { tenantId, view, row } of appends) {
        const key = `${tenantId}\n${view}`;
        const group = groups.get(key);
        if (group) group.rows.push(row);
        else groups.set(key, { tenantId, view, rows: [row] });
      }
    }
    await this.log.transaction(async (tx) => {
      for (const key of [...groups.keys()].sort()) {
        const { tenantId, view, rows } = groups.get(key)!;
        await this.log.lockView(tx, tenantId, view);
        await this.log.appendMissing(tx, tenantId, view, rows);
      }
    });
    return batch.map(() => ({ ok: true, value: undefined }));
  }
}
