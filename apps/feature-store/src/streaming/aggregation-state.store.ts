import { Inject, Injectable } from '@nestjs/common';
import { defineScript, tenantPrefix } from '@foresight/feature-store-client';
import { REDIS } from '@foresight/platform';
import type Redis from 'ioredis';
import { STATE_META_FIELD } from '../engine';

/**
 * Redis layout of the streaming aggregation state, beside the online store's (online-keys.ts). Keys
 * carry the tenant's hash tag like every online key, so one script can touch a state, its online
 * hash and the tenant's schedule on one cluster slot. The `~` cannot start a view name, so these
 * keys never collide with an online hash (`fs:{t}:<view>:<entity>`) or the definitions (`fs:{t}:defs`).
 *
 *   fs:{<tenant>}:~agg:<view>:<layout>:<entity>   HASH  the engine's encoded state (encodeState):
 *       "meta" (scalars and the per-partition offset high-water mark) + one "b:<res>:<id>" per bucket.
 *       Expires when it can hold nothing readable any more (longest window + lateness after its last write).
 *   fs:{<tenant>}:~agg-due                        ZSET  "<view>:<entity>" → when its aggregates next
 *       change with no new event (a bucket enters or leaves a window): what the refresher re-reads.
 */
export const stateKey = (tenantId: string, view: string, layoutId: string, entityId: string): string =>
  `${tenantPrefix(tenantId)}~agg:${view}:${layoutId}:${encodeURIComponent(entityId)}`;

export const dueKey = (tenantId: string): string => `${tenantPrefix(tenantId)}~agg-due`;

export const dueMember = (view: string, entityId: string): string => `${view}:${encodeURIComponent(entityId)}`;

export function parseDueMember(member: string): { view: string; entityId: string } {
  const colon = member.indexOf(':');
  return { view: member.slice(0, colon), entityId: decodeURIComponent(member.slice(colon + 1)) };
}

/**
 * KEYS[1] state hash, KEYS[2] online hash, KEYS[3] due zset. ARGV[1] the meta the caller read ('' =
 * no state yet), ARGV[2] state TTL ms, ARGV[3..5] how many state field/value pairs, state fields to
 * delete and online feature/value pairs follow, ARGV[6] the online hash's expiry (epoch ms, 0 = none),
 * ARGV[7] due member, ARGV[8] when it is next due (epoch ms, '' = never), then the lists.
 *
 * Compare-and-set: nothing is written unless the state's meta is still the one the caller built on.
 * Every applied event changes the meta (its offset high-water mark, arrival counter), so state, offset
 * mark, online values and schedule move together or not at all — a replay or a racing consumer finds
 * the mark already past its offset. Online values follow the online store's rule (a feature is
 * replaced only by a value whose time is not older; the key expires one TTL after the newest time);
 * a value "<t>|" with nothing after the bar deletes the feature (a null aggregate).
 * Returns 1 when written, 0 on a compare-and-set conflict.
 */
const APPLY_SCRIPT = `
local meta = redis.call('HGET', KEYS[1], '${STATE_META_FIELD}')
if (meta or '') ~= ARGV[1] then return 0 end
local nset, ndel, nonline = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local i = 9
if nset > 0 then
  redis.call('HSET', KEYS[1], unpack(ARGV, i, i + 2 * nset - 1))
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
i = i + 2 * nset
if ndel > 0 then redis.call('HDEL', KEYS[1], unpack(ARGV, i, i + ndel - 1)) end
i = i + ndel
if nonline > 0 then
  local names = {}
  for j = 0, nonline - 1 do names[j + 1] = ARGV[i + 2 * j] end
  local current = redis.call('HMGET', KEYS[2], unpack(names))
  local sets, dels = {}, {}
  for j, name in ipairs(names) do
    local encoded = ARGV[i + 2 * j - 1]
    local bar = string.find(encoded, '|', 1, true)
    local t = tonumber(string.sub(encoded, 1, bar - 1))
    local stored = current[j]
    local sbar = stored and string.find(stored, '|', 1, true)
    if not (sbar and tonumber(string.sub(stored, 1, sbar - 1)) > t) then
      if bar == #encoded then dels[#dels + 1] = name else sets[#sets + 1] = name; sets[#sets + 1] = encoded end
    end
  end
  if #dels > 0 then redis.call('HDEL', KEYS[2], unpack(dels)) end
  if #sets > 0 then
    redis.call('HSET', KEYS[2], unpack(sets))
    local at = tonumber(ARGV[6])
    if at > 0 then
      local now = redis.call('TIME')
      local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
      local expires = redis.call('PEXPIRETIME', KEYS[2])
      if at > nowMs and (expires < 0 or at > expires) then redis.call('PEXPIREAT', KEYS[2], at) end
    end
  end
end
if ARGV[8] == '' then redis.call('ZREM', KEYS[3], ARGV[7]) else redis.call('ZADD', KEYS[3], ARGV[8], ARGV[7]) end
return 1
`;

