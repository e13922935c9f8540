import { Inject, Injectable } from '@nestjs/common';
import { REDIS } from '@foresight/platform';
import type Redis from 'ioredis';

const popularityKey = (tenantId: string) => `rec:{${tenantId}}:popularity`;
const userItemsKey = (tenantId: string, userId: string) => `rec:{${tenantId}}:user:${encodeURIComponent(userId)}`;

/**
 * Counts an item once per distinct user, atomically: replaying the same interaction (a Kafka
 * redelivery) leaves the counts unchanged, which makes the consumer idempotent.
 */
const RECORD_SCRIPT = `
if redis.call('SADD', KEYS[2], ARGV[1]) == 1 then
  redis.call('ZINCRBY', KEYS[1], 1, ARGV[1])
  return 1
end
return 0`;

/** Item popularity (distinct users) and each user's items, per tenant, in Redis. */
@Injectable()
export class PopularityIndex {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async record(tenantId: string, userId: string, itemId: string): Promise<boolean> {
    const added = await this.redis.eval(RECORD_SCRIPT, 2, popularityKey(tenantId), userItemsKey(tenantId, userId), itemId);
    return added === 1;
  }

  /** The `k` most popular items the user has not interacted with yet. */
  async topUnseen(tenantId: string, userId: string, k: number): Promise<Array<{ itemId: string; score: number }>> {
    const seen = new Set(await this.redis.smembers(userItemsKey(tenantId, userId)));
    const flat = await this.redis.zrevrange(popularityKey(tenantId), 0, k + seen.size - 1, 'WITHSCORES');
    const items: Array<{ itemId: string; score: number }> = [];
    for (let i = 0; i < flat.length && items.length < k; i += 2) {
      const itemId = flat[i]!;
      if (!seen.has(itemId)) items.push({ itemId, score: Number(flat[i + 1]) });
    }
    return items;
  }
}