/**
 * KEYS[1] due zset. ARGV[1] now, ARGV[2] lease end, ARGV[3] limit. Takes up to `limit` members due by
 * now and pushes them to the lease end, so concurrent refreshers (one per instance) split the work;
 * a refresher that dies mid-way leaves them due again when the lease runs out.
 */
const CLAIM_SCRIPT = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
for _, member in ipairs(due) do redis.call('ZADD', KEYS[1], 'XX', ARGV[2], member) end
return due
`;

export interface StateWrite {
  tenantId: string;
  stateKey: string;
  onlineKey: string;
  /** The meta field the change was built on; '' when there was no state. */
  expectedMeta: string;
  stateTtlMs: number;
  set: Readonly<Record<string, string>>;
  del: readonly string[];
  online: readonly [string, string][];
  /** Epoch ms; 0 = the online hash never expires. */
  onlineExpireAt: number;
  dueMember: string;
  dueAt: number | null;
}

type Pipeline = {
  foresightStreamApply(...args: (string | number)[]): Pipeline;
  foresightStreamClaim(...args: (string | number)[]): Pipeline;
  hgetall(key: string): Pipeline;
  zrem(key: string, ...members: string[]): Pipeline;
  exec(): Promise<[Error | null, unknown][] | null>;
};

/** The only code that touches the aggregation state in Redis; every call is one pipelined round trip. */
@Injectable()
export class AggregationStateStore {
  private queued: { writes: readonly StateWrite[]; resolve: (written: boolean[]) => void; reject: (error: unknown) => void }[] = [];

  constructor(@Inject(REDIS) private readonly redis: Redis) {
    defineScript(redis, 'foresightStreamApply', 3, APPLY_SCRIPT);
    defineScript(redis, 'foresightStreamClaim', 1, CLAIM_SCRIPT);
  }

  /** The hash fields of each state ({} for a state that does not exist). */
  async load(keys: readonly string[]): Promise<Record<string, string>[]> {
    if (keys.length === 0) return [];
    const pipeline = this.pipeline();
    for (const key of keys) pipeline.hgetall(key);
    return (await this.exec(pipeline)) as Record<string, string>[];
  }

  /**
   * Per write: true when written, false when the state had changed since it was read (nothing
   * written). Writes requested by the partitions being handled at once are sent together: they are
   * queued until the event loop's current I/O has been handled, then go out as one pipeline.
   */
  write(writes: readonly StateWrite[]): Promise<boolean[]> {
    if (writes.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.queued.push({ writes, resolve, reject });
      if (this.queued.length === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queued;
    this.queued = [];
    const pipeline = this.pipeline();
    for (const { writes } of batch) for (const w of writes) this.queueApply(pipeline, w);
    let replies: [Error | null, unknown][];
    try {
      replies = (await pipeline.exec()) ?? [];
    } catch (error) {
      for (const { reject } of batch) reject(error);
      return;
    }
    let next = 0;
    for (const { writes, resolve, reject } of batch) {
      const mine = replies.slice(next, (next += writes.length));
      const failed = mine.find(([error]) => error);
      if (failed) reject(failed[0]);
      else resolve(mine.map(([, written]) => Number(written) === 1));
    }
  }

  private queueApply(pipeline: Pipeline, w: StateWrite): void {
    const set = Object.entries(w.set).flat();
    pipeline.foresightStreamApply(
      w.stateKey,
      w.onlineKey,
      dueKey(w.tenantId),
      w.expectedMeta,
      w.stateTtlMs,
      set.length / 2,
      w.del.length,
      w.online.length,
      w.onlineExpireAt,
      w.dueMember,
      w.dueAt === null ? '' : w.dueAt,
      ...set,
      ...w.del,
      ...w.online.flat(),
    );
  }

  /** Claims due members per tenant (same order as `tenantIds`). */
  async claimDue(tenantIds: readonly string[], now: number, leaseUntil: number, limit: number): Promise<string[][]> {
    if (tenantIds.length === 0) return [];
    const pipeline = this.pipeline();
    for (const tenantId of tenantIds) pipeline.foresightStreamClaim(dueKey(tenantId), now, leaseUntil, limit);
    return (await this.exec(pipeline)) as string[][];
  }

  /** Forgets scheduled refreshes (a view that no longer reads a stream, a state that expired). */
  async dropDue(tenantId: string, members: readonly string[]): Promise<void> {
    if (members.length > 0) await this.redis.zrem(dueKey(tenantId), ...members);
  }

  private pipeline(): Pipeline {
    return this.redis.pipeline() as unknown as Pipeline;
  }

  private async exec(pipeline: Pipeline): Promise<unknown[]> {
    return ((await pipeline.exec()) ?? []).map(([error, reply]) => {
      if (error) throw error;
      return reply;
    });
  }
}
